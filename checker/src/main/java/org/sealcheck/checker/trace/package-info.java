/**
 * Counterexample and replay traces as files, in the Informal Trace Format of Apalache ADR-015, so
 * that traces from TLC, from the Java model and from other tools share one format and can be
 * compared byte for byte.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.trace.ItfTrace}: top-level metadata, variable names, states.</li>
 *   <li>{@link org.sealcheck.checker.trace.ItfState}: one state's metadata and its
 *       {@link org.sealcheck.model.state.SpecState}.</li>
 *   <li>{@link org.sealcheck.checker.trace.Itf}: reading (strict about structure, lenient about
 *       plain JSON integers and arrays; errors are one-line
 *       {@link org.sealcheck.checker.BadInputException}s naming the file and the JSON path) and
 *       writing (canonical, deterministic layout, atomic replace of the target file).</li>
 *   <li>Package-private {@code Json}: metadata value checks and the fixed output layout, kept
 *       independent of Jackson's default pretty printer so output bytes do not drift with Jackson
 *       versions.</li>
 * </ul>
 */
package org.sealcheck.checker.trace;
