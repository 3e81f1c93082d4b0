package org.sealcheck.checker.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * Runs of a Java model under seeded random schedules: at each state, one of the model's enabled
 * steps, each with the same probability; a run stops early where no step is enabled.
 *
 * <p>A step is drawn by trying the alphabet in a random order and taking the first enabled one
 * (a partial Fisher-Yates shuffle): every enabled step is equally likely to come first, and a
 * state with many enabled steps costs a few {@code apply} calls instead of one per label.
 */
public final class RandomSchedules {

  private RandomSchedules() {}

  /**
   * One run: {@code states.get(0)} is the model's initial state, and {@code steps.get(i)} takes
   * {@code states.get(i)} to {@code states.get(i + 1)}.
   */
  public record Run(long seed, List<Step> steps, List<SpecState> states) {}

  /** The seed of each of {@code n} runs, derived from one seed. */
  public static long[] seeds(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextLong();
    }
    return out;
  }

  /** A run of at most {@code maxSteps} steps, scheduled by {@code seed}. */
  public static <S> Run run(StepMachine<S> model, List<Step> alphabet, long seed, int maxSteps) {
    return run(model, alphabet, seed, maxSteps, model::abstraction,
        state -> a -> model.apply(state, alphabet.get(a)).orElse(null));
  }

  /**
   * Like {@link #run(StepMachine, List, long, int)}, with the model's abstraction function and its
   * steps given (for example through caches: both are functions of the model state).
   *
   * @param successors for a state, the function from an index into {@code alphabet} to the state
   *     after that step, or null where the step is disabled
   */
  public static <S> Run run(StepMachine<S> model, List<Step> alphabet, long seed, int maxSteps,
      Function<S, SpecState> abstraction, Function<S, IntFunction<S>> successors) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = alphabet.size();
    int[] order = new int[n];
    S state = model.initial();
    List<Step> steps = new ArrayList<>(maxSteps);
    List<SpecState> states = new ArrayList<>(maxSteps + 1);
    states.add(abstraction.apply(state));
    for (int k = 0; k < maxSteps; k++) {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Step taken = null;
      S next = null;
      IntFunction<S> from = successors.apply(state);
      for (int left = n; left > 0 && taken == null; left--) {
        int pick = random.nextInt(left);
        int a = order[pick];
        order[pick] = order[left - 1];
        next = from.apply(a);
        if (next != null) {
          taken = alphabet.get(a);
        }
      }
      if (taken == null) {
        break;
      }
      state = next;
      steps.add(taken);
      states.add(abstraction.apply(state));
    }
    return new Run(seed, List.copyOf(steps), List.copyOf(states));
  }
}
