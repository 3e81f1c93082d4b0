package org.sealcheck.checker.report;

import static org.sealcheck.checker.report.Html.esc;

import java.util.List;
import java.util.Locale;
import org.sealcheck.checker.conform.ConformanceResult;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.PropertyOutcome;

/** The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. */
final class HtmlPage {

  private static final String CSS = """
      :root{--ok:#e3f4e1;--okv:#fff1cc;--bad:#c62828;--line:#d5dbe1;--muted:#5b6b7c}
      body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1b2733;\
      margin:0 auto;padding:12px 20px 40px;max-width:1500px}
      h1{font-size:22px;margin:6px 0}h2{font-size:19px;margin:28px 0 8px;border-bottom:2px solid var(--line)}
      h3{font-size:16px;margin:18px 0 6px}h4{font-size:15px;margin:0 0 4px}
      code,.mono,td.v,table.steps td{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
      a{color:#1f5fa8}.muted{color:var(--muted)}.summary{font-weight:600}
      .summary.bad{color:var(--bad)}nav a{margin-right:14px}
      .legend span{display:inline-block;padding:1px 8px;margin-right:6px;border:1px solid var(--line);font-size:12px}
      .scroll{overflow-x:auto}
      table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:2px 6px;vertical-align:top}
      thead th{background:#eef2f7}
      table.matrix th.prop{height:190px;vertical-align:bottom;padding:4px 2px;white-space:nowrap}
      table.matrix th.prop span{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:600;font-size:12px}
      table.matrix th.cfg{text-align:left;white-space:nowrap;font-weight:600}
      table.matrix .about{font-weight:400;font-size:11px;color:var(--muted);white-space:normal;max-width:260px}
      td.v{text-align:center;white-space:nowrap;min-width:60px}td.v small{display:block;font-size:10px}
      td.v a{color:inherit}
      .ok-holds{background:var(--ok);color:#1e5a23}.ok-violated{background:var(--okv);color:#6b4b00}
      .bad{background:var(--bad);color:#fff;font-weight:700}.na{background:#fafbfc;color:#aab}
      .todo{background:#e8eefc;color:#1d3c8f;font-style:italic}
      tr.err td{background:#fde2e1;color:var(--bad);font-weight:600}
      table.stats td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      article.cx{border:1px solid var(--line);border-left:5px solid #e0a800;padding:8px 12px;margin:14px 0}
      article.cx.unexpected{border-left-color:var(--bad)}
      .badge{font-size:12px;padding:1px 6px;margin-left:6px;font-weight:600}
      table.steps td.num{text-align:right;color:var(--muted)}table.steps td.act{white-space:nowrap;font-weight:600}
      table.steps tr.last td{background:#fde2e1}table.steps tr.loop td{background:#fff1cc}
      table.steps .ch{white-space:nowrap}.arrow{color:var(--muted)}
      svg.seq{display:block;margin:6px 0}svg.seq text.lbl{paint-order:stroke;stroke:#fff;stroke-width:3px}
      details summary{cursor:pointer;color:var(--muted)}
      """;

  private HtmlPage() {}

  static String render(Report r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>sealcheck review</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<header>\n<h1>sealcheck review</h1>\n");
    boolean allOk = r.allConfigs().stream().allMatch(c -> c.outcome().asExpected());
    b.append("<p class=\"summary").append(allOk ? "" : " bad").append("\">").append(esc(r.summary())).append("</p>\n");
    if (r.allConfigs().stream().anyMatch(c -> c.rerunMillis() != null)) {
      b.append("<p class=\"exploration\">TLC, all configs: ").append(esc(Report.explorationLine(r.allConfigs())))
          .append("</p>\n");
    }
    if (r.generated() != null) {
      b.append("<p class=\"muted\">").append(esc(r.generated())).append("</p>\n");
    }
    b.append("<p class=\"legend\">")
        .append("<span class=\"ok-holds\">holds</span>")
        .append("<span class=\"ok-violated\">violated (expected)</span>")
        .append("<span class=\"bad\">unexpected</span>")
        .append("<span class=\"na\">&middot; not checked</span>")
        .append(" <span style=\"border:0\" class=\"muted\">A violated cell links to its counterexample.</span></p>\n");
    b.append("<nav>");
    for (Report.SpecPart s : r.specs()) {
      b.append("<a href=\"#spec-").append(Report.anchor(s.spec())).append("\">").append(esc(s.spec())).append("</a>");
    }
    b.append("<a href=\"#counterexamples\">Counterexamples</a></nav>\n</header>\n<main>\n");
    for (Report.SpecPart s : r.specs()) {
      spec(b, s);
    }
    b.append("<section id=\"counterexamples\">\n<h2>Counterexamples</h2>\n");
    b.append("<p class=\"muted\">The same counterexamples as plain text, for a reply on a kernel list (80 columns, "
        + "syscalls with their arguments, a column per CPU): <code>" + PlainTextPage.FILE + "</code> beside this "
        + "page.</p>\n");
    for (Report.Violation v : r.allViolations()) {
      counterexample(b, v.config().spec(), v);
    }
    if (r.allViolations().isEmpty()) {
      b.append("<p>No property was violated.</p>\n");
    }
    b.append("</section>\n</main>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void spec(StringBuilder b, Report.SpecPart s) {
    b.append("<section id=\"spec-").append(Report.anchor(s.spec())).append("\">\n<h2>")
        .append(esc(s.spec())).append("</h2>\n<h3>Verdicts: config &times; property</h3>\n");
    b.append("<div class=\"scroll\"><table class=\"matrix\">\n<thead><tr><th>config</th><th>revision</th>");
    for (String p : s.properties()) {
      b.append("<th class=\"prop\"><span>").append(esc(p)).append("</span></th>");
    }
    if (s.anyConformance()) {
      b.append("<th class=\"prop\"><span>Java model conforms</span></th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    int cols = 2 + s.properties().size() + (s.anyConformance() ? 1 : 0);
    for (Report.ConfigPart c : s.configs()) {
      ConfigOutcome o = c.outcome();
      b.append("<tr><th class=\"cfg\"><a href=\"#").append(c.anchor()).append("\">").append(esc(o.config()))
          .append("</a>");
      if (!c.about().isEmpty()) {
        b.append("<div class=\"about\">").append(esc(c.about())).append("</div>");
      }
      b.append("</th><td class=\"mono\">").append(esc(o.revision())).append("</td>");
      for (String p : s.properties()) {
        PropertyOutcome po = o.properties().get(p);
        if (po == null) {
          b.append("<td class=\"v na\" title=\"not checked in this config\">&middot;</td>");
          continue;
        }
        Verdict v = Verdict.of(po);
        String title = "expected " + po.expected() + (po.why() == null ? "" : ": " + po.why());
        b.append("<td class=\"v ").append(v.css).append("\" title=\"").append(esc(title)).append("\">");
        Report.Violation viol = c.violation(p);
        String text = switch (v) {
          case VIOLATED_AS_EXPECTED -> "violated<small>expected</small>";
          case VIOLATED_UNEXPECTEDLY -> "VIOLATED<small>expected holds!</small>";
          case HOLDS_UNEXPECTEDLY -> "holds<small>expected violated!</small>";
          case UNKNOWN -> esc(po.actual()) + "<small>expected " + esc(po.expected()) + "</small>";
          case HOLDS -> "holds";
          case HOLDS_TO_RECORD -> "holds<small>to record</small>";
          case VIOLATED_TO_RECORD -> "violated<small>to record</small>";
          case HOLDS_AT_QUICK_BOUNDS -> "holds<small>at the quick bounds</small>";
        };
        if (viol != null) {
          b.append("<a href=\"#").append(viol.anchor()).append("\">").append(text).append("</a>");
        } else {
          b.append(text);
        }
        b.append("</td>");
      }
      if (s.anyConformance()) {
        ConformanceResult cr = o.conformance();
        if (cr == null) {
          b.append("<td class=\"v na\">&middot;</td>");
        } else {
          b.append(cr.conforms() ? "<td class=\"v ok-holds\">conforms</td>"
              : "<td class=\"v bad\"><a href=\"#" + c.anchor() + "\">MISMATCH</a></td>");
        }
      }
      b.append("</tr>\n");
      if (o.error() != null) {
        b.append("<tr class=\"err\"><td colspan=\"").append(cols).append("\">ERROR ").append(esc(o.config()))
            .append(": ").append(esc(o.error())).append("</td></tr>\n");
      }
    }
    b.append("</tbody></table></div>\n");
    stats(b, s);
    b.append("</section>\n");
  }

  private static void stats(StringBuilder b, Report.SpecPart s) {
    b.append("<h3>State space and time per config</h3>\n<div class=\"scroll\"><table class=\"stats\">\n<thead><tr>")
        .append("<th>config</th><th>distinct states</th><th>generated</th><th>depth</th><th>TLC runs</th>")
        .append("<th>TLC time</th>");
    if (s.anyRerun()) {
      b.append("<th>one run per violation</th><th>saves</th>");
    }
    if (s.anyConformance()) {
      b.append("<th>conformance states</th><th>transitions</th><th>transitions/s</th><th>Java model</th>");
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (Report.ConfigPart c : s.configs()) {
      ConfigOutcome o = c.outcome();
      b.append("<tr id=\"").append(c.anchor()).append("\"><td class=\"mono\">").append(esc(o.config()))
          .append(o.quickBounds().isEmpty() ? "" : "<br><small>at the quick bounds: " + esc(String.join(", ", o.quickBounds()))
              + "</small>").append("</td>");
      if (o.tlcRuns() > 0) {
        b.append(num(o.distinctStates())).append(num(o.generatedStates())).append(num(o.depth()))
            .append(num(o.tlcRuns())).append("<td class=\"n\">").append(Report.seconds(o.checkMillis())).append("</td>");
      } else {
        b.append("<td colspan=\"5\" class=\"muted\">TLC not run</td>");
      }
      if (s.anyRerun()) {
        if (c.rerunMillis() == null) {
          b.append("<td></td><td></td>");
        } else {
          String approx = c.outcome().rerunMeasured() ? "" : "&asymp; ";
          b.append("<td class=\"n\">").append(approx).append(Report.seconds(c.rerunMillis()))
              .append("</td><td class=\"n\">").append(approx)
              .append(c.rerunMillis() <= 0 ? "" : String.format(Locale.ROOT, "%.0f%%",
                  100.0 * (c.rerunMillis() - o.checkMillis()) / c.rerunMillis())).append("</td>");
        }
      }
      if (s.anyConformance()) {
        ConformanceResult cr = o.conformance();
        if (cr == null) {
          b.append("<td colspan=\"4\" class=\"muted\">").append(o.conformanceSkipped() == null ? "not checked"
              : "skipped: " + esc(o.conformanceSkipped())).append("</td>");
        } else {
          b.append(num(cr.states())).append(num(cr.transitions())).append("<td class=\"n\">")
              .append(String.format(Locale.ROOT, "%,.0f", cr.transitionsPerSecond())).append("</td>")
              .append(cr.conforms() ? "<td class=\"ok-holds\">conforms</td>"
                  : "<td class=\"bad\">MISMATCH: " + esc(cr.mismatch()) + mismatchPath(cr) + "</td>");
        }
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table></div>\n");
    if (s.anyRerun()) {
      b.append("<p class=\"exploration\">").append(esc(s.spec())).append(": ")
          .append(esc(Report.explorationLine(s.configs()))).append("</p>\n");
    }
  }

  private static String mismatchPath(ConformanceResult cr) {
    StringBuilder b = new StringBuilder("<ol class=\"mono\">");
    cr.path().forEach(p -> b.append("<li>").append(esc(p)).append("</li>"));
    b.append("</ol>");
    cr.details().forEach(d -> b.append("<div class=\"mono\">").append(esc(d)).append("</div>"));
    return b.toString();
  }

  private static String num(long n) {
    return String.format(Locale.ROOT, "<td class=\"n\">%,d</td>", n);
  }

  private static void counterexample(StringBuilder b, String spec, Report.Violation v) {
    Verdict verdict = Verdict.of(v.outcome());
    ConfigOutcome o = v.config();
    b.append("<article class=\"cx").append(verdict.asExpected ? "" : " unexpected").append("\" id=\"")
        .append(v.anchor()).append("\">\n<h4>").append(esc(spec)).append(" &middot; ").append(esc(o.config()))
        .append(" &middot; ").append(esc(v.property())).append("<span class=\"badge ").append(verdict.css)
        .append("\">").append(esc(verdict.text(v.outcome()))).append("</span></h4>\n");
    b.append("<p class=\"muted\">revision <code>").append(esc(o.revision())).append("</code> &middot; ")
        .append(esc(v.outcome().kind()));
    if (v.trace() != null) {
      b.append(" &middot; ").append(v.trace().steps().size()).append(" steps");
    }
    if (v.link() != null) {
      b.append(" &middot; <a href=\"").append(esc(v.link())).append("\">")
          .append(esc(v.link().substring(v.link().lastIndexOf('/') + 1))).append("</a>");
    }
    b.append(" &middot; <a href=\"#").append(Report.anchor("spec-" + spec)).append("\">back to the matrix</a></p>\n");
    String why = v.outcome().why();
    if (verdict.asExpected && why != null && !why.isBlank()) {
      b.append("<p><b>Expected:</b> ").append(esc(why)).append("</p>\n");
    } else if (!verdict.asExpected) {
      b.append("<p class=\"summary bad\">Unexpected: expected.json says this property ")
          .append(esc(v.outcome().expected())).append(".</p>\n");
    }
    if (v.trace() == null) {
      b.append("<p class=\"summary bad\">No trace to show: ").append(esc(v.problem())).append("</p>\n</article>\n");
      return;
    }
    Counterexample cx = v.trace();
    if (cx.description() != null && !cx.description().equals(why)) {
      b.append("<p class=\"muted\">").append(esc(cx.description())).append("</p>\n");
    }
    b.append("<div class=\"scroll\">").append(SequenceSvg.render(spec, cx, v.property(), v.anchor() + "-"))
        .append("</div>\n");
    b.append("<details open><summary>steps and the variables each one changes</summary>\n")
        .append("<div class=\"scroll\"><table class=\"steps\">\n<thead><tr><th>#</th><th>action</th><th>params</th>")
        .append("<th>lifelines</th><th>changed: old &rarr; new</th></tr></thead>\n<tbody>\n");
    b.append("<tr><td class=\"num\">0</td><td class=\"act\">Init</td><td></td><td></td><td><details><summary>")
        .append(cx.initial().size()).append(" variables</summary>");
    for (Values.Change c : cx.initial()) {
      b.append("<div class=\"ch\"><code>").append(esc(c.path())).append("</code> = ").append(esc(c.after()))
          .append("</div>");
    }
    b.append("</details></td></tr>\n");
    for (int i = 0; i < cx.steps().size(); i++) {
      step(b, spec, cx.steps().get(i), i == cx.steps().size() - 1 && cx.loopTo() < 0 ? "last" : null,
          Integer.toString(cx.steps().get(i).number()));
    }
    if (cx.loopTo() >= 0) {
      if (cx.loopStep() != null) {
        step(b, spec, cx.loopStep(), "loop", "&#8634;");
      }
      b.append("<tr class=\"loop\"><td class=\"num\">&#8634;</td><td colspan=\"4\">").append(esc(cx.loopText()))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n</details>\n</article>\n");
  }

  private static void step(StringBuilder b, String spec, Counterexample.Step s, String css, String num) {
    b.append("<tr").append(css == null ? "" : " class=\"" + css + "\"").append("><td class=\"num\">").append(num)
        .append("</td><td class=\"act\">").append(esc(s.action())).append("</td><td>").append(esc(s.params()))
        .append("</td><td class=\"muted\">").append(esc(lifelines(spec, s.route()))).append("</td><td>");
    List<Values.Change> ch = s.changes();
    if (ch.isEmpty()) {
      b.append("<span class=\"muted\">(nothing)</span>");
    }
    for (Values.Change c : ch) {
      b.append("<div class=\"ch\"><code>").append(esc(c.path())).append("</code>: ").append(esc(c.before()))
          .append(" <span class=\"arrow\">&rarr;</span> <b>").append(esc(c.after())).append("</b></div>");
    }
    b.append("</td></tr>\n");
  }

  static String lifelines(String spec, Routes.Route r) {
    return r.self() ? r.from().label(spec) : r.from().label(spec) + (r.reply() ? " --> " : " -> ") + r.to().label(spec);
  }
}
