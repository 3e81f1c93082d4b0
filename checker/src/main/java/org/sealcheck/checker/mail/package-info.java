/**
 * A counterexample as a kernel developer would paste it into a reply on a mailing list: plain
 * text, 80 columns, the kernel's own conventions ({@code replay --format email}, {@code export
 * --format email}, the review report's {@code counterexamples.txt}).
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.mail.Mail}: the whole text: what breaks and the promise it
 *       breaks (from the spec's comment), the setup, the race, the notation, where it came from.
 *   <li>TraceSteps: an ITF trace read step by step (action, states before and after), without
 *       replaying it.
 *   <li>MemfdStory, GmemStory: a trace of each spec as rows of tasks: userspace as syscalls with
 *       real arguments, kernel steps as kernel functions; MemfdChanges, GmemChanges: the note on
 *       what each step changed.
 *   <li>MemfdCalls: a MemfdSeals syscall (the C export's and the oracle's {@code MemfdSyscall})
 *       written as strace writes it; KernelNames: the one table from spec action to kernel
 *       function; {@link org.sealcheck.checker.mail.Errnos}: return values with symbolic errnos
 *       (also for {@code replay}'s text output).
 *   <li>Task, Row, Story: what the stories hand to the layout; ColumnDiagram: the race as the
 *       column-per-CPU diagram of kernel commit messages; Wrap: line breaking for prose and code.
 * </ul>
 */
package org.sealcheck.checker.mail;
