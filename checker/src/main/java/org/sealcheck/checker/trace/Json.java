package org.sealcheck.checker.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** JSON helpers for the ITF code: metadata values and the fixed output layout. */
final class Json {
  private Json() {}

  /** A deep immutable copy of a metadata map, with every nested map sorted; rejects non-JSON values. */
  static ImmutableSortedMap<String, Object> metaCopy(Map<String, ?> meta) {
    ImmutableSortedMap.Builder<String, Object> b = ImmutableSortedMap.naturalOrder();
    meta.forEach((k, v) -> b.put(k, metaValue(v, k)));
    return b.buildOrThrow();
  }

  private static Object metaValue(Object v, String where) {
    if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof BigInteger || v instanceof Double || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof List<?> l) {
      ImmutableList.Builder<Object> b = ImmutableList.builder();
      for (int i = 0; i < l.size(); i++) {
        b.add(metaValue(l.get(i), where + "[" + i + "]"));
      }
      return b.build();
    }
    if (v instanceof Map<?, ?> m) {
      ImmutableSortedMap.Builder<String, Object> b = ImmutableSortedMap.naturalOrder();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("metadata " + where + ": map key " + e.getKey() + " is not a string");
        }
        b.put(key, metaValue(e.getValue(), where + "." + key));
      }
      return b.buildOrThrow();
    }
    throw new IllegalArgumentException("metadata " + where + ": "
        + (v == null ? "null" : v.getClass().getSimpleName()) + " is not a JSON value");
  }

  static void writeMeta(JsonGenerator g, Object v) throws IOException {
    if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof BigInteger bi) {
      g.writeNumber(bi);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof BigDecimal bd) {
      g.writeNumber(bd);
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        writeMeta(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        writeMeta(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v);
    }
  }

  /**
   * Two-space indentation, {@code "key": value}, one element per line, {@code []} and {@code {}}
   * for empty containers. Fixed here rather than taken from Jackson's defaults so that the output
   * bytes do not change with the Jackson version.
   */
  static final class Layout implements PrettyPrinter {
    private int depth;

    private void newline(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
      for (int i = 0; i < depth; i++) {
        g.writeRaw("  ");
      }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
      depth++;
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      depth--;
      if (nrOfEntries > 0) {
        newline(g);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
      depth++;
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      depth--;
      if (nrOfValues > 0) {
        newline(g);
      }
      g.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g);
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      newline(g);
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      newline(g);
    }
  }
}
