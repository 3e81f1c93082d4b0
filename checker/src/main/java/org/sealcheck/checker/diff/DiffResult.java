package org.sealcheck.checker.diff;

import java.util.List;
import java.util.Map;

/**
 * What {@link RevisionDiff} found between two configs A and B of one spec. Every list is empty when
 * the two have the same behaviours.
 *
 * @param spec the spec both configs belong to
 * @param a what was explored of A
 * @param b what was explored of B
 * @param constants the constants whose values differ, as "name: A-value / B-value" (Revision at least,
 *     unless A and B are the same config)
 * @param kindsOnlyInA kinds of state reachable in A and not in B, each with a shortest path to one
 * @param kindsOnlyInB the converse
 * @param violationsOnlyInA sets of violated invariants that some reachable state of A has and no
 *     state of B ("{}" is a state where every invariant holds)
 * @param violationsOnlyInB the converse
 * @param actionsOnlyInA spec actions (by name) taken on some reachable transition of A, never in B
 * @param actionsOnlyInB the converse
 * @param labelsOnlyInA actions with their parameters taken in A, never in B (actions of
 *     actionsOnlyInA left out)
 * @param labelsOnlyInB the converse
 * @param flips properties whose verdict differs (expected.json, or the exploration for invariants)
 * @param aNotB a shortest behaviour of A that B does not allow, or null if there is none
 * @param bNotA a shortest behaviour of B that A does not allow, or null if there is none
 */
public record DiffResult(String spec, Side a, Side b, List<String> constants,
    List<Example> kindsOnlyInA, List<Example> kindsOnlyInB,
    List<Example> violationsOnlyInA, List<Example> violationsOnlyInB,
    List<Example> actionsOnlyInA, List<Example> actionsOnlyInB,
    List<Example> labelsOnlyInA, List<Example> labelsOnlyInB,
    List<Flip> flips, Trace aNotB, Trace bNotA) {

  /**
   * One explored config.
   *
   * @param states states up to the output variable (see {@link RevisionGraph})
   * @param complete false when the depth bound cut the exploration (then "only in" may be "not yet")
   */
  public record Side(String config, String revision, long states, long transitions, int depth, boolean complete,
      long millis) {}

  /** Something that one side has, with a shortest path to it in that side (initial state first). */
  public record Example(String what, List<Step> path) {}

  /**
   * A property whose verdict differs between A and B.
   *
   * @param kind "invariant", "step property" or "liveness"
   * @param expectedA expected.json's verdict for A ("holds", "violated", or "-" if A does not check it)
   * @param exploredA for an invariant, what the exploration of A found ("holds", "violated"), else null
   * @param counterexampleA the committed counterexample of A for this property, or null
   * @param counterexampleAOnB whether that counterexample is a behaviour of B: "a behaviour of B too",
   *     or which step B does not take; null without a counterexample
   */
  public record Flip(String property, String kind, String expectedA, String expectedB, String exploredA,
      String exploredB, String counterexampleA, String counterexampleB, String counterexampleAOnB,
      String counterexampleBOnA) {}

  /**
   * A behaviour that one config allows and the other does not: every step but the last is a step of
   * both (the first state an initial state of both), the last is not a step of {@code rejectedBy}
   * (or, for a one-state trace, its state is not an initial state there).
   *
   * @param instead what {@code rejectedBy} does from the last-but-one state with the same action
   *     (label and parameters): the states it leads to; empty when the action is disabled there
   */
  public record Trace(String allowedBy, String rejectedBy, List<Step> steps, String why, List<Step> instead,
      Map<String, Object> constants) {}

  /** Whether A and B showed no difference at all. */
  public boolean same() {
    return kindsOnlyInA.isEmpty() && kindsOnlyInB.isEmpty() && violationsOnlyInA.isEmpty()
        && violationsOnlyInB.isEmpty() && actionsOnlyInA.isEmpty() && actionsOnlyInB.isEmpty()
        && labelsOnlyInA.isEmpty() && labelsOnlyInB.isEmpty() && flips.isEmpty() && aNotB == null && bNotA == null;
  }
}
