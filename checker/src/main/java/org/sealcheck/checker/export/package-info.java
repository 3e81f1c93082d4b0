/**
 * Counterexamples turned into regression tests people can run without sealcheck's checker:
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.export.ExportedTrace}: a counterexample read, checked (it must
 *       replay on its own revision) and its steps in order;
 *   <li>{@link org.sealcheck.checker.export.JunitExport}: a JUnit 5 test that drives the Java
 *       model through the steps and asserts what the property does at the end;
 *   <li>{@link org.sealcheck.checker.export.CExport}: for MemfdSeals, a kselftest-style C program
 *       that makes the same syscalls on the running kernel and checks each result against what the
 *       model predicts for that kernel's revision, and ends with a probe of the violated property;
 *   <li>{@link org.sealcheck.checker.export.PropertyProbe}: that probe, per property: the call
 *       that observes it and what the model of the running kernel's revision says it returns;
 *   <li>{@link org.sealcheck.checker.export.SpecComments}: the spec's comment on each action, so
 *       that an exported step says which kernel function it is in the spec's own words.
 * </ul>
 */
package org.sealcheck.checker.export;
