package org.sealcheck.checker.report;

import com.google.common.collect.ImmutableMap;
import java.util.Optional;

/**
 * Which lifelines each spec action is drawn between: the actor that runs the step and the one
 * whose code or state it acts on (the same actor for a step inside one component). One table per
 * spec, since a kernel function can play a different part in each ({@code ShmemFallocate} is
 * userspace's fallocate() in MemfdSeals, and the truncation inside restrictedmem's punch in
 * GuestMemInvalidation). A test holds every action of both specs' Next to an entry here.
 */
public final class Routes {

  /**
   * A step drawn from {@code from} to {@code to}; {@code reply} draws it as a return (dashed), for a
   * step that ends a call and hands control back.
   */
  public record Route(Actor from, Actor to, boolean reply) {
    public boolean self() {
      return from == to;
    }
  }

  private static Route call(Actor from, Actor to) {
    return new Route(from, to, false);
  }

  private static Route reply(Actor from, Actor to) {
    return new Route(from, to, true);
  }

  private static Route inside(Actor a) {
    return new Route(a, a, false);
  }

  /**
   * specs/MemfdSeals: every step is a syscall (or a fault) of userspace into shmem, except the
   * guest's store through KVM (v4/v5).
   */
  private static final ImmutableMap<String, Route> MEMFD_SEALS = ImmutableMap.<String, Route>builder()
      .put("MemfdCreate", call(Actor.USERSPACE, Actor.FILE))
      .put("MemfdAddSeals", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemFileWriteIter", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemSetattrSize", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemSetattrMode", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemFallocate", call(Actor.USERSPACE, Actor.FILE))
      .put("DoMmap", call(Actor.USERSPACE, Actor.FILE))
      .put("DoMprotectPkey", call(Actor.USERSPACE, Actor.FILE))
      .put("DoVmiMunmap", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemFault", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemMfillAtomicPte", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemGetLockPfn", call(Actor.VCPU, Actor.FILE))
      .put("ShmemReadISize", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemReadCheckSeal", call(Actor.USERSPACE, Actor.FILE))
      .put("ShmemReadCopy", reply(Actor.FILE, Actor.USERSPACE))
      .buildOrThrow();

  /** specs/GuestMemInvalidation. */
  private static final ImmutableMap<String, Route> GUEST_MEM_INVALIDATION = ImmutableMap.<String, Route>builder()
      // The vCPU's fault path, kvm_mmu_do_page_fault() onwards.
      .put("KvmMmuDoPageFault", inside(Actor.VCPU))
      .put("FaultSnapshotSeq", call(Actor.VCPU, Actor.KVM_MMU))
      .put("FaultCheckAttributes", call(Actor.VCPU, Actor.KVM_MMU))
      .put("KvmGmemGetPfn", call(Actor.VCPU, Actor.FILE))
      .put("HvaToPfn", call(Actor.VCPU, Actor.USERSPACE))
      .put("FaultTakeMmuLock", call(Actor.VCPU, Actor.KVM_MMU))
      .put("IsPageFaultStale", call(Actor.VCPU, Actor.KVM_MMU))
      .put("KvmTdpMmuMap", call(Actor.VCPU, Actor.KVM_MMU))
      // Hole punch: fallocate(PUNCH_HOLE) enters the file, which invalidates KVM's mappings
      // around truncating its pages, then returns to userspace.
      .put("KvmGmemPunchHole", call(Actor.USERSPACE, Actor.FILE))
      .put("RestrictedmemPunchHole", call(Actor.USERSPACE, Actor.FILE))
      .put("RestrictedmemFallocate", call(Actor.USERSPACE, Actor.FILE))
      .put("KvmGmemInvalidateBegin", call(Actor.FILE, Actor.KVM_MMU))
      .put("KvmRestrictedmemInvalidateBegin", call(Actor.FILE, Actor.KVM_MMU))
      .put("TruncateInodePagesRange", inside(Actor.FILE))
      .put("ShmemFallocate", inside(Actor.FILE)) // v9/shim: shmem's PUNCH_HOLE inside restrictedmem
      .put("TruncateInodeFolio", inside(Actor.FILE)) // the second pass, once its folio_lock() returns
      .put("KvmGmemInvalidateEnd", call(Actor.FILE, Actor.KVM_MMU))
      .put("KvmRestrictedmemInvalidateEnd", call(Actor.FILE, Actor.KVM_MMU))
      .put("FilemapInvalidateUnlock", reply(Actor.FILE, Actor.USERSPACE))
      .put("RestrictedmemUpRead", reply(Actor.FILE, Actor.USERSPACE))
      .put("KvmGmemAllocate", call(Actor.USERSPACE, Actor.FILE))
      .put("KvmGmemAllocateGetFolio", reply(Actor.FILE, Actor.USERSPACE)) // its folio_lock() returned
      .put("FilemapInvalidateLock", inside(Actor.FILE)) // a queued punch gets the invalidate lock
      // Memslots: KVM_SET_USER_MEMORY_REGION2 binds and unbinds the file (kvm_gmem_bind/unbind).
      .put("KvmGmemBind", call(Actor.USERSPACE, Actor.FILE))
      .put("KvmSetMemoryRegionDelete", call(Actor.USERSPACE, Actor.KVM_MMU))
      .put("KvmGmemUnbind", call(Actor.KVM_MMU, Actor.FILE))
      .put("FilpClose", call(Actor.USERSPACE, Actor.FILE))
      .put("KvmGmemRelease", call(Actor.FILE, Actor.KVM_MMU))
      // KVM_SET_MEMORY_ATTRIBUTES: the ioctl, then its pre-set, store and post-set steps in KVM.
      .put("KvmVmSetMemAttributes", call(Actor.USERSPACE, Actor.KVM_MMU))
      .put("KvmPreSetMemoryAttributes", inside(Actor.KVM_MMU))
      .put("KvmSetMemAttributesStore", inside(Actor.KVM_MMU))
      .put("KvmPostSetMemoryAttributes", reply(Actor.KVM_MMU, Actor.USERSPACE))
      // Hardware poison: memory_failure() marks the page, then guest_memfd's error_folio hook
      // invalidates KVM's mappings of it.
      .put("MemoryFailure", call(Actor.MM, Actor.FILE))
      .put("KvmGmemErrorFolio", call(Actor.FILE, Actor.KVM_MMU))
      .put("KvmGmemErrorFolioWork", call(Actor.FILE, Actor.KVM_MMU)) // the fix's deferred invalidation
      .put("KvmGmemErrorFolioInvalidateEnd", call(Actor.FILE, Actor.KVM_MMU))
      // A userspace fault on guest_memfd's own mmap (6.18 GUEST_MEMFD_FLAG_MMAP).
      .put("KvmGmemFaultUserMapping", call(Actor.USERSPACE, Actor.FILE))
      // kvm_gmem_populate(): KVM (the SEV-SNP/TDX launch ioctl) fills a page of the file.
      .put("KvmGmemPopulate", call(Actor.KVM_MMU, Actor.FILE))
      .put("KvmGmemGetFolio", inside(Actor.FILE))
      .buildOrThrow();

  private static final ImmutableMap<String, ImmutableMap<String, Route>> BY_SPEC = ImmutableMap.of(
      "MemfdSeals", MEMFD_SEALS, "GuestMemInvalidation", GUEST_MEM_INVALIDATION);

  private Routes() {}

  /** The route of {@code action} in {@code spec}; empty for an action (or spec) the table lacks. */
  public static Optional<Route> of(String spec, String action) {
    return Optional.ofNullable(BY_SPEC.getOrDefault(spec, ImmutableMap.of()).get(action));
  }

  /** The route of {@code action}, or a step inside the file for an action the table lacks. */
  public static Route orDefault(String spec, String action) {
    return of(spec, action).orElse(inside(Actor.FILE));
  }

  /** The actions the table has for {@code spec}. */
  public static java.util.Set<String> actions(String spec) {
    return BY_SPEC.getOrDefault(spec, ImmutableMap.of()).keySet();
  }
}
