/**
 * Trace validation: runs of the Java model under seeded random schedules, each judged against the
 * spec's transition relation with the spec loaded once.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.validate.RandomSchedules}: a run, one uniformly drawn enabled
 *       step at a time, reproducible from its seed.
 *   <li>{@link org.sealcheck.checker.validate.TraceValidator}: the first state initial, every step
 *       a transition of Next (the trace's own action tried first); a {@link
 *       org.sealcheck.checker.validate.Verdict} per trace.
 *   <li>{@link org.sealcheck.checker.validate.Validation}: many runs, made and judged on several
 *       threads; the successor-generation rate that bounds it. Random walks revisit states, so a
 *       batch runs each model step and abstraction once per distinct model state, keeps one object
 *       per distinct spec state ({@code StateInterner}), converts each distinct value to TLC's form
 *       once ({@link org.sealcheck.checker.tlc.ValueCache}) and, with the memo, asks TLC about each
 *       distinct (state, step, state) once. All caches are bounded and hold functions of their
 *       keys: a full cache costs time, not a different verdict.
 *   <li>{@link org.sealcheck.checker.validate.TlcAgreement}: the same traces judged by TLC's model
 *       checker on a trace spec, and the traces where the two disagree.
 * </ul>
 */
package org.sealcheck.checker.validate;
