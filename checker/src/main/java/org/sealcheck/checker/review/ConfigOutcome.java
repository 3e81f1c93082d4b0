package org.sealcheck.checker.review;

import java.util.List;
import java.util.Map;
import org.sealcheck.checker.conform.ConformanceResult;

/**
 * The result of checking one config (a cfg of one spec, which sets a revision): TLC's statistics, a verdict per
 * property, and the conformance of the Java model. Serialised as JSON between the child JVM that
 * ran the check and the parent that prints the table.
 *
 * @param config the config's name (its cfg without ".cfg")
 * @param distinctStates distinct states of the final, complete TLC run (under the spec's VIEW)
 * @param checkMillis wall time of all TLC runs of this config
 * @param tlcRuns how many TLC runs it took: one exploration for all invariants and step properties,
 *     plus one per liveness property
 * @param error one line if TLC or the conformance check failed to run; null otherwise
 * @param conformance null when conformance was not requested
 * @param rerunMillis what deciding the same properties the way a plain TLC user does, one run per
 *     violated property plus a complete one, takes: measured with {@code --compare-reruns},
 *     otherwise estimated from the single exploration's timings; null without TLC
 * @param rerunRuns how many TLC runs that takes; null without TLC
 * @param rerunMeasured whether {@code rerunMillis} was measured rather than estimated
 * @param conformanceSkipped why the Java model's conformance was asked for and not checked (the
 *     model cannot run this revision); null otherwise
 * @param quickBounds with {@code --quick}, the bounds it used instead of the config's ("MaxPages =
 *     1"); empty otherwise
 */
public record ConfigOutcome(String spec, String config, String revision, long distinctStates, long generatedStates,
    int depth, long checkMillis, int tlcRuns, Map<String, PropertyOutcome> properties, String error,
    ConformanceResult conformance, Long rerunMillis, Integer rerunRuns, boolean rerunMeasured,
    String conformanceSkipped, List<String> quickBounds) {

  public ConfigOutcome {
    quickBounds = quickBounds == null ? List.of() : List.copyOf(quickBounds);
  }

  public ConfigOutcome(String spec, String config, String revision, long distinctStates, long generatedStates,
      int depth, long checkMillis, int tlcRuns, Map<String, PropertyOutcome> properties, String error,
      ConformanceResult conformance, Long rerunMillis, Integer rerunRuns, boolean rerunMeasured,
      String conformanceSkipped) {
    this(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns, properties, error,
        conformance, rerunMillis, rerunRuns, rerunMeasured, conformanceSkipped, List.of());
  }

  public ConfigOutcome(String spec, String config, String revision, long distinctStates, long generatedStates,
      int depth, long checkMillis, int tlcRuns, Map<String, PropertyOutcome> properties, String error,
      ConformanceResult conformance, Long rerunMillis, Integer rerunRuns, boolean rerunMeasured) {
    this(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns, properties, error,
        conformance, rerunMillis, rerunRuns, rerunMeasured, null);
  }

  /** An outcome without the rerun comparison. */
  public ConfigOutcome(String spec, String config, String revision, long distinctStates, long generatedStates,
      int depth, long checkMillis, int tlcRuns, Map<String, PropertyOutcome> properties, String error,
      ConformanceResult conformance) {
    this(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns, properties, error,
        conformance, null, null, false);
  }

  /** True when every verdict is the expected one, nothing failed, and the Java model conforms. */
  public boolean asExpected() {
    return error == null && properties.values().stream().allMatch(PropertyOutcome::asExpected)
        && (conformance == null || conformance.conforms());
  }

  public ConfigOutcome withConformance(ConformanceResult c) {
    return new ConfigOutcome(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns,
        properties, error, c, rerunMillis, rerunRuns, rerunMeasured, null, quickBounds);
  }

  /** This outcome, decided at the quick bounds {@code bounds}. */
  public ConfigOutcome withQuickBounds(List<String> bounds) {
    return new ConfigOutcome(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns,
        properties, error, conformance, rerunMillis, rerunRuns, rerunMeasured, conformanceSkipped, bounds);
  }

  /** This outcome with conformance not checked, and why (the verdicts and traces stand). */
  public ConfigOutcome withConformanceSkipped(String why) {
    return new ConfigOutcome(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns,
        properties, error, null, rerunMillis, rerunRuns, rerunMeasured, why, quickBounds);
  }

  /** This outcome with the time and runs of the one-run-per-violation comparison. */
  public ConfigOutcome withReruns(long millis, int runs, boolean measured) {
    return new ConfigOutcome(spec, config, revision, distinctStates, generatedStates, depth, checkMillis, tlcRuns,
        properties, error, conformance, millis, runs, measured, conformanceSkipped, quickBounds);
  }
}
