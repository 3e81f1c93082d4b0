package org.sealcheck.checker.replay;

import java.util.List;
import org.sealcheck.model.state.SpecState;

/**
 * What happened when a trace was replayed on the Java model.
 *
 * @param steps one entry per step reproduced (the initial state first)
 * @param reproduced true when every step of the trace was taken and reached the trace's state
 * @param divergence when not reproduced: which step failed and how (one line)
 * @param propertyHolds when reproduced: whether the trace's property holds at its last state/step
 *     on the Java model
 * @param explanation when violated: what the Java model says of the last state (for NoDeadlockInv,
 *     the wait cycle), or empty
 */
public record ReplayResult(List<ReplayedStep> steps, boolean reproduced, String divergence,
    boolean propertyHolds, String explanation) {

  public ReplayResult(List<ReplayedStep> steps, boolean reproduced, String divergence, boolean propertyHolds) {
    this(steps, reproduced, divergence, propertyHolds, "");
  }

  /** One reproduced step: its label and the variables it changed, as the Java model computed them. */
  public record ReplayedStep(int index, String label, SpecState state, SpecState changed) {}

  /** The trace shows what it claims: every step reproduced, and the property violated at the end. */
  public boolean violationReproduced() {
    return reproduced && !propertyHolds;
  }
}
