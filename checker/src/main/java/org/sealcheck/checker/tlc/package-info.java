/**
 * The TLC driver: the only package in sealcheck that imports tla2tools ({@code tlc2.*},
 * {@code tla2sany.*}, {@code util.*}). Everything public here speaks Java types,
 * {@link org.sealcheck.model.state.SpecValue}/{@link org.sealcheck.model.state.SpecState} and the
 * records below, so that tla2tools' static, one-spec-per-JVM world stays contained in one place.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.tlc.TlcModelChecker} runs TLC in-process (BFS) on a root
 *       module plus a base cfg and the invariants/action properties to check, and returns a
 *       {@link org.sealcheck.checker.tlc.CheckResult} (outcome, violated property, counterexample
 *       as SpecStates, {@link org.sealcheck.checker.tlc.RunStats}). {@code checkAll} reruns TLC
 *       without each violated property until a run completes, giving a
 *       {@link org.sealcheck.checker.tlc.PropertyVerdict} per property in a
 *       {@link org.sealcheck.checker.tlc.CheckAllResult}. Inputs are a
 *       {@link org.sealcheck.checker.tlc.CheckRequest}.</li>
 *   <li>{@link org.sealcheck.checker.tlc.SpecExplorer} wraps TLC's evaluator ({@code FastTool}):
 *       initial states, labelled successors, which action explains a step, invariants and
 *       constants, for walking a spec in lock-step with the Java model; and any invariant or step
 *       property {@code [][A]_v} of the spec by name, evaluated on a state or step, conjunct by
 *       conjunct, with the variables each conjunct reads (package-private {@code VariablesRead}).</li>
 *   <li>{@link org.sealcheck.checker.tlc.TransitionChecker}: single steps judged by the explorer's
 *       {@code FastTool} from several threads (initial state? which action takes s to t? Next on the
 *       pair; successor counts), for trace validation.</li>
 *   <li>{@link org.sealcheck.checker.tlc.TlcTraceSpec}: the reference trace validation, one TLC run
 *       over a generated trace spec that holds the traces as literals.</li>
 *   <li>{@link org.sealcheck.checker.tlc.TlcParse} parses a spec with SANY only, for reporting a
 *       broken spec as one line with file and line.</li>
 *   <li>{@link org.sealcheck.checker.tlc.Statics} resets the static state tla2tools leaves behind
 *       between runs and captures its text output (TLC never prints to the console and never gets
 *       to call {@code System.exit} on the normal paths).</li>
 *   <li>{@link org.sealcheck.checker.tlc.SpecEvaluationException}: the spec loaded, but TLC could
 *       not evaluate it on a given state.</li>
 *   <li>Package-private: {@code TlcValues} (tla2tools values and states to and from SpecValue,
 *       in canonical form), {@code TlcOutput} (one-line errors from SANY's and TLC's text),
 *       {@code SpecResolver} (finds our temporary cfg outside the spec directory).</li>
 * </ul>
 *
 * <p>Files that do not load (missing spec or cfg, parse or semantic errors, bad cfg) raise
 * {@link org.sealcheck.checker.BadInputException} with one line naming the file and, for spec
 * errors, line and column.
 *
 * <p>Only one spec can be live per JVM: every run, load and parse resets tla2tools' statics under a
 * global lock and invalidates the previously loaded SpecExplorer (it then throws
 * IllegalStateException instead of evaluating against the wrong spec).
 */
package org.sealcheck.checker.tlc;
