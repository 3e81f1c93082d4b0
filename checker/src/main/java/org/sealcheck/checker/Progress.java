package org.sealcheck.checker;

import java.util.function.Consumer;

/**
 * How far a long exploration has got, sampled while it runs: TLC's model checking or the
 * conformance walk. A review prints these so that a run of minutes is not silent.
 *
 * @param phase what is running, e.g. "TLC" or "conformance"
 * @param states distinct states found so far
 * @param queue states found but not yet explored
 * @param steps states generated (TLC) or transitions checked (conformance) so far
 * @param elapsedMillis time since the exploration started
 */
public record Progress(String phase, long states, long queue, long steps, long elapsedMillis) {

  /** How often a sink is told, at most. */
  public static final long INTERVAL_MILLIS = 10_000;

  /** A sink that ignores everything. */
  public static final Consumer<Progress> NONE = p -> { };

  /** One line for a person: counts, queue, and the rate of distinct states. */
  public String line() {
    double s = Math.max(1, elapsedMillis) / 1000.0;
    return String.format("%s: %,d distinct states, queue %,d, %,d %s, %,.0f states/s, %.0f s", phase, states, queue,
        steps, phase.equals("TLC") ? "generated" : "transitions", states / s, s);
  }
}
