/**
 * The Java reference implementation of the invalidate-start/end protocol between a
 * guest-private-memory file and the KVM MMU, as specs/GuestMemInvalidation/GuestMemInvalidation.tla
 * states it: kernel structures and functions by their kernel names, results as the kernel's
 * return values and errnos.
 *
 * <ul>
 *   <li>Structures: {@link org.sealcheck.model.gmem.GmemFile} (guest_memfd / restrictedmem file:
 *       folios, PG_hwpoison, bindings, invalidate lock, life), {@link org.sealcheck.model.gmem.Kvm}
 *       (mmu_invalidate_seq/in_progress/range, SPTEs, memory attributes, slots_lock, memslots) and
 *       {@link org.sealcheck.model.gmem.KvmMemorySlot}.
 *   <li>Threads as step machines, one method per spec action: {@link
 *       org.sealcheck.model.gmem.KvmPageFault} (a vCPU's fault: kvmMmuDoPageFault ...
 *       isPageFaultStale, kvmTdpMmuMap), {@link org.sealcheck.model.gmem.GmemPunchHole}
 *       (kvmGmemPunchHole / restrictedmemPunchHole / restrictedmemFallocate, begin, truncate, end,
 *       unlock), {@link org.sealcheck.model.gmem.KvmSetMemAttributes} and {@link
 *       org.sealcheck.model.gmem.MemoryFailure}.
 *   <li>{@link org.sealcheck.model.gmem.GmemSystem}: the whole state, the one-step calls
 *       (kvmGmemAllocate, kvmGmemBind, kvmSetMemoryRegionDelete, kvmGmemUnbind, filpClose,
 *       kvmGmemRelease, kvmGmemFaultUserMapping) and the spec's helpers (Hit, Begins, FreePfns).
 *   <li>{@link org.sealcheck.model.gmem.GmemRevision}: the revisions and the spec's switches;
 *       {@link org.sealcheck.model.gmem.GmemConfig}: the constants of a config.
 *   <li>{@link org.sealcheck.model.gmem.GmemMachine}: the {@code StepMachine} the checker drives;
 *       {@link org.sealcheck.model.gmem.GmemStep}: its typed steps with TLC's labels.
 *   <li>{@link org.sealcheck.model.gmem.GmemSyscalls}: the uAPI the live-kernel oracle drives
 *       (KVM_CREATE_GUEST_MEMFD, fallocate, KVM_SET_USER_MEMORY_REGION2, mmap, host accesses):
 *       the kernel's argument checks as kernel-named methods returning the errno, then the spec
 *       steps each call runs; it adds no spec action.
 *   <li>{@link org.sealcheck.model.gmem.GmemProperties}: the spec's invariants on Java states, and
 *       the state predicates of its two liveness properties.
 * </ul>
 */
package org.sealcheck.model.gmem;
