package org.sealcheck.checker.mail;

/**
 * One line of the diagram before wrapping: what a task does, at a depth (0: the syscall or guest
 * access that userspace sees, 1: the kernel's steps inside it, 2: a note under a step), and the
 * text: a call with its arguments and result, or a {@code /* ... * /} note on what the step
 * changed.
 */
record Row(Task task, int depth, String text) {

  /** A row one level deeper in the same task. */
  Row below(String text) {
    return new Row(task, depth + 1, text);
  }
}
