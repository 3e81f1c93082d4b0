package org.sealcheck.checker.conform;

import org.sealcheck.model.step.StepMachine;

/**
 * A Java model configured for one config of a spec: the step machine, and its own evaluation of
 * the spec's properties (so that replay judges a trace with the model's code, not the spec's).
 */
public interface ModelBinding<S> {

  StepMachine<S> machine();

  /**
   * Whether {@code property} holds: for an invariant, in {@code after}; for a step property
   * ([][A]_v), on the step from {@code before} to {@code after}.
   *
   * @throws IllegalArgumentException for a property the model does not know
   */
  boolean holds(String property, S before, S after);

  /**
   * Whether a liveness property holds on the behaviour that repeats {@code cycle} forever (the
   * cycle of a lasso counterexample; one state when the behaviour stutters there). Only the cycle
   * decides a property of the form {@code P ~> Q} on a lasso whose prefix ends where P holds.
   *
   * @throws IllegalArgumentException for a property the model does not know as liveness
   */
  default boolean holdsOnCycle(String property, java.util.List<S> cycle) {
    throw new IllegalArgumentException("no liveness property " + property + " in this model");
  }

  /**
   * Why the behaviour that repeats {@code cycle} forever is not one the spec's fairness allows,
   * or empty when it is (or the spec has no fairness). {@code steps.get(j)} takes
   * {@code cycle.get(j)} to the next state of the cycle, the last back to the first; no steps and
   * one state is a stutter there.
   */
  default java.util.Optional<String> unfairOn(java.util.List<S> cycle,
      java.util.List<org.sealcheck.model.step.Step> steps) {
    return java.util.Optional.empty();
  }

  /**
   * What the model says of a state where {@code property} is violated, beyond the verdict (for a
   * deadlock, the wait cycle); empty when it has nothing to add.
   */
  default String explain(String property, S state) {
    return "";
  }
}
