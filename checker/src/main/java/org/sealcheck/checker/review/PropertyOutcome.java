package org.sealcheck.checker.review;

/**
 * What TLC found for one property of one config, next to what was expected.
 *
 * @param expected "holds" or "violated" (from expected.json)
 * @param actual "holds", "violated", or "unknown" when TLC could not decide it
 * @param kind "invariant" or "step property"
 * @param traceStates number of states in the shortest counterexample (0 if none)
 * @param counterexample the ITF file written, relative to the checkout (null if none)
 * @param why the expectation's reason
 */
public record PropertyOutcome(String expected, String actual, String kind, int traceStates,
    String counterexample, String why) {

  public boolean asExpected() {
    return expected.equals(actual);
  }
}
