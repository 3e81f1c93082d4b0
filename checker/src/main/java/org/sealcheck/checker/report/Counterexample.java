package org.sealcheck.checker.report;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * A counterexample as the report shows it: the initial state, then one step per spec action with
 * its parameters, lifelines and changed variables; for a liveness violation, the step that loops
 * back.
 *
 * @param initial the initial state, one {@code var = value} per variable
 * @param steps the steps after the initial state, first first
 * @param loopTo for a lasso (liveness), the step number the behaviour returns to (0 = the initial
 *     state); -1 for a finite trace
 * @param loopStep the step from the last state back to {@code loopTo} (null when it only stutters
 *     there, or for a finite trace)
 * @param description the trace's own description (its {@code #meta.description}), or null
 */
record Counterexample(List<Values.Change> initial, List<Step> steps, int loopTo, Step loopStep,
    String description) {

  /**
   * One step.
   *
   * @param number the index of the state it leads to (1 for the first step)
   * @param action the spec action, named after its kernel function
   * @param params its parameters, {@code name=value}
   * @param route the lifelines it is drawn between
   * @param changes the variables it changes, one line per changed leaf
   */
  record Step(int number, String action, String params, Routes.Route route, List<Values.Change> changes) {
    /** {@code Action(p=1, q=v1)}, or the bare name for an action without parameters. */
    String call() {
      return params.isEmpty() ? action : action + "(" + params + ")";
    }
  }

  /** Whether the lasso only stutters in the last state (no step loops back). */
  boolean stutters() {
    return loopTo >= 0 && loopStep == null && loopTo == steps.size();
  }

  /** What the lasso does, for the diagram's note and the tables. */
  String loopText() {
    if (stutters()) {
      return "nothing happens after state " + loopTo + " (the behaviour stays there forever)";
    }
    return "back to state " + loopTo + ": steps " + (loopTo + 1) + "-" + steps.size()
        + (loopStep != null ? " and the loop step" : "") + " repeat forever";
  }

  static Counterexample of(String spec, ItfTrace trace) {
    List<ItfState> states = trace.states();
    if (states.isEmpty()) {
      throw new BadInputException("a counterexample without states");
    }
    SpecState first = states.get(0).state();
    List<Values.Change> initial = first.vars().entrySet().stream()
        .map(e -> new Values.Change(e.getKey(), "", Values.show(e.getValue()))).collect(ImmutableList.toImmutableList());
    List<Step> steps = new ArrayList<>();
    for (int i = 1; i < states.size(); i++) {
      Map<String, Object> meta = states.get(i).meta();
      steps.add(step(spec, i, meta.get("action"), meta.get("params"), states.get(i - 1).state(),
          states.get(i).state(), "states[" + i + "].#meta"));
    }
    int loopTo = -1;
    Step loopStep = null;
    Object loop = trace.meta().get("loop");
    if (loop instanceof Number n) {
      loopTo = n.intValue();
      if (loopTo < 0 || loopTo >= states.size()) {
        throw new BadInputException("#meta.loop must be the index of a state of the trace, not " + loop);
      }
      if (trace.meta().get("loop-action") != null) {
        loopStep = step(spec, loopTo, trace.meta().get("loop-action"), trace.meta().get("loop-params"),
            states.get(states.size() - 1).state(), states.get(loopTo).state(), "#meta.loop-action");
      }
    }
    Object d = trace.meta().get("description");
    return new Counterexample(initial, ImmutableList.copyOf(steps), loopTo, loopStep,
        d instanceof String s ? s : null);
  }

  private static Step step(String spec, int number, Object action, Object params, SpecState before, SpecState after,
      String where) {
    String name = action instanceof String s ? s : "(unlabelled step)";
    String shown = "";
    if (params instanceof Map<?, ?> m) {
      shown = m.entrySet().stream()
          .map(e -> e.getKey() + "=" + Values.show(Itf.decodeFromMeta(e.getValue(), where + ".params." + e.getKey())))
          .collect(Collectors.joining(", "));
    }
    List<Values.Change> changes = new ArrayList<>();
    for (Map.Entry<String, SpecValue> e : after.vars().entrySet()) {
      Values.diff(e.getKey(), before.get(e.getKey()), e.getValue(), changes);
    }
    return new Step(number, name, shown, Routes.orDefault(spec, name), ImmutableList.copyOf(changes));
  }
}
