/**
 * Conformance of a Java model to its spec.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.conform.Conformance}: the lock-step walk over the spec's
 *       complete reachable state graph, both directions, shortest mismatch first.
 *   <li>{@code PropertyCheck}: during the walk, the Java model's verdict on every invariant of a
 *       config in every reachable state, and on every step property on every transition, against
 *       TLC's; {@code ValueIds} numbers values so that TLC's verdicts can be memoized cheaply.
 *   <li>{@link org.sealcheck.checker.conform.ConformanceResult}: what it found, with speed and the
 *       number of property verdicts compared.
 *   <li>{@link org.sealcheck.checker.conform.Models}: which Java model implements which spec, with
 *       the bounds read from the spec's constants.
 * </ul>
 */
package org.sealcheck.checker.conform;
