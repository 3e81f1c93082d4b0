/**
 * The {@code sealcheck} command line (picocli).
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.cli.Main}: entry point and the one set of exit codes.
 *   <li>{@code review}, {@code check}, {@code conform}, {@code replay}: the commands people run.
 *   <li>{@code worker}: the hidden command a child JVM runs for one config.
 * </ul>
 *
 * <p>Every command is a {@code Callable<Integer>} whose {@code call()} reads as the outline of the
 * work; bad input surfaces as {@link org.sealcheck.checker.BadInputException}, printed as one line.
 */
package org.sealcheck.checker.cli;
