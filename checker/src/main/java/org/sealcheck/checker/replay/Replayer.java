package org.sealcheck.checker.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * Replays an ITF counterexample on a Java model: from the model's initial state, takes each
 * step named in the trace's {@code #meta} and checks that the model reaches the trace's state, then
 * asks the model's own property code whether the trace's property is violated at the end.
 */
public final class Replayer {

  private Replayer() {}

  /** The step a trace state's {@code #meta} names ("action" and "params"), or bad input. */
  public static Step stepOf(ItfState s, int index) {
    return step(s.meta(), "states[" + index + "].#meta", "action", "params");
  }

  /** The step that {@code meta}'s fields {@code actionKey} and {@code paramsKey} name. */
  private static Step step(Map<String, Object> meta, String where, String actionKey, String paramsKey) {
    if (!(meta.get(actionKey) instanceof String name)) {
      throw new BadInputException(where + " has no \"" + actionKey + "\" string");
    }
    if (!(meta.getOrDefault(paramsKey, Map.of()) instanceof Map<?, ?> m)) {
      throw new BadInputException(where + "." + paramsKey + " is not an object");
    }
    List<Object> kv = new ArrayList<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      kv.add(e.getKey());
      kv.add(Itf.decodeFromMeta(e.getValue(), where + "." + paramsKey + "." + e.getKey()));
    }
    return Step.of(name, kv.toArray());
  }

  public static <S> ReplayResult replay(ItfTrace trace, ModelBinding<S> binding) {
    StepMachine<S> m = binding.machine();
    String property = (String) trace.meta().get("property");
    List<ReplayResult.ReplayedStep> out = new ArrayList<>();
    S state = m.initial();
    S before = state;
    SpecState abs = m.abstraction(state);
    SpecState expected0 = trace.states().get(0).state();
    if (!abs.equals(expected0)) {
      return new ReplayResult(out, false, "the initial state differs from the trace's: "
          + firstDiff(expected0, abs), true);
    }
    out.add(new ReplayResult.ReplayedStep(0, "Init", abs, abs));
    List<S> states = new ArrayList<>(List.of(state));
    for (int i = 1; i < trace.states().size(); i++) {
      ItfState ts = trace.states().get(i);
      Step step = stepOf(ts, i);
      Optional<S> next;
      try {
        next = m.apply(state, step);
      } catch (IllegalArgumentException e) {
        return new ReplayResult(out, false, "step " + i + " " + step + ": not a step of this model ("
            + e.getMessage() + ")", true);
      }
      if (next.isEmpty()) {
        return new ReplayResult(out, false, "step " + i + " " + step + " is not enabled on the Java model", true);
      }
      SpecState nextAbs = m.abstraction(next.get());
      if (!nextAbs.equals(ts.state())) {
        return new ReplayResult(out, false, "step " + i + " " + step + " reaches a different state: "
            + firstDiff(ts.state(), nextAbs), true);
      }
      out.add(new ReplayResult.ReplayedStep(i, step.toString(), nextAbs,
          new SpecState(nextAbs.changedSince(abs))));
      before = state;
      state = next.get();
      abs = nextAbs;
      states.add(state);
    }
    if (trace.meta().containsKey("loop")) {
      return closeLasso(trace, binding, out, states, property);
    }
    boolean holds = property == null || binding.holds(property, before, state);
    return new ReplayResult(out, true, null, holds, holds ? "" : binding.explain(property, state));
  }

  /**
   * A liveness counterexample: the step that closes the cycle must take the model from the last
   * state back to the loop state (unless the behaviour stutters there), and the model's own code
   * judges the property on the cycle.
   */
  private static <S> ReplayResult closeLasso(ItfTrace trace, ModelBinding<S> binding,
      List<ReplayResult.ReplayedStep> out, List<S> states, String property) {
    Object loopMeta = trace.meta().get("loop");
    if (!(loopMeta instanceof Number n) || n.intValue() < 0 || n.intValue() >= states.size()) {
      throw new BadInputException("#meta.loop must be the index of a state of the trace, not " + loopMeta);
    }
    int loop = n.intValue();
    List<Step> cycleSteps = new ArrayList<>();
    for (int i = loop + 1; i < trace.states().size(); i++) {
      cycleSteps.add(stepOf(trace.states().get(i), i));
    }
    if (!Boolean.TRUE.equals(trace.meta().get("stutters"))) {
      Step back = step(trace.meta(), "#meta", "loop-action", "loop-params");
      cycleSteps.add(back);
      StepMachine<S> m = binding.machine();
      Optional<S> next;
      try {
        next = m.apply(states.get(states.size() - 1), back);
      } catch (IllegalArgumentException e) {
        return new ReplayResult(out, false, "the loop step " + back + " is not a step of this model", true);
      }
      if (next.isEmpty() || !m.abstraction(next.get()).equals(trace.states().get(loop).state())) {
        return new ReplayResult(out, false, "the loop step " + back + " does not lead back to state " + loop, true);
      }
    }
    List<S> cycle = states.subList(loop, states.size());
    Optional<String> unfair = binding.unfairOn(cycle, cycleSteps);
    if (unfair.isPresent()) {
      return new ReplayResult(out, false, "the cycle from state " + loop + " is not a fair behaviour of this model ("
          + unfair.get() + ")", true);
    }
    boolean holds = property == null || binding.holdsOnCycle(property, cycle);
    return new ReplayResult(out, true, null, holds);
  }

  private static String firstDiff(SpecState expected, SpecState actual) {
    for (Map.Entry<String, SpecValue> e : expected.vars().entrySet()) {
      SpecValue a = actual.vars().get(e.getKey());
      if (!e.getValue().equals(a)) {
        return e.getKey() + " is " + (a == null ? "(missing)" : a.toTla()) + ", the trace says " + e.getValue().toTla();
      }
    }
    return "the model has variables the trace does not: " + actual.vars().keySet();
  }
}
