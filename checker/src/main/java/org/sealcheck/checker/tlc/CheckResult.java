package org.sealcheck.checker.tlc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import org.sealcheck.model.state.SpecState;

/**
 * What one TLC run found.
 *
 * @param outcome whether the run completed without error, found a violation or failed
 * @param violation present exactly when {@code outcome == VIOLATION}
 * @param stats state counts and wall time of the run
 * @param error one-line description, present exactly when {@code outcome == ERROR}
 * @param output TLC's captured text output, for debugging; never printed by this package
 */
public record CheckResult(Outcome outcome, Optional<Violation> violation, RunStats stats,
    Optional<String> error, String output) {

  public enum Outcome { NO_ERROR, VIOLATION, ERROR }

  public enum ViolationKind {
    /** A state reachable by at least one step violates an INVARIANT. */
    INVARIANT,
    /** A step violates a PROPERTY of the form {@code [][A]_v}. */
    ACTION_PROPERTY,
    /** An initial state violates an INVARIANT. */
    INITIAL_STATE_INVARIANT,
    /** A reachable state has no successor (only reported when deadlock checking is on). */
    DEADLOCK,
    /**
     * A behaviour violates a temporal (liveness) PROPERTY. The trace is a lasso: its prefix and
     * cycle, with {@link Violation#loop()} naming where the cycle starts.
     */
    TEMPORAL
  }

  /**
   * @param property the violated invariant or property name, or {@link TlcModelChecker#DEADLOCK}
   * @param trace the counterexample, initial state first; the last state is the bad one (for an
   *     action property, the last step is the bad one)
   * @param loop for a TEMPORAL violation, the index of the state the last state steps back to
   *     (the behaviour repeats {@code trace[loop..]} forever); -1 otherwise
   * @param stutters for a TEMPORAL violation, whether the behaviour instead stutters forever in
   *     the last state (then {@code loop} is the last index)
   */
  public record Violation(String property, ViolationKind kind, List<SpecState> trace, int loop, boolean stutters) {
    public Violation {
      trace = ImmutableList.copyOf(trace);
      checkArgument((kind == ViolationKind.TEMPORAL) == (loop >= 0), "a loop index exactly for TEMPORAL");
      checkArgument(loop < trace.size(), "loop %s outside a trace of %s states", loop, trace.size());
    }

    public Violation(String property, ViolationKind kind, List<SpecState> trace) {
      this(property, kind, trace, -1, false);
    }
  }

  public CheckResult {
    checkArgument(violation.isPresent() == (outcome == Outcome.VIOLATION), "violation iff VIOLATION");
    checkArgument(error.isPresent() == (outcome == Outcome.ERROR), "error iff ERROR");
  }
}
