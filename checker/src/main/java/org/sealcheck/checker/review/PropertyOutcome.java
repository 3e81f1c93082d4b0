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
 * @param steps for a violation whose verdict is still to be recorded, its counterexample's steps
 *     (so the author reads the trace before accepting it); empty otherwise
 */
public record PropertyOutcome(String expected, String actual, String kind, int traceStates,
    String counterexample, String why, List<String> steps) {

  public PropertyOutcome {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public PropertyOutcome(String expected, String actual, String kind, int traceStates, String counterexample,
      String why) {
    this(expected, actual, kind, traceStates, counterexample, why, List.of());
  }

  /** As expected, or not yet expected anything (a verdict to record) and decided. */
  public boolean asExpected() {
    return (!"unknown".equals(expected) && expected.equals(actual)) || toRecord();
  }

  /** A decided verdict for a property whose expectation is still "unknown". */
  public boolean toRecord() {
    return "unknown".equals(expected) && ("holds".equals(actual) || "violated".equals(actual));
  }
}
