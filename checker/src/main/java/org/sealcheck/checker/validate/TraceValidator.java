package org.sealcheck.checker.validate;

import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.sealcheck.checker.tlc.SpecEvaluationException;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.checker.tlc.TransitionChecker;
import org.sealcheck.checker.tlc.TransitionChecker.Prepared;
import org.sealcheck.checker.tlc.ValueCache;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * Judges a trace against the spec's transition relation: the first state must be initial, and each
 * step a transition of {@code Next}. Thread-safe: the checker is, and the memo and the converted
 * states are concurrent maps of immutable values (TLC's own workers likewise share value objects
 * between states that several workers read).
 *
 * <p>The spec's VIEW plays no part: each step is evaluated on the full pair of states, output
 * variables ({@code ret}) included, so a step that returns the wrong value is rejected.
 */
public final class TraceValidator {

  /** How a step is judged. All three give the same verdicts; they differ in cost. */
  public enum Mode {
    /** The action the trace names, then, if it does not take the step, every other action. */
    LABEL,
    /** {@code Next} evaluated as a predicate on the pair (the trace's labels are not used). */
    NEXT,
    /** Every successor of the source state generated, the target looked up among them. */
    ENUMERATE
  }

  /** How many distinct transitions, and distinct converted values, are kept. */
  static final int MEMO_SIZE = 1 << 19;
  static final int VALUES_SIZE = 1 << 16;

  private final TransitionChecker checker;
  private final Mode mode;
  private final BoundedCache<Transition, Integer> memo;
  /** What the memo keeps of a step: rejected, taken by the trace's action, or by another action. */
  private static final Integer REJECTED = 0;
  private static final Integer TAKEN = 1;
  private static final Integer RELABELLED = 2;
  private final ValueCache values = new ValueCache(VALUES_SIZE);
  private final LongAdder evaluations = new LongAdder();
  private final Predicate<SpecState> canonical;

  /** A validator that evaluates every step with TLC. */
  public TraceValidator(TransitionChecker checker, Mode mode) {
    this(checker, mode, false);
  }

  /**
   * @param memo judge each distinct (state, step label, state) triple once and reuse the verdict:
   *     TLC's evaluation of an action on a pair of states is a function of the pair (these specs use
   *     no TLCGet/TLCSet or RandomElement), so the verdicts are the same with and without it
   */
  public TraceValidator(TransitionChecker checker, Mode mode, boolean memo) {
    this(checker, mode, memo, s -> true);
  }

  /**
   * @param canonical which states are the one object for their value (the memo and the conversion
   *     cache compare states by identity, so only those are worth keeping)
   */
  TraceValidator(TransitionChecker checker, Mode mode, boolean memo, Predicate<SpecState> canonical) {
    this.checker = checker;
    this.mode = mode;
    this.memo = memo ? new BoundedCache<>(MEMO_SIZE) : null;
    this.canonical = canonical;
  }

  /**
   * A step of a trace as the memo knows it, by identity: {@link Validation} hands over one object
   * per distinct state (and steps are the alphabet's own objects), and identity is what makes a
   * lookup cheap (spec states' own hashes collide a lot). Equal states that are distinct objects
   * are judged again: that costs time, never a different verdict. The label is left out where the
   * mode ignores it.
   */
  private record Transition(SpecState from, Step step, SpecState to) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Transition t && t.from == from && t.step == step && t.to == to;
    }

    @Override
    public int hashCode() {
      long h = System.identityHashCode(from);
      h = h * 0x9E3779B97F4A7C15L + System.identityHashCode(step);
      h = h * 0x9E3779B97F4A7C15L + System.identityHashCode(to);
      return (int) (h ^ (h >>> 32));
    }
  }

  /**
   * {@code s} converted: a canonical state's values through the value cache (they are canonical
   * too), any other state from scratch or as the successor of {@code previous} (may be null).
   */
  private Prepared convert(SpecState s, Prepared previous) {
    if (canonical.test(s)) {
      return checker.prepare(s, values);
    }
    return previous == null ? checker.prepare(s) : checker.prepare(s, previous);
  }

  /** Steps the spec has evaluated (the rest were answered by the memo). */
  public long evaluations() {
    return evaluations.sum();
  }

  /** Distinct transitions memoized (0 without the memo). */
  public int memoized() {
    return memo == null ? 0 : memo.size();
  }

  /**
   * The verdict on a trace of {@code states}, where {@code steps.get(i)} is the trace's name for
   * the step into {@code states.get(i + 1)} ({@code steps} may be empty for mode NEXT and ENUMERATE).
   */
  public Verdict validate(List<Step> steps, List<SpecState> states) {
    if (states.isEmpty()) {
      return Verdict.rejected(0, "the trace has no state");
    }
    if (!checker.isInitial(states.get(0))) {
      return Verdict.rejected(0, "the first state is not an initial state of the spec");
    }
    int relabelled = 0;
    // The converted source state, when the previous step needed it (null after a memo hit).
    Prepared from = null;
    for (int k = 1; k < states.size(); k++) {
      Step step = k - 1 < steps.size() ? steps.get(k - 1) : null;
      SpecState a = states.get(k - 1);
      SpecState b = states.get(k);
      ActionLabel claimed = step == null ? null : new ActionLabel(step.action(), step.params());
      try {
        Transition key = memo == null ? null : new Transition(a, mode == Mode.LABEL ? step : null, b);
        Integer outcome = key == null ? null : memo.get(key);
        Prepared to = null;
        if (outcome == null) {
          if (from == null) {
            from = convert(a, null);
          }
          to = convert(b, from);
          Optional<ActionLabel> by = judge(from, claimed, to);
          evaluations.increment();
          outcome = by.isEmpty() ? REJECTED
              : mode == Mode.LABEL && claimed != null && !by.get().equals(claimed) ? RELABELLED : TAKEN;
          if (key != null && canonical.test(a) && canonical.test(b)) {
            memo.put(key, outcome);
          }
        }
        if (outcome == REJECTED) {
          if (from == null) {
            from = convert(a, null);
          }
          if (to == null) {
            to = convert(b, null);
          }
          return Verdict.rejected(k, whyNot(from, claimed, to));
        }
        if (outcome == RELABELLED) {
          relabelled++;
        }
        from = to;
      } catch (SpecEvaluationException | IllegalArgumentException e) {
        return Verdict.rejected(k, "the spec cannot evaluate the step" + (step == null ? "" : " " + step)
            + ": " + e.getMessage());
      }
    }
    return Verdict.accepted(relabelled);
  }

  /** The action that takes the step (for modes NEXT and ENUMERATE, {@link #ANY}), or empty. */
  private Optional<ActionLabel> judge(Prepared from, ActionLabel claimed, Prepared to) {
    return switch (mode) {
      case LABEL -> checker.explain(from, claimed, to);
      case NEXT -> checker.nextHolds(from, to) ? ANY : Optional.empty();
      case ENUMERATE -> checker.isSuccessor(from, to) ? ANY : Optional.empty();
    };
  }

  private static final Optional<ActionLabel> ANY = Optional.of(new ActionLabel("Next", ImmutableSortedMap.of()));

  /** Why no action takes the step: what the trace's own action does in the spec instead. */
  private String whyNot(Prepared from, ActionLabel claimed, Prepared to) {
    String prefix = "no action of Next takes the step";
    if (claimed == null) {
      return prefix + "; it changes " + changed(from.state(), to.state());
    }
    if (!checker.hasAction(claimed)) {
      return prefix + "; the trace names " + claimed + ", which is not an action of the spec";
    }
    List<SpecState> spec = checker.successors(from, claimed);
    if (spec.isEmpty()) {
      return prefix + "; the trace's " + claimed + " is disabled in the spec here";
    }
    return prefix + "; the spec's " + claimed + " leads elsewhere: " + diff(spec.get(0), to.state());
  }

  private static String changed(SpecState a, SpecState b) {
    Set<String> out = new LinkedHashSet<>(b.changedSince(a).keySet());
    return out.isEmpty() ? "nothing" : String.join(", ", out);
  }

  /** "var: spec=<v> trace=<v>" for each variable on which the two states differ. */
  static String diff(SpecState spec, SpecState trace) {
    List<String> out = new ArrayList<>();
    for (var e : spec.vars().entrySet()) {
      SpecValue t = trace.vars().get(e.getKey());
      if (!e.getValue().equals(t)) {
        out.add(e.getKey() + ": spec=" + e.getValue().toTla() + " trace=" + (t == null ? "(none)" : t.toTla()));
      }
    }
    return String.join("; ", out);
  }
}
