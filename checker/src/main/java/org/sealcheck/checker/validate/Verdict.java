package org.sealcheck.checker.validate;

/**
 * What the spec says of one trace.
 *
 * @param accepted every state is a spec state reached by a spec transition from the one before,
 *     the first an initial state
 * @param index for a rejected trace, the index of the first state the spec does not reach (0: the
 *     first state is not initial; k: no action of Next takes state k-1 to state k); -1 if accepted
 * @param reason why the state is not reached, naming the trace's step and the variables that
 *     differ; null if accepted
 * @param relabelled steps that a spec action takes, but not the one the trace names (the model
 *     and the spec disagree on the step's name or parameters, not on the transition)
 */
public record Verdict(boolean accepted, int index, String reason, int relabelled) {

  public static Verdict accepted(int relabelled) {
    return new Verdict(true, -1, null, relabelled);
  }

  public static Verdict rejected(int index, String reason) {
    return new Verdict(false, index, reason, 0);
  }

  @Override
  public String toString() {
    return accepted ? "accepted" : "rejected at state " + index + ": " + reason;
  }
}
