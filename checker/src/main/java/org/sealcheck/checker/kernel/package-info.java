/**
 * The live-kernel oracle: operation sequences run on the running Linux kernel (through JNA) and on
 * the Java model of that kernel's revision, and every return value and errno must agree.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.kernel.LibC}: the glibc calls, bound with JNA;
 *   <li>{@link org.sealcheck.checker.kernel.LiveMemfd}: one memfd and its mappings on the live
 *       kernel, and the syscall that each userspace-visible spec action is (the same table as the C
 *       export's, whose {@code notExportable} decides which actions are userspace-visible);
 *   <li>{@link org.sealcheck.checker.kernel.KernelOracle}: bounded-exhaustive and seeded random
 *       sequences, each run on both sides, stopping at the first disagreement.
 * </ul>
 *
 * <p>Only memfd for now; guest_memfd through /dev/kvm is not checked yet.
 */
package org.sealcheck.checker.kernel;
