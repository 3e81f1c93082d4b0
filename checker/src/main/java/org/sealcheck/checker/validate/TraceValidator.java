package org.sealcheck.checker.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sealcheck.checker.tlc.SpecEvaluationException;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.checker.tlc.TransitionChecker;
import org.sealcheck.checker.tlc.TransitionChecker.Prepared;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * Judges a trace against the spec's transition relation: the first state must be initial, and each
 * step a transition of {@code Next}. Thread-safe (it holds nothing but the checker).
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

  private final TransitionChecker checker;
  private final Mode mode;

  public TraceValidator(TransitionChecker checker, Mode mode) {
    this.checker = checker;
    this.mode = mode;
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
    Prepared from = null;
    for (int k = 1; k < states.size(); k++) {
      Step step = k - 1 < steps.size() ? steps.get(k - 1) : null;
      try {
        if (from == null) {
          from = checker.prepare(states.get(0));
        }
        Prepared to = checker.prepare(states.get(k), from);
        ActionLabel claimed = step == null ? null : new ActionLabel(step.action(), step.params());
        boolean ok;
        switch (mode) {
          case LABEL -> {
            Optional<ActionLabel> by = checker.explain(from, claimed, to);
            ok = by.isPresent();
            if (ok && claimed != null && !by.get().equals(claimed)) {
              relabelled++;
            }
          }
          case NEXT -> ok = checker.nextHolds(from, to);
          case ENUMERATE -> ok = checker.isSuccessor(from, to);
          default -> throw new IllegalStateException("unknown mode " + mode);
        }
        if (!ok) {
          return Verdict.rejected(k, whyNot(from, claimed, to));
        }
        from = to;
      } catch (SpecEvaluationException | IllegalArgumentException e) {
        return Verdict.rejected(k, "the spec cannot evaluate the step" + (step == null ? "" : " " + step)
            + ": " + e.getMessage());
      }
    }
    return Verdict.accepted(relabelled);
  }

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
