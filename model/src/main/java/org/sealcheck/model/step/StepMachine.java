package org.sealcheck.model.step;

import java.util.List;
import java.util.Optional;
import org.sealcheck.model.state.SpecState;

/**
 * A Java model as the checker drives it: a state, the steps its actors can try, and what each
 * step does. The same three operations serve conformance (walk the spec's state graph in
 * lock-step), replay (follow a counterexample's steps) and, later, random schedules.
 *
 * @param <S> the model's state: immutable or copied on every step, compared by value
 */
public interface StepMachine<S> {

  /** The state before any step (the spec's single initial state). */
  S initial();

  /**
   * Every step label this model's alphabet has for the configured bounds, enabled or not: the
   * spec's {@code Next} disjuncts with their parameter values.
   */
  List<Step> alphabet();

  /**
   * The state after {@code step}, or empty when the step is not enabled in {@code state} (its
   * guard is false: for example no VMA in the slot, or a reader not at that program counter). A
   * call that runs and fails with an errno is enabled: it returns a state whose output holds the
   * errno.
   *
   * @throws IllegalArgumentException if the step is not in this model's alphabet
   */
  Optional<S> apply(S state, Step step);

  /** The abstraction function: the spec state that {@code state} implements. */
  SpecState abstraction(S state);

  /**
   * The variables of the spec state that are outputs of the last step rather than state that
   * determines the future (the spec's VIEW leaves them out).
   */
  List<String> outputVariables();
}
