package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy line breaking for the mail: prose breaks at spaces only; code also after {@code |},
 * {@code ,} and an opening parenthesis that has arguments, so that a long call wraps between its
 * arguments ({@code fallocate(gmem_fd, FALLOC_FL_PUNCH_HOLE|} / {@code FALLOC_FL_KEEP_SIZE, ...)}).
 * A word longer than the width (a path) is split after a {@code /} if it has one, else where the
 * width ends: no line is ever longer than asked for.
 */
final class Wrap {

  /** The width of a mail line: what a kernel list reply keeps to. */
  static final int COLUMNS = 80;

  private Wrap() {}

  /** Prose in lines of at most {@code width}, every line after the first indented by {@code hang}. */
  static List<String> prose(String text, int width, int hang) {
    return lines(text, width, hang, false);
  }

  /** Code (a call, a comment) in lines of at most {@code width}, continuation lines indented by {@code hang}. */
  static List<String> code(String text, int width, int hang) {
    return lines(text, width, hang, true);
  }

  /**
   * The narrowest width {@link #code} can wrap {@code text} to without splitting a piece: its first
   * piece on the first line, every other piece on a continuation line indented by {@code hang}.
   */
  static int narrowest(String text, int hang) {
    List<Piece> pieces = pieces(glued(text.strip()), true);
    int max = pieces.isEmpty() ? 0 : pieces.get(0).text.length();
    for (int i = 1; i < pieces.size(); i++) {
      max = Math.max(max, hang + pieces.get(i).text.length());
    }
    return Math.min(max, text.strip().length());
  }

  private record Piece(String text, boolean spaceBefore) {}

  /** A space no line breaks at: inside "/* x", "x * /" and "= x" (a result stays with its value). */
  private static final char GLUE = '\u00a0';

  private static String glued(String text) {
    return text.replace("/* ", "/*" + GLUE).replace(" */", GLUE + "*/").replace(" = ", " =" + GLUE);
  }

  private static List<String> lines(String text, int width, int hang, boolean code) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    String indent = " ".repeat(hang);
    int room = width;
    for (Piece p : pieces(code ? glued(text.strip()) : text.strip(), code)) {
      String add = (p.spaceBefore && line.length() > 0 ? " " : "") + p.text;
      if (line.length() + add.length() <= room) {
        line.append(add);
        continue;
      }
      if (line.length() > 0) {
        out.add(line.toString());
        line.setLength(0);
        room = Math.max(1, width - hang);
      }
      String rest = p.text;
      while (rest.length() > room) {
        int cut = rest.lastIndexOf('/', room - 1) + 1;
        if (cut <= 0) {
          cut = room;
        }
        out.add(rest.substring(0, cut));
        rest = rest.substring(cut);
        room = Math.max(1, width - hang);
      }
      line.append(rest);
    }
    if (line.length() > 0 || out.isEmpty()) {
      out.add(line.toString());
    }
    for (int i = 0; i < out.size(); i++) {
      out.set(i, (i == 0 ? "" : indent) + out.get(i).replace(GLUE, ' '));
    }
    return out;
  }

  /** Words, and in code the parts of a word after each break character. */
  private static List<Piece> pieces(String text, boolean code) {
    List<Piece> out = new ArrayList<>();
    for (String word : text.split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean first = true;
      int start = 0;
      for (int k = 0; code && k < word.length() - 1; k++) {
        char c = word.charAt(k);
        boolean breakAfter = c == '|' || c == ',' || (c == '(' && k > 0 && word.charAt(k + 1) != ')');
        if (breakAfter) {
          out.add(new Piece(word.substring(start, k + 1), first));
          first = false;
          start = k + 1;
        }
      }
      out.add(new Piece(word.substring(start), first));
    }
    return out;
  }
}
