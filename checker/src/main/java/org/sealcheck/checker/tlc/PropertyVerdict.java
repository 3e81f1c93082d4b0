package org.sealcheck.checker.tlc;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import org.sealcheck.model.state.SpecState;

/**
 * The verdict on one property after {@link TlcModelChecker#checkAll}.
 *
 * @param status HOLDS when a complete run checked it without a violation; UNKNOWN when a run
 *     failed with an error before that could happen
 * @param kind how it was violated, when VIOLATED
 * @param trace a shortest counterexample (with one worker) when VIOLATED, else empty
 * @param loop for a liveness violation, where the trace's cycle starts; -1 otherwise
 * @param stutters for a liveness violation, whether the behaviour stutters in its last state
 */
public record PropertyVerdict(Status status, Optional<CheckResult.ViolationKind> kind, List<SpecState> trace,
    int loop, boolean stutters) {

  public enum Status { HOLDS, VIOLATED, UNKNOWN }

  public PropertyVerdict {
    trace = ImmutableList.copyOf(trace);
  }

  public static PropertyVerdict holds() {
    return new PropertyVerdict(Status.HOLDS, Optional.empty(), List.of(), -1, false);
  }

  public static PropertyVerdict unknown() {
    return new PropertyVerdict(Status.UNKNOWN, Optional.empty(), List.of(), -1, false);
  }

  public static PropertyVerdict violated(CheckResult.Violation v) {
    return new PropertyVerdict(Status.VIOLATED, Optional.of(v.kind()), v.trace(), v.loop(), v.stutters());
  }
}
