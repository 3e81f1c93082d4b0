/**
 * The live-kernel oracle: operation sequences run on the running Linux kernel (through JNA) and on
 * the Java model of that kernel's revision, and every return value and errno must agree.
 *
 * <ul>
 *   <li>{@link org.sealcheck.checker.kernel.LibC}: the glibc calls, bound with JNA;
 *   <li>{@link org.sealcheck.checker.kernel.MmChild}: the child process ({@code mm-child.c},
 *       compiled with cc) that owns every mapping and makes every load and store through one, so
 *       that SIGBUS and SIGSEGV are results, not the end of the JVM;
 *   <li>{@link org.sealcheck.checker.kernel.LiveMemfd}: one memfd and its mappings on the live
 *       kernel, each userspace-visible spec action made as its {@code export.MemfdSyscall} (the
 *       table the C export uses too, whose {@code notExportable} decides which actions are
 *       userspace-visible);
 *   <li>{@link org.sealcheck.checker.kernel.KernelOracle}: bounded-exhaustive and seeded random
 *       sequences, each run on both sides, stopping at the first disagreement ({@link org.sealcheck.checker.kernel.OracleResult});
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
