/**
 * {@code sealcheck diff A B}: what two configs of one spec (two revisions of a kernel protocol)
 * differ in, read off their complete reachable state graphs.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.diff.RevisionDiff}: resolves the configs, explores A then B
 *       (one spec per JVM), compares them; the shortest behaviour each allows and the other does
 *       not comes from a breadth-first walk of the states both reach along the same path.
 *   <li>{@link org.sealcheck.checker.diff.RevisionGraph}: one config's graph kept in Java, states
 *       up to the output variable, with the first example of every kind of state.
 *   <li>{@link org.sealcheck.checker.diff.Kind}: the abstraction of a state that the diff compares:
 *       one variable, or one entry of a function-valued variable, taking one value.
 *   <li>{@link org.sealcheck.checker.diff.DiffResult}, {@link org.sealcheck.checker.diff.Step}:
 *       what was found, each with a shortest path to an example.
 *   <li>{@link org.sealcheck.checker.diff.DiffReport}: the result as text, JSON and ITF traces.
 * </ul>
 */
package org.sealcheck.checker.diff;
