package org.sealcheck.checker.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A counterexample as an inline SVG sequence diagram: one lifeline per actor that takes part, one
 * row per step (numbered as in the step table), the violating step marked. Text is monospace so
 * that widths can be computed without fonts; nothing is fetched and no script is needed.
 */
final class SequenceSvg {

  private static final double CHAR = 7.3; // width of one 12px monospace character, rounded up
  private static final int ROW = 24;
  private static final int HEAD = 30;
  private static final int GUTTER = 44;
  private static final int TOP = HEAD + 22;

  /** Arrow colour per actor that starts the step, so interleaved threads can be told apart. */
  private static final Map<Actor, String> COLOUR = new EnumMap<>(Map.of(
      Actor.USERSPACE, "#1f5fa8", Actor.VCPU, "#7b3fa0", Actor.FILE, "#2e7d32", Actor.KVM_MMU, "#b35c00",
      Actor.MM, "#8d6e63"));

  private SequenceSvg() {}

  static String render(String spec, Counterexample cx, String violated, String idPrefix) {
    List<Counterexample.Step> rows = new ArrayList<>(cx.steps());
    if (cx.loopStep() != null) {
      rows.add(cx.loopStep());
    }
    Set<Actor> used = EnumSet.noneOf(Actor.class);
    for (Counterexample.Step s : rows) {
      used.add(s.route().from());
      used.add(s.route().to());
    }
    if (used.isEmpty()) {
      used.add(Actor.USERSPACE);
    }
    List<Actor> lanes = new ArrayList<>(used);
    // Column width: the longest label drawn between two lifelines must fit between adjacent ones.
    int longest = 14;
    for (Actor a : lanes) {
      longest = Math.max(longest, a.label(spec).length());
    }
    int selfRight = 0;
    for (Counterexample.Step s : rows) {
      if (s.route().self()) {
        if (lanes.indexOf(s.route().from()) == lanes.size() - 1) {
          selfRight = Math.max(selfRight, s.call().length());
        }
      } else {
        int span = Math.abs(lanes.indexOf(s.route().from()) - lanes.indexOf(s.route().to()));
        longest = Math.max(longest, (int) Math.ceil((double) s.call().length() / span));
      }
    }
    int col = (int) Math.max(150, Math.min(330, longest * CHAR + 28));
    int width = GUTTER + col / 2 + (lanes.size() - 1) * col + Math.max(col / 2, (int) (selfRight * CHAR) + 40);
    int height = TOP + rows.size() * ROW + 34;
    Map<Actor, Integer> x = new EnumMap<>(Actor.class);
    for (int i = 0; i < lanes.size(); i++) {
      x.put(lanes.get(i), GUTTER + col / 2 + i * col);
    }

    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"seq\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "role=\"img\" aria-label=\"sequence diagram\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" "
            + "font-size=\"12\">%n", width, height, width, height));
    b.append("<defs>");
    for (Map.Entry<Actor, String> e : COLOUR.entrySet()) {
      b.append(String.format(Locale.ROOT,
          "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
              + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>",
          idPrefix + id(e.getKey()), e.getValue()));
    }
    b.append(String.format(Locale.ROOT,
        "<marker id=\"%sloop\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c62828\"/></marker>", idPrefix));
    b.append("</defs>\n");
    // Row stripes, the violating row last.
    for (int i = 0; i < rows.size(); i++) {
      int y = TOP + i * ROW;
      boolean last = i == cx.steps().size() - 1 && cx.loopTo() < 0;
      if (last || i % 2 == 1) {
        b.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
            y - ROW / 2 - 2, width, ROW, last ? "#fde2e1" : "#f6f7f9"));
      }
    }
    // Lifelines with their heads.
    for (Actor a : lanes) {
      int cx0 = x.get(a);
      int w = (int) Math.max(96, a.label(spec).length() * CHAR + 20);
      b.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9aa3ad\" stroke-dasharray=\"4 3\"/>%n",
          cx0, HEAD, cx0, height - 8));
      b.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#eef2f7\" stroke=\"#5b6b7c\"/>"
              + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#1b2733\">%s</text>%n",
          cx0 - w / 2, w, HEAD - 4, cx0, HEAD - 10, Html.esc(a.label(spec))));
    }
    if (cx.loopTo() >= 0 && !cx.stutters()) {
      // The lasso: from the state the behaviour returns to, down to the loop step.
      int y1 = cx.loopTo() == 0 ? TOP - ROW / 2 : TOP + cx.loopTo() * ROW - ROW / 2;
      int y2 = TOP + (rows.size() - 1) * ROW + 4;
      b.append(String.format(Locale.ROOT,
          "<path d=\"M%d,%d h-8 V%d h8\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"1.5\" "
              + "marker-end=\"url(#%sloop)\"/>%n", GUTTER - 6, y2, y1, idPrefix));
    }
    for (int i = 0; i < rows.size(); i++) {
      Counterexample.Step s = rows.get(i);
      boolean loopRow = cx.loopStep() != null && i == rows.size() - 1;
      int y = TOP + i * ROW;
      String colour = COLOUR.get(s.route().from());
      b.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" fill=\"#5b6b7c\">%s</text>%n", y + 4,
          loopRow ? "&#8634;" : Integer.toString(s.number())));
      int x1 = x.get(s.route().from());
      int x2 = x.get(s.route().to());
      String dash = s.route().reply() ? " stroke-dasharray=\"6 3\"" : "";
      String label = Html.esc(s.call());
      if (s.route().self()) {
        b.append(String.format(Locale.ROOT,
            "<path d=\"M%d,%d h16 v10 h-14\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
                + "marker-end=\"url(#%s)\"/>%n", x1, y - 6, colour, dash, idPrefix + id(s.route().from())));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"lbl\">%s</text>%n",
            x1 + 22, y + 3, colour, label));
      } else {
        int end = x2 > x1 ? x2 - 2 : x2 + 2;
        b.append(String.format(Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\"%s "
                + "marker-end=\"url(#%s)\"/>%n", x1, y + 4, end, y + 4, colour, dash, idPrefix + id(s.route().from())));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"lbl\">%s</text>%n",
            Math.min(x1, x2) + 8, y, colour, label));
      }
    }
    int yNote = TOP + rows.size() * ROW + 6;
    String note = cx.loopTo() >= 0 ? violated + " violated: " + cx.loopText()
        : violated + " violated after step " + cx.steps().size();
    b.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" fill=\"#c62828\" font-weight=\"bold\">%s</text>%n",
        yNote + 4, Html.esc(note)));
    b.append("</svg>");
    return b.toString();
  }

  private static String id(Actor a) {
    return a.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
