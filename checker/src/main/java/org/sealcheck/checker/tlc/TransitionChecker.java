package org.sealcheck.checker.tlc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.model.state.SpecState;
import tlc2.tool.Action;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.impl.FastTool;

/**
 * Single steps of a loaded spec judged by TLC's evaluator, from any number of threads: is a state
 * initial, which action takes one state to another (trying the action a trace claims first), does
 * {@code Next} hold on a pair, and how many successors TLC generates from a state.
 *
 * <p>Unlike {@link SpecExplorer} it keeps no caches (a caller may bring a {@link ValueCache}):
 * each caller converts a state once with {@link #prepare} and passes the result to every check
 * that needs it (a trace's state is the target of one step and the source of the next). TLC's own workers evaluate one {@code FastTool}
 * concurrently during model checking, so concurrent evaluation of actions on distinct states is
 * what tla2tools is built for; a spec that uses {@code TLCGet}/{@code TLCSet} or
 * {@code RandomElement} would not be, and these specs use neither.
 *
 * <p>Valid as long as the explorer it was made from: a later TLC run or spec load makes every
 * method throw {@link IllegalStateException}.
 */
public final class TransitionChecker {

  /** A spec state converted to TLC's representation once, for several checks. */
  public static final class Prepared {
    private final SpecState state;
    private final TLCState tlc;

    private Prepared(SpecState state, TLCState tlc) {
      this.state = state;
      this.tlc = tlc;
    }

    public SpecState state() {
      return state;
    }
  }

  private final SpecExplorer explorer;
  private final FastTool tool;
  private final Action[] actions;
  private final List<ActionLabel> labels;
  private final Map<ActionLabel, int[]> byLabel;
  private final Action next;
  private final Set<SpecState> inits;
  private final Set<String> modelValues;

  private TransitionChecker(SpecExplorer explorer) {
    this.explorer = explorer;
    this.tool = explorer.tool();
    this.actions = explorer.tlcActions();
    this.labels = explorer.actions();
    Map<ActionLabel, List<Integer>> idx = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      idx.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(i);
    }
    this.byLabel = new HashMap<>();
    idx.forEach((k, v) -> byLabel.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    this.next = tool.getNextStateSpec();
    this.inits = new HashSet<>(explorer.initStates());
    this.modelValues = explorer.modelValueNames();
  }

  /** A checker for the spec {@code explorer} has loaded (computes the initial states once). */
  public static TransitionChecker of(SpecExplorer explorer) {
    return new TransitionChecker(explorer);
  }

  /**
   * Converts {@code s} for the checks below.
   *
   * @throws IllegalArgumentException if {@code s} does not bind exactly the spec's variables or
   *     holds a value TLC cannot represent
   */
  public Prepared prepare(SpecState s) {
    checkLive();
    return new Prepared(s, TlcValues.toTlcState(s, modelValues));
  }

  /**
   * Converts {@code s}, the successor of the already converted {@code previous} in a trace,
   * converting only the variables whose values differ from it.
   */
  public Prepared prepare(SpecState s, Prepared previous) {
    checkLive();
    return new Prepared(s, TlcValues.toTlcState(s, modelValues, previous.state, previous.tlc));
  }

  /**
   * Converts {@code s}, taking each variable's value from {@code cache} (converting and adding it
   * if absent).
   */
  public Prepared prepare(SpecState s, ValueCache cache) {
    checkLive();
    return new Prepared(s, TlcValues.toTlcState(s, modelValues, cache));
  }

  /** Whether {@code s} satisfies the spec's initial predicate. */
  public boolean isInitial(SpecState s) {
    checkLive();
    return inits.contains(s);
  }

  /**
   * An action that takes {@code from} to {@code to}: the actions labelled {@code claimed} are tried
   * first (a trace's own label makes this one evaluation in the common case), then every other
   * action in TLC's order. Empty when no action of {@code Next} takes the step.
   *
   * @throws SpecEvaluationException when TLC cannot evaluate an action on the pair
   */
  public Optional<ActionLabel> explain(Prepared from, ActionLabel claimed, Prepared to) {
    checkLive();
    int[] first = claimed == null ? null : byLabel.get(claimed);
    if (first != null) {
      for (int i : first) {
        if (valid(i, from, to)) {
          return Optional.of(labels.get(i));
        }
      }
    }
    for (int i = 0; i < actions.length; i++) {
      if (!labels.get(i).equals(claimed) && valid(i, from, to)) {
        return Optional.of(labels.get(i));
      }
    }
    return Optional.empty();
  }

  /** Whether the action {@code claimed} (one of {@link SpecExplorer#actions}) takes {@code from} to {@code to}. */
  public boolean takes(Prepared from, ActionLabel claimed, Prepared to) {
    checkLive();
    int[] idx = byLabel.get(claimed);
    if (idx != null) {
      for (int i : idx) {
        if (valid(i, from, to)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the spec's {@code Next}, evaluated as a predicate on the pair, holds. */
  public boolean nextHolds(Prepared from, Prepared to) {
    checkLive();
    try {
      return tool.isValid(next, from.tlc, to.tlc);
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating Next on a step: " + oneLine(e), e);
    }
  }

  /** Whether {@code to} is among the successors TLC generates from {@code from} (enumerating them all). */
  public boolean isSuccessor(Prepared from, Prepared to) {
    checkLive();
    for (int i = 0; i < actions.length; i++) {
      StateVec sv = nextStates(i, from);
      for (int j = 0; j < sv.size(); j++) {
        if (sv.elementAt(j).equals(to.tlc)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The states the actions labelled {@code label} lead to from {@code from}, for explaining why a
   * step was rejected; empty when the label is not an action of the spec or is disabled there.
   */
  public List<SpecState> successors(Prepared from, ActionLabel label) {
    checkLive();
    List<SpecState> out = new ArrayList<>();
    for (int i : byLabel.getOrDefault(label, new int[0])) {
      StateVec sv = nextStates(i, from);
      for (int j = 0; j < sv.size(); j++) {
        out.add(TlcValues.toSpecState(sv.elementAt(j)));
      }
    }
    return out;
  }

  /** Whether {@code label} names an action of the spec. */
  public boolean hasAction(ActionLabel label) {
    return byLabel.containsKey(label);
  }

  /** How many successors TLC generates from {@code s}, over every action, duplicates included. */
  public int successorCount(Prepared s) {
    checkLive();
    int n = 0;
    for (int i = 0; i < actions.length; i++) {
      n += nextStates(i, s).size();
    }
    return n;
  }

  private boolean valid(int i, Prepared from, Prepared to) {
    try {
      return tool.isValid(actions[i], from.tlc, to.tlc);
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating action " + labels.get(i) + " on a step: " + oneLine(e), e);
    }
  }

  private StateVec nextStates(int i, Prepared s) {
    try {
      return tool.getNextStates(actions[i], s.tlc);
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating action " + labels.get(i) + ": " + oneLine(e), e);
    }
  }

  private void checkLive() {
    if (Statics.generation() != explorer.generation()) {
      throw new IllegalStateException("this TransitionChecker for " + explorer.module()
          + " was invalidated by a later TLC run, parse or spec load (tla2tools holds one spec per JVM)");
    }
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }
}
