package org.sealcheck.checker.review;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.sealcheck.checker.conform.ConformanceResult;

/** The verdict table: one block per config, one line per property, surprises marked. */
public final class ReviewTable {

  private ReviewTable() {}

  public static void print(List<ConfigOutcome> outcomes, PrintStream out) {
    String spec = null;
    for (ConfigOutcome o : outcomes) {
      if (!o.spec().equals(spec)) {
        spec = o.spec();
        out.println();
        out.println("== " + spec);
      }
      out.println();
      StringBuilder head = new StringBuilder(String.format("%-34s", o.config()));
      if (o.tlcRuns() > 0) {
        head.append(String.format("  %,9d distinct states  depth %2d  TLC %5.1f s (%d run%s)", o.distinctStates(),
            o.depth(), o.checkMillis() / 1000.0, o.tlcRuns(), o.tlcRuns() == 1 ? "" : "s"));
      }
      if (o.rerunMillis() != null && o.rerunMeasured()) {
        head.append(String.format("; one run per violation %5.1f s (%d run%s)", o.rerunMillis() / 1000.0, o.rerunRuns(),
            o.rerunRuns() == 1 ? "" : "s"));
      }
      out.println(head);
      if (!o.quickBounds().isEmpty()) {
        out.println("    at the quick bounds: " + String.join(", ", o.quickBounds()));
      }
      if (o.error() != null) {
        out.println("    ERROR     " + o.error());
      }
      for (Map.Entry<String, PropertyOutcome> e : o.properties().entrySet()) {
        PropertyOutcome p = e.getValue();
        String verdict;
        if (p.toRecord()) {
          verdict = p.actual() + " (to record)";
        } else if (p.missedAtQuickBounds()) {
          verdict = "holds at these bounds (expected violated)";
        } else if (!p.asExpected()) {
          verdict = "UNEXPECTED " + p.actual() + " (expected " + p.expected() + ")";
        } else if (p.actual().equals("violated")) {
          verdict = "violated as expected";
        } else {
          verdict = "holds";
        }
        out.printf("    %-36s %-32s%s%n", e.getKey(), verdict,
            p.traceStates() > 0 ? p.traceStates() + " states" + (p.counterexample() != null ? "  " + p.counterexample() : "") : "");
        for (int i = 0; i < p.steps().size(); i++) {
          out.printf("        %2d  %s%n", i + 1, p.steps().get(i));
        }
      }
      if (o.conformanceSkipped() != null) {
        out.println("    conformance: skipped: " + o.conformanceSkipped());
      }
      ConformanceResult c = o.conformance();
      if (c != null) {
        if (c.conforms()) {
          out.printf("    conformance: Java model conforms: %,d states, %,d transitions in both directions, %,.0f transitions/s%n",
              c.states(), c.transitions(), c.transitionsPerSecond());
          if (c.properties() != null && !c.properties().isEmpty()) {
            out.printf("    conformance: %d properties agree with the spec: %,d verdicts compared (%.1f s in all)%n",
                c.properties().size(), c.propertyEvaluations(), c.millis() / 1000.0);
          }
        } else {
          out.println("    conformance: MISMATCH: " + c.mismatch());
          for (int i = 0; i < c.path().size(); i++) {
            out.printf("      %2d  %s%n", i + 1, c.path().get(i));
          }
          c.details().forEach(d -> out.println("          " + d));
        }
      }
    }
    List<ConfigOutcome> compared = outcomes.stream().filter(o -> o.rerunMillis() != null).toList();
    if (!compared.isEmpty()) {
      boolean measured = compared.stream().allMatch(ConfigOutcome::rerunMeasured);
      long once = compared.stream().mapToLong(ConfigOutcome::checkMillis).sum();
      long reruns = compared.stream().mapToLong(ConfigOutcome::rerunMillis).sum();
      out.println();
      out.printf("TLC over %d configs: %.1f s in one exploration each (%d runs); one run per violation (%d runs) "
          + "%s %.1f s: %s%.0f%% of the time saved%n", compared.size(), once / 1000.0,
          compared.stream().mapToInt(ConfigOutcome::tlcRuns).sum(),
          compared.stream().mapToInt(ConfigOutcome::rerunRuns).sum(),
          measured ? "took" : "would take about", reruns / 1000.0, measured ? "" : "about ",
          100.0 * (reruns - once) / Math.max(1, reruns));
      if (!measured) {
        out.println("(estimated from when each violation was found; --compare-reruns measures it)");
      }
    }
    long surprises = outcomes.stream().filter(o -> !o.asExpected()).count();
    long props = outcomes.stream().mapToLong(o -> o.properties().size()).sum();
    long toRecord = toRecord(outcomes);
    out.println();
    out.printf("%d config%s, %d property verdicts: %s%n", outcomes.size(), outcomes.size() == 1 ? "" : "s", props,
        surprises == 0 ? (toRecord == 0 ? "all as expected" : "all as expected but " + toRecord + " still to record")
            : surprises + " config(s) with UNEXPECTED results");
    if (toRecord > 0) {
      out.printf("%d verdict%s still to record (\"expect\": \"unknown\" in expected.json): read the traces above, "
          + "then run again with --accept to write them, and give each violation its why%n", toRecord,
          toRecord == 1 ? " is" : "s are");
    }
  }

  /** How many decided verdicts have no expectation yet. */
  public static long toRecord(List<ConfigOutcome> outcomes) {
    return outcomes.stream().flatMap(o -> o.properties().values().stream()).filter(PropertyOutcome::toRecord).count();
  }
}
