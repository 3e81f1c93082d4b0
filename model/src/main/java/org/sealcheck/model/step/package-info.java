/**
 * How the checker drives a Java model.
 *
 * <ul>
 *   <li>{@link org.sealcheck.model.step.Step}: a step named as its spec action, with parameters.
 *   <li>{@link org.sealcheck.model.step.StepMachine}: initial state, alphabet, apply, abstraction.
 * </ul>
 *
 * <p>One vocabulary: a kernel function has one name in the spec, in Java, in a trace step and in
 * the report, so a step label here equals TLC's action label for the same transition.
 */
package org.sealcheck.model.step;
