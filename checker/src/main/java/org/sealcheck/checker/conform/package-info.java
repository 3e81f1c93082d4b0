/**
 * Conformance of a Java model to its spec.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.conform.Conformance}: the lock-step walk over the spec's
 *       complete reachable state graph, both directions, shortest mismatch first.
 *   <li>{@link org.sealcheck.checker.conform.ConformanceResult}: what it found, with speed.
 *   <li>{@link org.sealcheck.checker.conform.Models}: which Java model implements which spec, with
 *       the bounds read from the spec's constants.
 * </ul>
 */
package org.sealcheck.checker.conform;
