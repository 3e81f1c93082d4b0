package org.sealcheck.checker.conform;

import java.util.List;

/**
 * The outcome of walking a spec's reachable state graph with the Java model in lock-step.
 *
 * @param conforms true when every Java step is a spec transition and every spec transition is
 *     matched by a Java step, from every reachable state
 * @param states distinct states explored (under the spec's VIEW)
 * @param transitions spec transitions compared with Java steps
 * @param millis wall time of the walk, spec successor generation included
 * @param mismatch one line naming the first mismatch (null if none)
 * @param path the shortest step sequence from the initial state to the mismatching step,
 *     the mismatching step last (empty if none)
 * @param details the variables on which the two sides differ, one per line
 */
public record ConformanceResult(boolean conforms, long states, long transitions, long millis,
    String mismatch, List<String> path, List<String> details) {

  public double transitionsPerSecond() {
    return millis == 0 ? transitions * 1000.0 : transitions * 1000.0 / millis;
  }
}
