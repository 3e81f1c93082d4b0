/**
 * The review's report: {@code report/index.md}, {@code report/index.html} and
 * {@code report/counterexamples.txt}, written after {@code sealcheck review}.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.report.ReportWriter}: gathers the outcomes and
 *       counterexamples and writes the directory atomically and deterministically.
 *   <li>{@link org.sealcheck.checker.report.Routes} and {@link org.sealcheck.checker.report.Actor}:
 *       the lifelines of each spec action (userspace, vCPU, the shmem/gmem file, KVM MMU).
 *   <li>Counterexample, Values: a trace as numbered steps with their changed leaves.
 *   <li>HtmlPage, SequenceSvg, MarkdownPage: the two renderings (inline SVG; mermaid).
 *   <li>PlainTextPage: every counterexample as mail text ({@code org.sealcheck.checker.mail}).
 * </ul>
 */
package org.sealcheck.checker.report;
