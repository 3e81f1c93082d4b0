package org.sealcheck.model.revision;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.model.state.SpecValue;

/**
 * A spec's revisions file ({@code specs/<Spec>/revisions.json}) once parsed into plain maps: the
 * switches it declares (each with its type and values) and the revisions, each complete or {@code
 * "from"} another with the switches it changes. This class gives every revision its full set of
 * values, checked against the declarations; the file's reading (JSON) is the caller's.
 *
 * <p>Every problem is an {@link IllegalArgumentException} of one line naming the revision, the
 * switch and what is allowed.
 */
public final class RevisionTable {

  /** How a switch is written: a Boolean, one string of {@code values}, or a subset of them. */
  public enum Type { BOOLEAN, STRING, SET }

  /** One declared switch. {@code values} is empty for a Boolean. */
  public record Declaration(String name, Type type, ImmutableList<String> values, String about) {

    /** The switch's value from its JSON form (a Boolean, a string, a list of strings). */
    SpecValue parse(String revision, Object json) {
      String where = "revision " + revision + ": switch " + name;
      switch (type) {
        case BOOLEAN:
          if (json instanceof Boolean b) {
            return SpecValue.of(b);
          }
          throw new IllegalArgumentException(where + " must be true or false, not " + show(json));
        case STRING:
          if (json instanceof String s && values.contains(s)) {
            return SpecValue.of(s);
          }
          throw new IllegalArgumentException(where + " must be one of " + quoted(values) + ", not " + show(json));
        default:
          if (json instanceof List<?> l && l.stream().allMatch(e -> e instanceof String s && values.contains(s))) {
            Set<String> members = new LinkedHashSet<>();
            for (Object e : l) {
              if (!members.add((String) e)) {
                throw new IllegalArgumentException(where + " lists \"" + e + "\" twice");
              }
            }
            return SpecValue.strings(members);
          }
          throw new IllegalArgumentException(where + " must be a list of values from " + quoted(values)
              + ", not " + show(json));
      }
    }

    /** Parses a value written as on the command line: {@code true}, {@code loff_t}, {@code A,B} or {@code {}}. */
    public SpecValue parseText(String revision, String text) {
      String t = text.trim();
      switch (type) {
        case BOOLEAN:
          if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return SpecValue.of(Boolean.parseBoolean(t.toLowerCase()));
          }
          return parse(revision, t);
        case STRING:
          return parse(revision, t.startsWith("\"") && t.endsWith("\"") && t.length() > 1 ? t.substring(1, t.length() - 1) : t);
        default:
          String inner = t.startsWith("{") && t.endsWith("}") ? t.substring(1, t.length() - 1) : t;
          List<Object> members = new ArrayList<>();
          for (String m : inner.split(",")) {
            String v = m.trim().replaceAll("^\"|\"$", "");
            if (!v.isEmpty()) {
              members.add(v);
            }
          }
          return parse(revision, members);
      }
    }

    /** The value's JSON form, for writing a revisions file back. */
    public Object toJson(SpecValue v) {
      switch (type) {
        case BOOLEAN:
          return v.asBool();
        case STRING:
          return v.asString();
        default:
          return v.asSet().stream().map(SpecValue::asString).collect(Collectors.toList());
      }
    }
  }

  /** One revision as written: its own switches, and the revision it is {@code from} (or null). */
  public record Entry(String name, String about, String from, ImmutableMap<String, SpecValue> own) {}

  private final String spec;
  private final ImmutableMap<String, Declaration> declarations;
  private final ImmutableMap<String, Entry> entries;
  private final ImmutableMap<String, Switches> resolved;

  private RevisionTable(String spec, ImmutableMap<String, Declaration> declarations, ImmutableMap<String, Entry> entries) {
    this.spec = spec;
    this.declarations = declarations;
    this.entries = entries;
    ImmutableMap.Builder<String, Switches> b = ImmutableMap.builder();
    for (String name : entries.keySet()) {
      b.put(name, resolve(name, new LinkedHashSet<>()));
    }
    this.resolved = b.buildOrThrow();
  }

  /**
   * The table from the revisions file's JSON, as nested maps and lists ({@code "spec"}, {@code
   * "switches"}: name to {@code {"type", "values", "about"}}, {@code "revisions"}: name to {@code
   * {"about", "from", "switches"}}).
   *
   * @throws IllegalArgumentException naming the first problem
   */
  public static RevisionTable fromJson(Map<String, ?> json) {
    Object spec = json.get("spec");
    if (!(spec instanceof String)) {
      throw new IllegalArgumentException("needs \"spec\": the spec's name");
    }
    Map<String, ?> sw = object(json.get("switches"), "\"switches\"");
    Map<String, ?> revs = object(json.get("revisions"), "\"revisions\"");
    ImmutableMap.Builder<String, Declaration> decls = ImmutableMap.builder();
    for (Map.Entry<String, ?> e : sw.entrySet()) {
      Map<String, ?> d = object(e.getValue(), "switch " + e.getKey());
      Type type;
      try {
        type = Type.valueOf(String.valueOf(d.get("type")).toUpperCase());
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException("switch " + e.getKey() + ": \"type\" must be boolean, string or set, not "
            + show(d.get("type")));
      }
      List<String> values = new ArrayList<>();
      if (type != Type.BOOLEAN) {
        if (!(d.get("values") instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(x -> x instanceof String)) {
          throw new IllegalArgumentException("switch " + e.getKey() + ": a " + type.name().toLowerCase()
              + " switch needs \"values\", a list of strings");
        }
        l.forEach(x -> values.add((String) x));
      }
      decls.put(e.getKey(), new Declaration(e.getKey(), type, ImmutableList.copyOf(values),
          d.get("about") instanceof String a ? a : ""));
    }
    ImmutableMap<String, Declaration> declarations = decls.buildOrThrow();
    ImmutableMap.Builder<String, Entry> ents = ImmutableMap.builder();
    for (Map.Entry<String, ?> e : revs.entrySet()) {
      String name = e.getKey();
      Map<String, ?> r = object(e.getValue(), "revision " + name);
      for (String key : r.keySet()) {
        if (!Set.of("about", "from", "switches").contains(key)) {
          throw new IllegalArgumentException("revision " + name + ": unknown key \"" + key + "\" (known: about, from, switches)");
        }
      }
      Object from = r.get("from");
      if (from != null && !(from instanceof String)) {
        throw new IllegalArgumentException("revision " + name + ": \"from\" must name a revision");
      }
      Map<String, ?> own = r.get("switches") == null ? Map.of() : object(r.get("switches"), "revision " + name + "'s \"switches\"");
      ImmutableMap.Builder<String, SpecValue> vals = ImmutableMap.builder();
      for (Map.Entry<String, ?> v : own.entrySet()) {
        Declaration d = declarations.get(v.getKey());
        if (d == null) {
          throw new IllegalArgumentException("revision " + name + ": unknown switch " + v.getKey() + " (known: "
              + String.join(", ", declarations.keySet()) + ")");
        }
        vals.put(v.getKey(), d.parse(name, v.getValue()));
      }
      ents.put(name, new Entry(name, r.get("about") instanceof String a ? a : "", (String) from, vals.buildOrThrow()));
    }
    return new RevisionTable((String) spec, declarations, ents.buildOrThrow());
  }

  private Switches resolve(String name, Set<String> chain) {
    Entry e = entries.get(name);
    if (!chain.add(name)) {
      throw new IllegalArgumentException("revision " + name + " is \"from\" itself: " + String.join(" -> ", chain) + " -> " + name);
    }
    Map<String, SpecValue> values = new LinkedHashMap<>();
    if (e.from() != null) {
      if (!entries.containsKey(e.from())) {
        throw new IllegalArgumentException("revision " + name + " is from unknown revision " + e.from() + " (known: "
            + String.join(", ", entries.keySet()) + ")");
      }
      values.putAll(resolve(e.from(), chain).values());
    }
    values.putAll(e.own());
    for (String d : declarations.keySet()) {
      if (!values.containsKey(d)) {
        throw new IllegalArgumentException("revision " + name + " gives no value for switch " + d
            + (e.from() == null ? " (a revision without \"from\" gives every switch)" : ""));
      }
    }
    return Switches.of(name, values);
  }

  public String spec() {
    return spec;
  }

  /** The declared switches, in the file's order. */
  public ImmutableMap<String, Declaration> declarations() {
    return declarations;
  }

  /** The revisions as written, in the file's order. */
  public ImmutableMap<String, Entry> entries() {
    return entries;
  }

  public boolean has(String revision) {
    return entries.containsKey(revision);
  }

  /**
   * Every switch's value for {@code revision}.
   *
   * @throws IllegalArgumentException for a revision the file does not have, listing those it has
   */
  public Switches switches(String revision) {
    Switches s = resolved.get(revision);
    if (s == null) {
      throw new IllegalArgumentException("unknown " + spec + " revision \"" + revision + "\" (known: "
          + String.join(", ", entries.keySet()) + ")");
    }
    return s;
  }

  /** The declaration of {@code name}, or an error listing the declared switches. */
  public Declaration declaration(String name) {
    Declaration d = declarations.get(name);
    if (d == null) {
      throw new IllegalArgumentException("unknown " + spec + " switch " + name + " (known: "
          + String.join(", ", declarations.keySet()) + ")");
    }
    return d;
  }

  /** The switches of {@code revision} that differ from those of {@code base}, by name. */
  public ImmutableSortedMap<String, SpecValue> difference(String revision, String base) {
    Map<String, SpecValue> a = switches(revision).values();
    Map<String, SpecValue> b = switches(base).values();
    return a.entrySet().stream().filter(e -> !e.getValue().equals(b.get(e.getKey())))
        .collect(ImmutableSortedMap.toImmutableSortedMap(String::compareTo, Map.Entry::getKey, Map.Entry::getValue));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> object(Object o, String what) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return (Map<String, ?>) m;
  }

  private static String show(Object json) {
    return json instanceof String s ? "\"" + s + "\"" : String.valueOf(json);
  }

  private static String quoted(List<String> values) {
    return values.stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(", ", "{", "}"));
  }
}
