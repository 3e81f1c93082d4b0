package org.sealcheck.checker.report;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sealcheck.checker.conform.ConformanceResult;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.PropertyOutcome;

/** The report in Markdown: the same content as the HTML page, diagrams as mermaid blocks. */
final class MarkdownPage {

  private MarkdownPage() {}

  static String render(Report r) {
    StringBuilder b = new StringBuilder();
    b.append("# sealcheck review\n\n");
    boolean allOk = r.allConfigs().stream().allMatch(c -> c.outcome().asExpected());
    b.append(allOk ? "" : "**").append(r.summary()).append(allOk ? "" : "**").append("\n\n");
    if (r.allConfigs().stream().anyMatch(c -> c.rerunMillis() != null)) {
      b.append("TLC, all configs: ").append(Report.explorationLine(r.allConfigs())).append("\n\n");
    }
    if (r.generated() != null) {
      b.append("_").append(cell(r.generated())).append("_\n\n");
    }
    b.append("Cells: `holds`; `violated (expected)`; **bold** for a verdict that differs from expected.json; "
        + "`·` for a property the config does not check. A violated cell links to its counterexample.\n");
    for (Report.SpecPart s : r.specs()) {
      spec(b, s);
    }
    b.append("\n<a id=\"counterexamples\"></a>\n\n## Counterexamples\n");
    b.append("\nThe same counterexamples as plain text, for a reply on a kernel list (80 columns, syscalls with "
        + "their arguments, a column per CPU): `" + PlainTextPage.FILE + "` beside this page.\n");
    for (Report.Violation v : r.allViolations()) {
      counterexample(b, v.config().spec(), v);
    }
    if (r.allViolations().isEmpty()) {
      b.append("\nNo property was violated.\n");
    }
    return b.toString();
  }

  private static void spec(StringBuilder b, Report.SpecPart s) {
    b.append("\n<a id=\"spec-").append(Report.anchor(s.spec())).append("\"></a>\n\n## ").append(s.spec())
        .append("\n\n### Verdicts\n\n| config | revision |");
    List<String> cols = new ArrayList<>(s.properties());
    for (String p : cols) {
      b.append(" ").append(p).append(" |");
    }
    if (s.anyConformance()) {
      b.append(" Java model |");
    }
    b.append("\n|---|---|");
    b.append("---|".repeat(cols.size() + (s.anyConformance() ? 1 : 0))).append("\n");
    for (Report.ConfigPart c : s.configs()) {
      ConfigOutcome o = c.outcome();
      b.append("| ").append(o.config()).append(" | ").append(o.revision()).append(" |");
      for (String p : cols) {
        PropertyOutcome po = o.properties().get(p);
        if (po == null) {
          b.append(" · |");
          continue;
        }
        Verdict v = Verdict.of(po);
        String text = v.asExpected ? v.text(po) : "**" + v.text(po) + "**";
        Report.Violation viol = c.violation(p);
        b.append(" ").append(viol != null ? "[" + text + "](#" + viol.anchor() + ")" : text).append(" |");
      }
      if (s.anyConformance()) {
        ConformanceResult cr = o.conformance();
        b.append(cr == null ? " · |" : cr.conforms() ? " conforms |" : " **MISMATCH** |");
      }
      b.append("\n");
    }
    for (Report.ConfigPart c : s.configs()) {
      if (c.outcome().error() != null) {
        b.append("\n**ERROR** ").append(c.outcome().config()).append(": ").append(cell(c.outcome().error()))
            .append("\n");
      }
    }
    b.append("\n### State space and time per config\n\n")
        .append("| config | distinct states | generated | depth | TLC runs | TLC time |");
    if (s.anyRerun()) {
      b.append(" one run per violation |");
    }
    if (s.anyConformance()) {
      b.append(" conformance states | transitions | transitions/s |");
    }
    b.append("\n|---|--:|--:|--:|--:|--:|").append(s.anyRerun() ? "--:|" : "")
        .append(s.anyConformance() ? "--:|--:|--:|" : "").append("\n");
    for (Report.ConfigPart c : s.configs()) {
      ConfigOutcome o = c.outcome();
      b.append("| <a id=\"").append(c.anchor()).append("\"></a>").append(o.config())
          .append(o.quickBounds().isEmpty() ? "" : " (at the quick bounds: " + cell(String.join(", ", o.quickBounds())) + ")")
          .append(" | ");
      if (o.tlcRuns() > 0) {
        b.append(String.format(Locale.ROOT, "%,d | %,d | %d | %d | %s |", o.distinctStates(), o.generatedStates(),
            o.depth(), o.tlcRuns(), Report.seconds(o.checkMillis())));
      } else {
        b.append("TLC not run | | | | |");
      }
      if (s.anyRerun()) {
        b.append(c.rerunMillis() == null ? " |"
            : " " + (o.rerunMeasured() ? "" : "≈ ") + Report.seconds(c.rerunMillis()) + " |");
      }
      if (s.anyConformance()) {
        ConformanceResult cr = o.conformance();
        b.append(cr == null ? (o.conformanceSkipped() == null ? " | | |" : " skipped: " + cell(o.conformanceSkipped()) + " | | |")
            : String.format(Locale.ROOT, " %,d | %,d | %,.0f |", cr.states(), cr.transitions(), cr.transitionsPerSecond()));
      }
      b.append("\n");
    }
    if (s.anyRerun()) {
      b.append("\n").append(s.spec()).append(": ").append(Report.explorationLine(s.configs())).append("\n");
    }
    for (Report.ConfigPart c : s.configs()) {
      ConformanceResult cr = c.outcome().conformance();
      if (cr != null && !cr.conforms()) {
        b.append("\n**Conformance MISMATCH** in ").append(c.outcome().config()).append(": ")
            .append(cell(cr.mismatch())).append("\n\n```\n");
        for (int i = 0; i < cr.path().size(); i++) {
          b.append(String.format(Locale.ROOT, "%2d  %s%n", i + 1, cr.path().get(i)));
        }
        cr.details().forEach(d -> b.append("    ").append(d).append("\n"));
        b.append("```\n");
      }
    }
  }

  private static void counterexample(StringBuilder b, String spec, Report.Violation v) {
    Verdict verdict = Verdict.of(v.outcome());
    ConfigOutcome o = v.config();
    b.append("\n<a id=\"").append(v.anchor()).append("\"></a>\n\n### ").append(spec).append(" · ")
        .append(o.config()).append(" · ").append(v.property()).append(" — ")
        .append(verdict.asExpected ? verdict.text(v.outcome()) : "**" + verdict.text(v.outcome()) + "**")
        .append("\n\n");
    b.append("Revision `").append(o.revision()).append("`, ").append(v.outcome().kind());
    if (v.trace() != null) {
      b.append(", ").append(v.trace().steps().size()).append(" steps");
    }
    if (v.link() != null) {
      b.append(", trace: [").append(v.link().substring(v.link().lastIndexOf('/') + 1)).append("](")
          .append(v.link()).append(")");
    }
    b.append(".\n\n");
    String why = v.outcome().why();
    if (verdict.asExpected && why != null && !why.isBlank()) {
      b.append("Expected: ").append(cell(why)).append("\n\n");
    } else if (!verdict.asExpected) {
      b.append("**Unexpected: expected.json says this property ").append(v.outcome().expected()).append(".**\n\n");
    }
    if (v.trace() == null) {
      b.append("No trace to show: ").append(cell(v.problem())).append("\n");
      return;
    }
    Counterexample cx = v.trace();
    if (cx.description() != null && !cx.description().equals(why)) {
      b.append(cell(cx.description())).append("\n\n");
    }
    mermaid(b, spec, cx, v.property());
    b.append("\n| # | action | params | changed: old → new |\n|--:|---|---|---|\n");
    for (Counterexample.Step s : cx.steps()) {
      row(b, Integer.toString(s.number()), s);
    }
    if (cx.loopTo() >= 0) {
      if (cx.loopStep() != null) {
        row(b, "↺", cx.loopStep());
      }
      b.append("| ↺ | | | ").append(cx.loopText()).append(" |\n");
    }
    b.append("\n<details><summary>initial state</summary>\n\n```\n");
    cx.initial().forEach(c -> b.append(c.path()).append(" = ").append(c.after()).append("\n"));
    b.append("```\n\n</details>\n");
  }

  private static void row(StringBuilder b, String num, Counterexample.Step s) {
    b.append("| ").append(num).append(" | ").append(s.action()).append(" | ").append(cell(s.params())).append(" | ");
    List<String> parts = new ArrayList<>();
    s.changes().forEach(c -> parts.add("`" + c.path() + "`: " + cell(c.before()) + " → " + cell(c.after())));
    b.append(parts.isEmpty() ? "(nothing)" : String.join("<br>", parts)).append(" |\n");
  }

  private static void mermaid(StringBuilder b, String spec, Counterexample cx, String property) {
    List<Counterexample.Step> rows = new ArrayList<>(cx.steps());
    if (cx.loopStep() != null) {
      rows.add(cx.loopStep());
    }
    Set<Actor> used = EnumSet.noneOf(Actor.class);
    rows.forEach(s -> {
      used.add(s.route().from());
      used.add(s.route().to());
    });
    b.append("```mermaid\nsequenceDiagram\n");
    for (Actor a : used) {
      b.append("  participant ").append(a.name()).append(" as ").append(a.label(spec)).append("\n");
    }
    for (int i = 0; i < rows.size(); i++) {
      Counterexample.Step s = rows.get(i);
      boolean loopRow = cx.loopStep() != null && i == rows.size() - 1;
      b.append("  ").append(s.route().from().name()).append(s.route().reply() ? "-->>" : "->>")
          .append(s.route().to().name()).append(": ").append(loopRow ? "↺ " : s.number() + " ")
          .append(mermaidText(s.call())).append("\n");
    }
    if (!used.isEmpty()) {
      Actor first = used.iterator().next();
      b.append("  Note over ").append(first.name()).append(": ").append(property).append(cx.loopTo() >= 0
          ? " violated: " + mermaidText(cx.loopText()) : " violated after step " + cx.steps().size()).append("\n");
    }
    b.append("```\n");
  }

  /** Mermaid ends a message at ';' and reads '#' as an entity. */
  private static String mermaidText(String s) {
    return s.replace(';', ',').replace("#", "");
  }

  /** Text inside a table cell or a one-line paragraph: no line breaks, no stray '|'. */
  private static String cell(String s) {
    return s.replace("\r", "").replace("\n", " ").replace("|", "\\|");
  }
}
