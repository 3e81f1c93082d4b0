package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interleaving as kernel commit messages draw a race: one column per task, headed
 * {@code CPU0}, {@code CPU1}, ... in the order the tasks first run, one step per line, time going
 * down, a call's callees indented under it:
 *
 * <pre>
 *   CPU0                                  CPU1
 *   ----                                  ----
 *   fallocate(gmem_fd, ...)
 *     kvm_gmem_punch_hole()
 *                                         guest accesses gfn 1
 * </pre>
 *
 * <p>Everything fits in {@link Wrap#COLUMNS}. A row too long for its column wraps inside it,
 * continuation lines indented; the columns share the width so that as little as possible wraps
 * (two columns split the line at column 40, as in the commit messages, when nothing needs more).
 * A call too long to fit its column even wrapped runs on into the next one: every line holds one
 * step, so where it starts still says whose it is.
 */
final class ColumnDiagram {

  private static final int MARGIN = 2;
  private static final int GAP = 2;
  private static final int DEPTH = 2;
  private static final int HANG = 4;
  private static final int MIN_WIDTH = 16;

  private ColumnDiagram() {}

  /** The tasks of {@code rows} in the order they first run: column 0 first. */
  static List<Task> tasks(List<Row> rows) {
    Map<String, Task> seen = new LinkedHashMap<>();
    rows.forEach(r -> seen.putIfAbsent(r.task().key(), r.task()));
    return List.copyOf(seen.values());
  }

  /** The legend: which task each CPU is, one line each. */
  static List<String> legend(List<Row> rows) {
    List<String> out = new ArrayList<>();
    List<Task> tasks = tasks(rows);
    for (int k = 0; k < tasks.size(); k++) {
      String head = " ".repeat(MARGIN) + cpu(k) + ": ";
      List<String> lines = Wrap.prose(tasks.get(k).title(), Wrap.COLUMNS - head.length(), 0);
      for (int i = 0; i < lines.size(); i++) {
        out.add((i == 0 ? head : " ".repeat(head.length())) + lines.get(i));
      }
    }
    return out;
  }

  /** The diagram's lines, none longer than {@link Wrap#COLUMNS}, no trailing blanks. */
  static List<String> render(List<Row> rows) {
    List<Task> tasks = tasks(rows);
    return lay(rows, tasks, widths(rows, tasks));
  }

  private static List<String> lay(List<Row> rows, List<Task> tasks, int[] width) {
    int[] start = new int[tasks.size()];
    for (int k = 1; k < tasks.size(); k++) {
      start[k] = start[k - 1] + width[k - 1];
    }
    List<String> out = new ArrayList<>();
    StringBuilder head = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int k = 0; k < tasks.size(); k++) {
      pad(head, MARGIN + start[k]).append(cpu(k));
      pad(rule, MARGIN + start[k]).append("-".repeat(cpu(k).length()));
    }
    out.add(head.toString());
    out.add(rule.toString());
    for (Row r : rows) {
      int k = column(tasks, r);
      int x = MARGIN + start[k] + DEPTH * r.depth();
      int right = k == tasks.size() - 1 ? Wrap.COLUMNS : MARGIN + start[k] + width[k] - GAP;
      for (String l : Wrap.code(r.text(), room(r, x, right), hang(r.text()))) {
        out.add((" ".repeat(x) + l).stripTrailing());
      }
    }
    return out;
  }

  /** A piece that does not fit the column runs on into the next one (it is alone on its line). */
  private static int room(Row r, int x, int right) {
    int narrowest = Wrap.narrowest(r.text(), hang(r.text()));
    return Math.max(1, Math.max(right - x, Math.min(narrowest, Wrap.COLUMNS - x)));
  }

  static String cpu(int k) {
    return "CPU" + k;
  }

  /** A note ({@code /* ... * /}) wraps under its text, a call under its arguments. */
  private static int hang(String text) {
    return text.startsWith("/*") ? 3 : HANG;
  }

  /**
   * Column widths (each with its gap, the last one to the edge): the split with the fewest words
   * split where a line ends, then the least text that runs into the next column, then the fewest
   * lines, then the one whose columns start most
   * evenly (two columns at 40, as in the commit messages). Every split is tried for up to three
   * columns; with more, one character of width at a time moves to where it helps.
   */
  private static int[] widths(List<Row> rows, List<Task> tasks) {
    int n = tasks.size();
    int total = Wrap.COLUMNS - MARGIN;
    int[] even = new int[n];
    for (int k = 0; k < n; k++) {
      even[k] = k == n - 1 ? total - (total / n - 1) * (n - 1) : total / n - 1;
    }
    if (n * MIN_WIDTH > total) {
      return even;
    }
    Scorer scorer = new Scorer(rows, tasks, even);
    if (n <= 3) {
      return search(scorer, total, 0, new int[n], null).width;
    }
    Layout best = scorer.score(even.clone());
    for (boolean moved = true; moved;) {
      moved = false;
      for (int from = 0; from < n; from++) {
        for (int to = 0; to < n; to++) {
          if (from == to || best.width[from] - 1 < MIN_WIDTH) {
            continue;
          }
          int[] c = best.width.clone();
          c[from]--;
          c[to]++;
          Layout l = scorer.score(c);
          if (l.better(best)) {
            best = l;
            moved = true;
          }
        }
      }
    }
    return best.width;
  }

  private record Layout(int[] width, int broken, int spilled, int lines, int skew) {
    boolean better(Layout o) {
      if (o == null) {
        return true;
      }
      if (broken != o.broken) {
        return broken < o.broken;
      }
      if (spilled != o.spilled) {
        return spilled < o.spilled;
      }
      return lines < o.lines || lines == o.lines && skew < o.skew;
    }
  }

  private static Layout search(Scorer scorer, int left, int k, int[] w, Layout best) {
    int n = w.length;
    if (k == n - 1) {
      w[k] = left;
      Layout l = scorer.score(w.clone());
      return l.better(best) ? l : best;
    }
    for (int x = MIN_WIDTH; x <= left - MIN_WIDTH * (n - 1 - k); x++) {
      w[k] = x;
      best = search(scorer, left - x, k + 1, w, best);
    }
    return best;
  }

  /**
   * How a layout reads: how many rows have a word split where the line ended (none fits its room),
   * by how many characters in all lines run past their column into the next, and how many lines
   * it takes. Each row's wrapping is computed once per place it can take.
   */
  private static final class Scorer {
    private final List<Row> rows;
    private final int[] column;
    private final int[] narrowest;
    private final int[] even;
    /** Per row and room: the lengths of the lines the row wraps into. */
    private final Map<Long, int[]> wrapped = new HashMap<>();

    Scorer(List<Row> rows, List<Task> tasks, int[] even) {
      this.rows = rows;
      this.even = even;
      this.column = new int[rows.size()];
      this.narrowest = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        column[i] = column(tasks, rows.get(i));
        narrowest[i] = Wrap.narrowest(rows.get(i).text(), hang(rows.get(i).text()));
      }
    }

    Layout score(int[] w) {
      int[] start = new int[w.length];
      for (int k = 1; k < w.length; k++) {
        start[k] = start[k - 1] + w[k - 1];
      }
      int broken = 0;
      int spilled = 0;
      int lines = 2;
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        int k = column[i];
        int x = MARGIN + start[k] + DEPTH * r.depth();
        int right = k == w.length - 1 ? Wrap.COLUMNS : MARGIN + start[k] + w[k] - GAP;
        int room = Math.max(1, Math.max(right - x, Math.min(narrowest[i], Wrap.COLUMNS - x)));
        int[] lengths = wrapped.computeIfAbsent(((long) i << 32) | room,
            key -> Wrap.code(r.text(), room, hang(r.text())).stream().mapToInt(String::length).toArray());
        broken += room < narrowest[i] ? 1 : 0;
        for (int len : lengths) {
          spilled += Math.max(0, x + len - right);
        }
        lines += lengths.length;
      }
      int skew = 0;
      int at = 0;
      int evenAt = 0;
      for (int k = 0; k < w.length; k++) {
        skew += Math.abs(at - evenAt);
        at += w[k];
        evenAt += even[k];
      }
      return new Layout(w, broken, spilled, lines, skew);
    }
  }

  private static int column(List<Task> tasks, Row r) {
    for (int k = 0; k < tasks.size(); k++) {
      if (tasks.get(k).key().equals(r.task().key())) {
        return k;
      }
    }
    throw new IllegalArgumentException("row of an unknown task: " + r);
  }

  private static StringBuilder pad(StringBuilder b, int to) {
    while (b.length() < to) {
      b.append(' ');
    }
    if (b.length() > to) {
      b.append(' ');
    }
    return b;
  }
}
