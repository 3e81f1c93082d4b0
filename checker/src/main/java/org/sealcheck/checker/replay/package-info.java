/**
 * Replay of counterexample traces on the Java model.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.replay.Replayer}: follows an ITF trace's steps on a model and
 *       judges its property with the model's own code.
 *   <li>{@link org.sealcheck.checker.replay.ReplayResult}: the reproduced steps, or where they diverged.
 * </ul>
 */
package org.sealcheck.checker.replay;
