/**
 * The review's report: {@code report/index.md} and {@code report/index.html}, written after
 * {@code sealcheck review}.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.report.ReportWriter}: gathers the outcomes and
 *       counterexamples and writes the directory atomically and deterministically.
 *   <li>{@link org.sealcheck.checker.report.Routes} and {@link org.sealcheck.checker.report.Actor}:
 *       the lifelines of each spec action (userspace, vCPU, the shmem/gmem file, KVM MMU).
 *   <li>Counterexample, Values: a trace as numbered steps with their changed leaves.
 *   <li>HtmlPage, SequenceSvg, MarkdownPage: the two renderings (inline SVG; mermaid).
 * </ul>
 */
package org.sealcheck.checker.report;
