package org.sealcheck.checker.conform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.sealcheck.checker.Progress;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.SpecExplorer.Transition;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.state.ViewKey;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * Checks a Java model against a spec over the spec's complete reachable state graph, in both
 * directions: from every reachable state, every step the Java model takes is a spec transition with
 * the same label and target, and every spec transition is taken by a Java step with its label.
 *
 * <p>The walk is breadth-first over the spec's states, carrying for each one a Java state whose
 * abstraction is that spec state, so the first mismatch found lies on a shortest path, and it is
 * reported with that path.
 *
 * <p>States that differ only in output variables (the step's return value: no action reads it,
 * and the spec's VIEW leaves it out) have the same successors on both sides, so each VIEW class is
 * expanded once; every transition out of it is still compared in full, outputs included, so a wrong
 * errno is a mismatch.
 *
 * <p><b>Properties.</b> Given a {@link ModelBinding} and a config's invariants and step properties,
 * the walk also holds the Java model's properties against the spec's ({@link PropertyCheck}): every
 * invariant on every distinct reachable state (each target of a compared transition, outputs
 * included, and the initial state), every step property on every transition compared, each verdict
 * from TLC's evaluator and from {@link ModelBinding#holds} on the Java state behind it. A
 * disagreement is a mismatch, with the shortest path to the state or step. Liveness properties are
 * not compared here.
 */
public final class Conformance {

  private Conformance() {}

  private record Node(SpecState spec, Object java, Node parent, Step via, int depth) {}

  public static <S> ConformanceResult check(SpecExplorer explorer, StepMachine<S> model) {
    return check(explorer, model, Progress.NONE);
  }

  /** As {@link #check(SpecExplorer, StepMachine)}, telling {@code progress} how far the walk is. */
  public static <S> ConformanceResult check(SpecExplorer explorer, StepMachine<S> model,
      Consumer<Progress> progress) {
    return walk(explorer, model, null, null, progress);
  }

  /**
   * As {@link #check(SpecExplorer, StepMachine, Consumer)} on {@code binding}'s model, comparing also
   * the Java model's verdict on each of {@code invariants} in every reachable state and on each of
   * {@code stepProperties} ({@code [][A]_v}) on every transition with the spec's.
   *
   * @throws org.sealcheck.checker.BadInputException when the spec has no such property, or it is not
   *     of the kind given
   */
  public static <S> ConformanceResult check(SpecExplorer explorer, ModelBinding<S> binding,
      List<String> invariants, List<String> stepProperties, Consumer<Progress> progress) {
    ValueIds ids = new ValueIds();
    return walk(explorer, binding.machine(), new PropertyCheck<>(explorer, binding, invariants, stepProperties, ids),
        ids, progress);
  }

  private static <S> ConformanceResult walk(SpecExplorer explorer, StepMachine<S> model, PropertyCheck<S> props,
      ValueIds ids, Consumer<Progress> progress) {
    long t0 = System.nanoTime();
    long nextReport = t0 + Progress.INTERVAL_MILLIS * 1_000_000;
    List<String> outputs = model.outputVariables();
    List<Step> alphabet = model.alphabet();
    Set<Step> alphabetSet = new HashSet<>(alphabet);

    S javaInit = model.initial();
    SpecState absInit = model.abstraction(javaInit);
    List<SpecState> inits = explorer.initStates();
    if (!inits.contains(absInit)) {
      return mismatch(t0, 0, 0, "the Java model's initial state is not an initial state of the spec",
          List.of(), diff(inits.get(0), absInit));
    }
    if (inits.size() > 1) {
      return mismatch(t0, 0, 0, "the spec has " + inits.size() + " initial states; the Java model has one",
          List.of(), List.of());
    }

    SpecState init = inits.get(0);
    if (props != null) {
      PropertyCheck.Disagreement d = props.onState(null, init, javaInit);
      if (d != null) {
        return mismatch(t0, 0, 0, d.describe() + ", in the initial state", List.of(), init.toTla().lines().toList(),
            props);
      }
    }

    ArrayDeque<Node> queue = new ArrayDeque<>();
    // Each VIEW class seen, with the output values its members were seen with: a state is new when
    // its class is, or its outputs are new in its class (only tracked when invariants are compared).
    Map<ViewKey, Outputs> seen = new HashMap<>();
    queue.add(new Node(init, javaInit, null, null, 0));
    seen.put(new ViewKey(init, outputs), Outputs.of(ids, init, outputs));
    long transitions = 0;
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (System.nanoTime() > nextReport) {
        nextReport = System.nanoTime() + Progress.INTERVAL_MILLIS * 1_000_000;
        progress.accept(new Progress("conformance", seen.size(), queue.size(), transitions,
            (System.nanoTime() - t0) / 1_000_000));
      }
      @SuppressWarnings("unchecked")
      S j = (S) n.java();

      // The spec's transitions out of this state, by label.
      Map<Step, Set<SpecState>> spec = new LinkedHashMap<>();
      for (Transition t : explorer.successors(n.spec())) {
        Step label = new Step(t.label().name(), t.label().params());
        spec.computeIfAbsent(label, k -> new LinkedHashSet<>()).add(t.next());
      }
      for (Step label : spec.keySet()) {
        if (!alphabetSet.contains(label)) {
          return mismatch(t0, seen.size(), transitions, "the spec takes " + label
              + " but the Java model's alphabet has no such step", path(n, label), List.of());
        }
      }

      Map<Step, SpecState> javaSteps = new HashMap<>();
      for (Step step : alphabet) {
        Optional<S> next = model.apply(j, step);
        Set<SpecState> targets = spec.getOrDefault(step, Set.of());
        if (next.isEmpty()) {
          if (!targets.isEmpty()) {
            return mismatch(t0, seen.size(), transitions, "the spec takes " + step
                + " but the Java model does not (the step is disabled in Java)", path(n, step), List.of());
          }
          continue;
        }
        SpecState abs = model.abstraction(next.get());
        if (targets.isEmpty()) {
          return mismatch(t0, seen.size(), transitions, "the Java model takes " + step
              + " but the spec does not (the action is disabled in the spec)", path(n, step),
              diff(n.spec(), abs));
        }
        // The spec's own instance of the state: the explorer has it in TLC's form already, and the
        // checks below compare it by identity.
        SpecState target = instance(targets, abs);
        if (target == null) {
          return mismatch(t0, seen.size(), transitions, "after " + step
              + " the Java model's state is not the spec's", path(n, step), diff(targets.iterator().next(), abs));
        }
        transitions++;
        javaSteps.put(step, target);
        ViewKey key = new ViewKey(target, outputs);
        Outputs known = seen.get(key);
        boolean newClass = known == null;
        if (newClass) {
          seen.put(key, Outputs.of(ids, target, outputs));
          queue.add(new Node(target, next.get(), n, step, n.depth() + 1));
        }
        if (props != null) {
          boolean newState = newClass || known.add(ids, target, outputs);
          PropertyCheck.Disagreement d = newState ? props.onState(n.spec(), target, next.get()) : null;
          if (d != null) {
            return mismatch(t0, seen.size(), transitions, d.describe() + ", in the state after " + step,
                path(n, step), target.toTla().lines().toList(), props);
          }
          d = props.onStep(n.spec(), j, target, next.get());
          if (d != null) {
            return mismatch(t0, seen.size(), transitions, d.describe() + ", on the step " + step,
                path(n, step), changes(n.spec(), target), props);
          }
        }
      }
      for (Map.Entry<Step, Set<SpecState>> e : spec.entrySet()) {
        for (SpecState target : e.getValue()) {
          if (!target.equals(javaSteps.get(e.getKey()))) {
            return mismatch(t0, seen.size(), transitions, "the spec's " + e.getKey()
                + " has a successor no Java step reaches", path(n, e.getKey()),
                diff(target, javaSteps.getOrDefault(e.getKey(), n.spec())));
          }
        }
      }
    }
    return new ConformanceResult(true, seen.size(), transitions, (System.nanoTime() - t0) / 1_000_000,
        null, List.of(), List.of(), props == null ? List.of() : List.copyOf(props.names()),
        props == null ? 0 : props.evaluations());
  }

  /** The member of {@code targets} equal to {@code s}, or null. */
  private static SpecState instance(Set<SpecState> targets, SpecState s) {
    for (SpecState t : targets) {
      if (t.equals(s)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The values of the output variables that the states of one VIEW class were seen with (one
   * entry per distinct state of the class), or nothing when no one asks.
   */
  private static final class Outputs {
    private static final Outputs UNTRACKED = new Outputs();
    private final List<int[]> seen = new ArrayList<>(1);

    static Outputs of(ValueIds ids, SpecState first, List<String> outputs) {
      if (ids == null) {
        return UNTRACKED;
      }
      Outputs o = new Outputs();
      o.add(ids, first, outputs);
      return o;
    }

    /** Adds the outputs of {@code s}, a state of this class; whether they are new. */
    boolean add(ValueIds ids, SpecState s, List<String> outputs) {
      int[] v = new int[outputs.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = ids.of(s.vars().get(outputs.get(i)));
      }
      for (int[] w : seen) {
        if (Arrays.equals(v, w)) {
          return false;
        }
      }
      seen.add(v);
      return true;
    }
  }

  /** What a step changes: "var: old -> new", one per variable. */
  private static List<String> changes(SpecState before, SpecState after) {
    List<String> out = new ArrayList<>();
    after.changedSince(before).forEach((v, val) ->
        out.add(v + ": " + before.vars().get(v).toTla() + " -> " + val.toTla()));
    if (out.isEmpty()) {
      out.add("(a stuttering step: no variable changes)");
    }
    return out;
  }

  private static List<String> path(Node n, Step last) {
    List<String> steps = new ArrayList<>();
    for (Node p = n; p.parent() != null; p = p.parent()) {
      steps.add(0, p.via().toString());
    }
    steps.add(last.toString());
    return steps;
  }

  /** The variables on which two states differ: "var: spec=<v> java=<v>". */
  static List<String> diff(SpecState spec, SpecState java) {
    List<String> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(spec.vars().keySet());
    names.addAll(java.vars().keySet());
    for (String v : names) {
      SpecValue a = spec.vars().get(v);
      SpecValue b = java.vars().get(v);
      if (a == null || !a.equals(b)) {
        out.add(v + ": spec=" + (a == null ? "(none)" : a.toTla()) + "  java=" + (b == null ? "(none)" : b.toTla()));
      }
    }
    return out;
  }

  private static ConformanceResult mismatch(long t0, long states, long transitions, String what,
      List<String> path, List<String> details) {
    return new ConformanceResult(false, states, transitions, (System.nanoTime() - t0) / 1_000_000, what,
        path, details);
  }

  private static ConformanceResult mismatch(long t0, long states, long transitions, String what,
      List<String> path, List<String> details, PropertyCheck<?> props) {
    return new ConformanceResult(false, states, transitions, (System.nanoTime() - t0) / 1_000_000, what,
        path, details, List.copyOf(props.names()), props.evaluations());
  }
}
