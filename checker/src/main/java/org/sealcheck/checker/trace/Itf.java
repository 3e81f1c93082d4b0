package org.sealcheck.checker.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.sealcheck.checker.AtomicFiles;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * Reads and writes ITF traces (Apalache ADR-015).
 *
 * <p>Values: Int as {@code {"#bigint": "<decimal>"}}, Bool as a JSON boolean, Str as a JSON
 * string, SetV as {@code {"#set": [...]}}, Seq as {@code {"#tup": [...]}}, Rec as a JSON object,
 * Fun as {@code {"#map": [[key, value], ...]}}. Reading also accepts plain JSON integers and plain
 * JSON arrays (as sequences), and lands in SpecValue's canonical form ({@code #map} with string
 * keys is a record, {@code {}} is the empty sequence). Writing is canonical and deterministic:
 * two-space indentation, sorted keys, sets and map entries in {@link SpecValue#ORDER}, "\n" line
 * ends and a final newline, so reading a written file and writing it again gives the same bytes.
 */
public final class Itf {
  private Itf() {}

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private static final Set<String> TOP_LEVEL = Set.of("#meta", "vars", "states");

  // ------------------------------------------------------------------ reading

  /**
   * Reads an ITF file.
   *
   * @throws BadInputException (one line naming the file and, for content errors, the JSON path)
   *     when the file is missing or unreadable, is not JSON, or is not a valid ITF trace
   */
  public static ItfTrace read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BadInputException(path + ": no such file");
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, path.toString());
  }

  /** Parses ITF JSON text; {@code source} names it in error messages (e.g. the file path). */
  public static ItfTrace parse(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new BadInputException(source + ": malformed JSON" + where + ": " + oneLine(e.getOriginalMessage()), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new BadInputException(source + ": empty file, expected an ITF trace object");
    }
    try {
      return trace(root);
    } catch (Invalid e) {
      throw new BadInputException(source + ": " + (e.path.isEmpty() ? "" : e.path + ": ") + e.getMessage());
    }
  }

  /** A content error at a JSON path; turned into a BadInputException that also names the source. */
  private static final class Invalid extends RuntimeException {
    final String path;

    Invalid(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  private static ItfTrace trace(JsonNode root) {
    if (!root.isObject()) {
      throw new Invalid("", "expected an ITF trace object, found " + describe(root));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP_LEVEL.contains(f)) {
        throw new Invalid(f, "unsupported top-level field (supported: #meta, vars, states)");
      }
    }
    ImmutableSortedMap<String, Object> meta = meta(root.get("#meta"), "#meta");

    JsonNode varsNode = root.get("vars");
    if (varsNode == null) {
      throw new Invalid("vars", "missing");
    }
    if (!varsNode.isArray()) {
      throw new Invalid("vars", "expected an array of variable names, found " + describe(varsNode));
    }
    ImmutableList.Builder<String> vb = ImmutableList.builder();
    Set<String> varSet = new HashSet<>();
    for (int i = 0; i < varsNode.size(); i++) {
      JsonNode v = varsNode.get(i);
      if (!v.isTextual()) {
        throw new Invalid("vars[" + i + "]", "expected a variable name, found " + describe(v));
      }
      if (v.asText().startsWith("#")) {
        throw new Invalid("vars[" + i + "]", "variable names must not start with '#'");
      }
      if (!varSet.add(v.asText())) {
        throw new Invalid("vars[" + i + "]", "duplicate variable " + v.asText());
      }
      vb.add(v.asText());
    }
    List<String> vars = vb.build();

    JsonNode statesNode = root.get("states");
    if (statesNode == null) {
      throw new Invalid("states", "missing");
    }
    if (!statesNode.isArray()) {
      throw new Invalid("states", "expected an array of states, found " + describe(statesNode));
    }
    ImmutableList.Builder<ItfState> sb = ImmutableList.builder();
    for (int i = 0; i < statesNode.size(); i++) {
      sb.add(state(statesNode.get(i), "states[" + i + "]", vars, varSet));
    }
    return new ItfTrace(meta, vars, sb.build());
  }

  private static ItfState state(JsonNode node, String path, List<String> vars, Set<String> varSet) {
    if (!node.isObject()) {
      throw new Invalid(path, "expected a state object, found " + describe(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("#meta") && !varSet.contains(f)) {
        throw new Invalid(path + "." + f, "not a variable listed in vars");
      }
    }
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    for (String var : vars) {
      JsonNode v = node.get(var);
      if (v == null) {
        throw new Invalid(path + "." + var, "missing (the variable is listed in vars)");
      }
      b.put(var, value(v, path + "." + var));
    }
    return new ItfState(meta(node.get("#meta"), path + ".#meta"), new SpecState(b.buildOrThrow()));
  }

  private static SpecValue value(JsonNode n, String path) {
    switch (n.getNodeType()) {
      case BOOLEAN:
        return SpecValue.of(n.booleanValue());
      case STRING:
        return SpecValue.of(n.textValue());
      case NUMBER:
        if (!n.isIntegralNumber()) {
          throw new Invalid(path, "expected an integer, found the number " + n);
        }
        if (!n.canConvertToLong()) {
          throw new Invalid(path, "integer " + n + " does not fit in 64 bits");
        }
        return SpecValue.of(n.longValue());
      case ARRAY:
        return SpecValue.seqOf(elements(n, path));
      case OBJECT:
        return object(n, path);
      default:
        throw new Invalid(path, "expected a value, found " + describe(n));
    }
  }

  private static List<SpecValue> elements(JsonNode array, String path) {
    ImmutableList.Builder<SpecValue> b = ImmutableList.builderWithExpectedSize(array.size());
    for (int i = 0; i < array.size(); i++) {
      b.add(value(array.get(i), path + "[" + i + "]"));
    }
    return b.build();
  }

  private static SpecValue object(JsonNode n, String path) {
    boolean tagged = false;
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      tagged |= it.next().startsWith("#");
    }
    if (!tagged) {
      if (n.isEmpty()) {
        return SpecValue.seqOf(List.of());
      }
      ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
      n.fields().forEachRemaining(e -> b.put(e.getKey(), value(e.getValue(), path + "." + e.getKey())));
      return new SpecValue.Rec(b.buildOrThrow());
    }
    if (n.size() != 1) {
      throw new Invalid(path, "a tagged value (#bigint, #tup, #set, #map) must have exactly one field, found "
          + new TreeSet<>(ImmutableList.copyOf(n.fieldNames())));
    }
    Map.Entry<String, JsonNode> e = n.fields().next();
    String tag = e.getKey();
    JsonNode body = e.getValue();
    String p = path + "." + tag;
    switch (tag) {
      case "#bigint": {
        if (!body.isTextual()) {
          throw new Invalid(p, "expected a decimal string, found " + describe(body));
        }
        BigInteger bi;
        try {
          bi = new BigInteger(body.textValue());
        } catch (NumberFormatException ex) {
          throw new Invalid(p, "not a decimal integer: \"" + body.textValue() + "\"");
        }
        if (bi.bitLength() > 63) {
          throw new Invalid(p, "integer " + bi + " does not fit in 64 bits");
        }
        return SpecValue.of(bi.longValue());
      }
      case "#tup":
        requireArray(body, p);
        return SpecValue.seqOf(elements(body, p));
      case "#set":
        requireArray(body, p);
        return SpecValue.setOf(elements(body, p));
      case "#map": {
        requireArray(body, p);
        Map<SpecValue, SpecValue> m = new HashMap<>();
        for (int i = 0; i < body.size(); i++) {
          JsonNode pair = body.get(i);
          String pp = p + "[" + i + "]";
          if (!pair.isArray() || pair.size() != 2) {
            throw new Invalid(pp, "expected a [key, value] pair, found " + describe(pair));
          }
          SpecValue k = value(pair.get(0), pp + "[0]");
          if (m.put(k, value(pair.get(1), pp + "[1]")) != null) {
            throw new Invalid(pp, "duplicate key " + k.toTla());
          }
        }
        return SpecValue.function(m);
      }
      case "#unserializable":
        throw new Invalid(p, "unserializable value (the producer could not represent it)");
      default:
        throw new Invalid(p, "unknown tag " + tag + " (known: #bigint, #tup, #set, #map)");
    }
  }

  private static void requireArray(JsonNode n, String path) {
    if (!n.isArray()) {
      throw new Invalid(path, "expected an array, found " + describe(n));
    }
  }

  private static ImmutableSortedMap<String, Object> meta(JsonNode n, String path) {
    if (n == null) {
      return ImmutableSortedMap.of();
    }
    if (!n.isObject()) {
      throw new Invalid(path, "expected an object, found " + describe(n));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) metaValue(n, path);
    return ImmutableSortedMap.copyOf(m);
  }

  private static Object metaValue(JsonNode n, String path) {
    switch (n.getNodeType()) {
      case STRING:
        return n.textValue();
      case BOOLEAN:
        return n.booleanValue();
      case NUMBER:
        return n.numberValue();
      case ARRAY: {
        ImmutableList.Builder<Object> b = ImmutableList.builder();
        for (int i = 0; i < n.size(); i++) {
          b.add(metaValue(n.get(i), path + "[" + i + "]"));
        }
        return b.build();
      }
      case OBJECT: {
        ImmutableSortedMap.Builder<String, Object> b = ImmutableSortedMap.naturalOrder();
        n.fields().forEachRemaining(e -> b.put(e.getKey(), metaValue(e.getValue(), path + "." + e.getKey())));
        return b.buildOrThrow();
      }
      default:
        throw new Invalid(path, "expected a JSON value other than null, found " + describe(n));
    }
  }

  private static String describe(JsonNode n) {
    JsonNodeType t = n.getNodeType();
    return switch (t) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "the string " + n;
      case NUMBER -> "the number " + n;
      case BOOLEAN -> "the boolean " + n;
      case NULL -> "null";
      default -> t.toString().toLowerCase();
    };
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    // Jackson appends where an unclosed container started, with a "[Source: REDACTED ...]" blurb.
    String noSource = s.replaceAll("\\s*\\(start marker at \\[Source:.*?; line: (\\d+), column: (\\d+)\\]\\)",
        " (opened at line $1, column $2)");
    return noSource.replaceAll("\\s+", " ").strip();
  }

  // ------------------------------------------------------------------ writing

  /** The canonical ITF text of {@code trace}, ending with a newline. */
  public static String toJson(ItfTrace trace) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.setPrettyPrinter(new Json.Layout());
      writeTrace(g, trace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.append('\n').toString();
  }

  /**
   * Writes {@code trace} to {@code path}, creating parent directories. The text goes to a
   * temporary file in the same directory, which is then renamed over the target, so readers never
   * see a half-written trace.
   */
  public static void write(ItfTrace trace, Path path) throws IOException {
    AtomicFiles.write(path, toJson(trace).getBytes(StandardCharsets.UTF_8));
  }

  private static void writeTrace(JsonGenerator g, ItfTrace t) throws IOException {
    g.writeStartObject();
    if (!t.meta().isEmpty()) {
      g.writeFieldName("#meta");
      Json.writeMeta(g, t.meta());
    }
    g.writeFieldName("states");
    g.writeStartArray();
    List<String> sortedVars = t.vars().stream().sorted().toList();
    for (ItfState s : t.states()) {
      g.writeStartObject();
      if (!s.meta().isEmpty()) {
        g.writeFieldName("#meta");
        Json.writeMeta(g, s.meta());
      }
      for (String v : sortedVars) {
        g.writeFieldName(v);
        writeValue(g, s.state().get(v));
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("vars");
    g.writeStartArray();
    for (String v : t.vars()) {
      g.writeString(v);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * A spec value in its ITF encoding as a metadata tree (String, Boolean, List, Map), for values
   * that belong in {@code #meta}, such as an action's parameters.
   */
  public static Object encodeForMeta(SpecValue v) {
    try {
      java.io.StringWriter w = new java.io.StringWriter();
      try (JsonGenerator g = FACTORY.createGenerator(w)) {
        writeValue(g, v);
      }
      return metaValue(MAPPER.readTree(w.toString()), "value");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The inverse of {@link #encodeForMeta}: reads an ITF-encoded value out of a metadata tree.
   *
   * @throws org.sealcheck.checker.BadInputException naming {@code where} if it is not a valid ITF value
   */
  public static SpecValue decodeFromMeta(Object meta, String where) {
    try {
      return value(MAPPER.valueToTree(meta), where);
    } catch (Invalid e) {
      throw new org.sealcheck.checker.BadInputException(e.path + ": " + e.getMessage());
    }
  }

  private static void writeValue(JsonGenerator g, SpecValue v) throws IOException {
    if (v instanceof SpecValue.Int i) {
      g.writeStartObject();
      g.writeStringField("#bigint", Long.toString(i.value()));
      g.writeEndObject();
    } else if (v instanceof SpecValue.Bool b) {
      g.writeBoolean(b.value());
    } else if (v instanceof SpecValue.Str s) {
      g.writeString(s.value());
    } else if (v instanceof SpecValue.SetV s) {
      tagged(g, "#set", s.elems().asList());
    } else if (v instanceof SpecValue.Seq s) {
      tagged(g, "#tup", s.elems());
    } else if (v instanceof SpecValue.Rec r) {
      if (r.fields().keySet().stream().anyMatch(k -> k.startsWith("#"))) {
        // A field named like a tag would be read back as a tag; a #map of strings reads back as this record.
        writeMap(g, r.asFunction().entrySet().stream()
            .sorted(Map.Entry.comparingByKey(SpecValue.ORDER)).toList());
      } else {
        g.writeStartObject();
        for (Map.Entry<String, SpecValue> e : r.fields().entrySet()) {
          g.writeFieldName(e.getKey());
          writeValue(g, e.getValue());
        }
        g.writeEndObject();
      }
    } else if (v instanceof SpecValue.Fun f) {
      writeMap(g, List.copyOf(f.map().entrySet()));
    } else {
      throw new IllegalArgumentException("unknown SpecValue " + v);
    }
  }

  private static void tagged(JsonGenerator g, String tag, List<SpecValue> elems) throws IOException {
    g.writeStartObject();
    g.writeFieldName(tag);
    g.writeStartArray();
    for (SpecValue e : elems) {
      writeValue(g, e);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeMap(JsonGenerator g, List<Map.Entry<SpecValue, SpecValue>> entries) throws IOException {
    g.writeStartObject();
    g.writeFieldName("#map");
    g.writeStartArray();
    for (Map.Entry<SpecValue, SpecValue> e : entries) {
      g.writeStartArray();
      writeValue(g, e.getKey());
      writeValue(g, e.getValue());
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
