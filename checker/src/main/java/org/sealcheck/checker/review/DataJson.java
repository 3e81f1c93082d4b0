package org.sealcheck.checker.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * The layout of the checkout's hand-edited data files (expected.json, revisions.json) when sealcheck
 * writes them: two-space indents, {@code "key": value}, objects one member per line, a list of
 * plain values on one line. Writing a file back after adding an entry changes only that entry.
 */
public final class DataJson {

  private static final JsonMapper SCALARS = JsonMapper.builder().build();

  private DataJson() {}

  /** {@code value} (nested maps, lists, strings, numbers, Booleans) as the file's text. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, "");
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Object v, String indent) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(indent).append("  ").append(scalar(String.valueOf(e.getKey()))).append(": ");
        write(sb, e.getValue(), indent + "  ");
        sb.append(++i < m.size() ? ",\n" : "\n");
      }
      sb.append(indent).append('}');
    } else if (v instanceof List<?> l) {
      boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
      if (flat) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          sb.append(i > 0 ? ", " : "").append(scalar(l.get(i)));
        }
        sb.append(']');
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        sb.append(indent).append("  ");
        write(sb, l.get(i), indent + "  ");
        sb.append(i + 1 < l.size() ? ",\n" : "\n");
      }
      sb.append(indent).append(']');
    } else {
      sb.append(scalar(v));
    }
  }

  private static String scalar(Object v) {
    try {
      return SCALARS.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON value: " + v, e);
    }
  }
}
