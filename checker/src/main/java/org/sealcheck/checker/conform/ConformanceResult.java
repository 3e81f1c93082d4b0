package org.sealcheck.checker.conform;

import java.util.List;

/**
 * The outcome of walking a spec's reachable state graph with the Java model in lock-step.
 *
 * @param conforms true when every Java step is a spec transition and every spec transition is
 *     matched by a Java step, from every reachable state, and the Java model's verdict on every
 *     property compared equals the spec's on every state and step
 * @param states distinct states explored (under the spec's VIEW)
 * @param transitions spec transitions compared with Java steps
 * @param millis wall time of the walk, spec successor generation included
 * @param mismatch one line naming the first mismatch (null if none)
 * @param path the shortest step sequence from the initial state to the mismatching step,
 *     the mismatching step last (empty if none)
 * @param details the variables on which the two sides differ, one per line (for a property on
 *     which they disagree: the state, or the variables the step changes)
 * @param properties the invariants and step properties whose verdicts were compared (empty when
 *     only steps were)
 * @param propertyEvaluations verdicts compared, each evaluated by both sides: every invariant on
 *     every distinct state, every step property on every transition compared
 */
public record ConformanceResult(boolean conforms, long states, long transitions, long millis,
    String mismatch, List<String> path, List<String> details, List<String> properties,
    long propertyEvaluations) {

  /** A result of a walk that compared steps only. */
  public ConformanceResult(boolean conforms, long states, long transitions, long millis,
      String mismatch, List<String> path, List<String> details) {
    this(conforms, states, transitions, millis, mismatch, path, details, List.of(), 0);
  }

  public double transitionsPerSecond() {
    return millis == 0 ? transitions * 1000.0 : transitions * 1000.0 / millis;
  }
}
