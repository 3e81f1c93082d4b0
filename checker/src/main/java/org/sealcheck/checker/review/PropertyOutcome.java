package org.sealcheck.checker.review;

import java.util.List;

/**
 * What TLC found for one property of one config, next to what was expected.
 *
 * @param expected "holds", "violated" or "unknown" (from expected.json; unknown until recorded)
 * @param actual "holds", "violated", or "unknown" when TLC could not decide it
 * @param kind "invariant" or "step property"
 * @param traceStates number of states in the shortest counterexample (0 if none)
 * @param counterexample the ITF file written, relative to the checkout (null if none)
 * @param why the expectation's reason
 * @param steps for a violation whose verdict is still to be recorded, or found at the quick
 *     bounds, its counterexample's steps (so the author reads the trace); empty otherwise
 * @param quick decided at the quick bounds ({@code --quick}), smaller than the config's: a
 *     violation that needs more pages or slots may not show there
 */
public record PropertyOutcome(String expected, String actual, String kind, int traceStates,
    String counterexample, String why, List<String> steps, boolean quick) {

  public PropertyOutcome {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public PropertyOutcome(String expected, String actual, String kind, int traceStates, String counterexample,
      String why) {
    this(expected, actual, kind, traceStates, counterexample, why, List.of(), false);
  }

  /**
   * As expected, or not yet expected anything (a verdict to record) and decided, or (at the quick
   * bounds) an expected violation that those bounds are too small to show.
   */
  public boolean asExpected() {
    return (!"unknown".equals(expected) && expected.equals(actual)) || toRecord() || missedAtQuickBounds();
  }

  /** An expected violation that holds at the quick bounds: a limit of the bounds, not a finding. */
  public boolean missedAtQuickBounds() {
    return quick && "violated".equals(expected) && "holds".equals(actual);
  }

  /** A decided verdict for a property whose expectation is still "unknown". */
  public boolean toRecord() {
    return "unknown".equals(expected) && ("holds".equals(actual) || "violated".equals(actual));
  }
}
