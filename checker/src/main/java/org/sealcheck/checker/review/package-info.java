/**
 * The review: every config of every spec, checked against its expected outcomes.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.review.Expectations}: expected.json, the expected outcome of
 *       each (revision, property), with why.
 *   <li>{@link org.sealcheck.checker.review.ConfigCheck}: TLC on one config; labelled ITF
 *       counterexamples.
 *   <li>{@link org.sealcheck.checker.review.Review}: runs configs in child JVMs, two at a time.
 *   <li>{@link org.sealcheck.checker.review.ReviewTable}: the verdict table people read.
 *   <li>{@link org.sealcheck.checker.review.ProjectLayout}: where specs and counterexamples live.
 * </ul>
 */
package org.sealcheck.checker.review;
