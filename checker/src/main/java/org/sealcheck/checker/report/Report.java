package org.sealcheck.checker.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.PropertyOutcome;

/**
 * What the report shows, gathered once and rendered twice (Markdown and HTML): per spec, the
 * configs with their verdicts and figures, and every violation with its counterexample.
 *
 * @param generated the generation line, or null to leave it out
 */
record Report(List<SpecPart> specs, String generated) {

  /**
   * One spec: its configs in review order and the union of their properties, in the order
   * expected.json lists them.
   */
  record SpecPart(String spec, List<ConfigPart> configs, List<String> properties) {
    boolean anyConformance() {
      return configs.stream().anyMatch(c -> c.outcome().conformance() != null);
    }

    boolean anyRerun() {
      return configs.stream().anyMatch(c -> c.rerunMillis() != null);
    }
  }

  /**
   * One config.
   *
   * @param about the race it runs, from expected.json (empty if unknown)
   * @param violations the violated properties' counterexamples, in property order
   */
  record ConfigPart(ConfigOutcome outcome, String about, List<Violation> violations) {
    /** What one TLC run per violated property takes (measured or estimated), or null. */
    Long rerunMillis() {
      return outcome.rerunMillis();
    }

    String anchor() {
      return "cfg-" + Report.anchor(outcome.spec() + "-" + outcome.config());
    }

    Violation violation(String property) {
      return violations.stream().filter(v -> v.property().equals(property)).findFirst().orElse(null);
    }
  }

  /**
   * A violated property and its counterexample.
   *
   * @param link the ITF file relative to the report directory ("/"-separated), or null when there
   *     is no file to link to
   * @param trace the counterexample, or null when it could not be read
   * @param problem why there is no trace (no file written, file missing, unreadable), or null
   */
  record Violation(ConfigOutcome config, String property, PropertyOutcome outcome, String link, Counterexample trace,
      String problem) {
    String anchor() {
      return "cx-" + Report.anchor(config.spec() + "-" + config.config() + "-" + property);
    }
  }

  /** An id for a link target: letters, digits, '-', '_' and '.' only. */
  static String anchor(String s) {
    return s.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /**
   * "one exploration: X s; one run per violation: Y s, measured (saves Z%)", or with an estimate
   * (see ConfigOutcome#rerunMillis) "about Y s, estimated ... (saves about Z%)".
   */
  static String explorationLine(long oneMillis, long rerunMillis, boolean measured) {
    String approx = measured ? "" : "about ";
    String saves = rerunMillis <= 0 ? "" : String.format(Locale.ROOT, " (saves %s%.0f%%)", approx,
        100.0 * (rerunMillis - oneMillis) / rerunMillis);
    return "one exploration: " + seconds(oneMillis) + "; one run per violation: " + approx + seconds(rerunMillis)
        + (measured ? ", measured" : ", estimated from when each violation was found") + saves;
  }

  /** The exploration line over the configs that have a rerun figure. */
  static String explorationLine(List<ConfigPart> configs) {
    List<ConfigPart> timed = configs.stream().filter(c -> c.rerunMillis() != null).toList();
    return explorationLine(timed.stream().mapToLong(c -> c.outcome().checkMillis()).sum(),
        timed.stream().mapToLong(ConfigPart::rerunMillis).sum(),
        timed.stream().allMatch(c -> c.outcome().rerunMeasured()));
  }

  /** Every violation of every config, spec by spec, in review order. */
  List<Violation> allViolations() {
    List<Violation> out = new ArrayList<>();
    allConfigs().forEach(c -> out.addAll(c.violations()));
    return out;
  }

  List<ConfigPart> allConfigs() {
    List<ConfigPart> out = new ArrayList<>();
    specs.forEach(s -> out.addAll(s.configs()));
    return out;
  }

  String summary() {
    List<ConfigPart> all = allConfigs();
    long surprises = all.stream().filter(c -> !c.outcome().asExpected()).count();
    long verdicts = all.stream().mapToLong(c -> c.outcome().properties().size()).sum();
    long violations = all.stream().mapToLong(c -> c.violations().size()).sum();
    return String.format(Locale.ROOT, "%d config%s, %d property verdicts, %d violation%s: %s", all.size(),
        all.size() == 1 ? "" : "s", verdicts, violations, violations == 1 ? "" : "s",
        surprises == 0 ? "all as expected" : surprises + " config" + (surprises == 1 ? "" : "s")
            + " with UNEXPECTED results");
  }

  static List<String> propertiesOf(List<ConfigOutcome> configs, List<String> expectedOrder) {
    Set<String> seen = new LinkedHashSet<>();
    Map<String, Boolean> present = new LinkedHashMap<>();
    configs.forEach(c -> c.properties().keySet().forEach(p -> present.put(p, true)));
    for (String p : expectedOrder) {
      if (present.containsKey(p)) {
        seen.add(p);
      }
    }
    seen.addAll(present.keySet());
    return List.copyOf(seen);
  }
}
