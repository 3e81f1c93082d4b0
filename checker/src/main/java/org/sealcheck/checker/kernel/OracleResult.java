package org.sealcheck.checker.kernel;

import java.util.List;
import java.util.Optional;

/**
 * What a run of the live-kernel oracle did: sequences and operations run, the time, and the first
 * disagreement if any (a shortest one when the run was exhaustive).
 *
 * @param <S> a step of the sequence: a model step (memfd) or the call's text (guest_memfd)
 */
public record OracleResult<S>(long sequences, long operations, double seconds, Optional<Disagreement<S>> disagreement) {

  /** The first step on which model and kernel differ, 1-based, and what each said there. */
  public record Disagreement<S>(List<S> sequence, int step, String model, String kernel) {}

  public double sequencesPerSecond() {
    return seconds > 0 ? sequences / seconds : 0;
  }

  public double operationsPerSecond() {
    return seconds > 0 ? operations / seconds : 0;
  }
}
