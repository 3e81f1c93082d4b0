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
 *   <li>guest_memfd on /dev/kvm: {@link org.sealcheck.checker.kernel.KvmLib} (open, ioctl,
 *       fallocate and the KVM ioctl numbers), {@link org.sealcheck.checker.kernel.GmemOp} (the
 *       calls of the alphabet), {@link org.sealcheck.checker.kernel.LiveGmem} (a VM and its
 *       guest_memfd, mappings and accesses in the {@code MmChild}) and {@link
 *       org.sealcheck.checker.kernel.GmemOracle} (the same two modes against the model's uAPI
 *       layer, {@code model.gmem.GmemSyscalls}). A missing or unopenable /dev/kvm is an
 *       {@link org.sealcheck.checker.kernel.OracleUnavailable} with the reason, not a failure.
 * </ul>
 */
package org.sealcheck.checker.kernel;
