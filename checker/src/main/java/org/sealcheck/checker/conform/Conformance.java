package org.sealcheck.checker.conform;

import java.util.ArrayDeque;
import java.util.ArrayList;
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

    ArrayDeque<Node> queue = new ArrayDeque<>();
    Set<ViewKey> seen = new HashSet<>();
    queue.add(new Node(absInit, javaInit, null, null, 0));
    seen.add(new ViewKey(absInit, outputs));
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
        if (!targets.contains(abs)) {
          return mismatch(t0, seen.size(), transitions, "after " + step
              + " the Java model's state is not the spec's", path(n, step), diff(targets.iterator().next(), abs));
        }
        transitions++;
        javaSteps.put(step, abs);
        if (seen.add(new ViewKey(abs, outputs))) {
          queue.add(new Node(abs, next.get(), n, step, n.depth() + 1));
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
        null, List.of(), List.of());
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
}
