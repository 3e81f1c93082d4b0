package org.sealcheck.model.gmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.revision.Revisions;

/**
 * The known races, each told as the schedule that shows it, on the revision that has it and on the
 * one that fixes it. Pages p1..p3 are 0..2; vCPU v1 is 0; memslots are positions.
 */
class GmemRacesTest {
  private static final int P1 = 0;

  private static GmemSystem boot(GmemConfig c) {
    return GmemSystem.initial(c);
  }

  /** A whole fault of vCPU 0 on gfn g that maps page p. */
  private static void faultIn(GmemSystem s, int g, int p) {
    assertTrue(s.kvmMmuDoPageFault(0, g));
    assertTrue(s.faultSnapshotSeq(0));
    assertTrue(s.faultCheckAttributes(0));
    assertTrue(s.kvmGmemGetPfn(0, p));
    assertTrue(s.faultTakeMmuLock(0));
    assertTrue(s.isPageFaultStale(0));
    assertTrue(s.kvmTdpMmuMap(0));
    assertEquals(new GmemRet("kvm_tdp_mmu_map", "RET_PF_FIXED"), s.ret());
  }

  /**
   * v9 restrictedmem_fallocate() passes byte offsets to notifiers that expect page offsets: a punch
   * of page 1 (bytes 2..4 with PageSize 2) misses the binding of pages 0..1, so the SPTE of gfn 1
   * survives the page's release, and the page is handed out again to index 0.
   */
  @Test
  void v9ByteOffsetPunchLeavesStaleSpte() {
    GmemSystem s = boot(GmemConfig.mc(Revisions.gmem("v9"), GmemActor.FAULT, GmemActor.PUNCH, GmemActor.ALLOCATE));
    assertTrue(s.kvmGmemAllocate(1, P1));
    faultIn(s, 1, P1);
    assertTrue(s.restrictedmemFallocate(1, 1));
    assertFalse(s.kvmGmemPunchHole(1, 1), "v9 has no kvm_gmem_punch_hole()");
    assertTrue(s.kvmRestrictedmemInvalidateBegin());
    assertEquals(0, s.kvm().mmuInvalidateInProgress(), "no binding hit: no begin");
    assertTrue(s.shmemFallocate());
    assertTrue(s.kvmRestrictedmemInvalidateEnd());
    assertEquals(new GmemRet("restrictedmem_fallocate", "0"), s.ret());
    assertEquals(P1, s.kvm().sptePfn(1));
    assertFalse(GmemProperties.noStaleSpteInv(s));
    assertTrue(s.kvmGmemAllocate(0, P1), "the freed page goes to another index");
    assertEquals(P1, s.file().folio(0));
  }

  /** The same schedule with page offsets (v9-fixed) zaps the SPTE at the begin. */
  @Test
  void v9FixedPunchZapsTheSpte() {
    GmemSystem s = boot(GmemConfig.mc(Revisions.gmem("v9-fixed"), GmemActor.FAULT, GmemActor.PUNCH, GmemActor.ALLOCATE));
    assertTrue(s.kvmGmemAllocate(1, P1));
    faultIn(s, 1, P1);
    assertTrue(s.restrictedmemFallocate(1, 1));
    assertTrue(s.kvmRestrictedmemInvalidateBegin());
    assertEquals(1, s.kvm().mmuInvalidateInProgress());
    assertEquals(Pfn.NO_PFN, s.kvm().sptePfn(1));
    assertTrue(GmemProperties.invalidationCoversFreedPagesInv(s));
    assertTrue(s.shmemFallocate());
    assertTrue(s.kvmRestrictedmemInvalidateEnd());
    assertTrue(GmemProperties.noStaleSpteInv(s));
    assertTrue(GmemProperties.invalidationBalancedInv(s));
  }

  /**
   * A fault that got its page before a whole punch (begin, truncate, end) ran: 6.18's
   * is_page_fault_stale() sees the sequence moved and retries; without the check (debug-no-retry)
   * the fault maps the freed page.
   */
  @Test
  void faultAcrossAPunchRetriesOnlyWithTheCheck() {
    for (GmemRevision rev : List.of(Revisions.gmem("gmem-6.18"), Revisions.gmem("debug-no-retry"))) {
      GmemSystem s = boot(GmemConfig.mc(rev, GmemActor.FAULT, GmemActor.PUNCH, GmemActor.ALLOCATE));
      assertTrue(s.kvmGmemAllocate(0, P1));
      assertTrue(s.kvmMmuDoPageFault(0, 0));
      assertTrue(s.faultSnapshotSeq(0));
      assertTrue(s.faultCheckAttributes(0));
      assertTrue(s.kvmGmemGetPfn(0, P1));
      assertTrue(s.kvmGmemPunchHole(0, 1));
      assertTrue(s.kvmGmemInvalidateBegin());
      assertTrue(s.truncateInodePagesRange());
      assertFalse(s.isFree(P1), "the fault holds a reference");
      assertTrue(s.kvmGmemInvalidateEnd());
      assertTrue(s.filemapInvalidateUnlock());
      assertEquals(new GmemRet("kvm_gmem_punch_hole", "0"), s.ret());
      assertTrue(s.faultTakeMmuLock(0));
      assertTrue(s.isPageFaultStale(0));
      if (rev.equals(Revisions.gmem("gmem-6.18"))) {
        assertEquals(new GmemRet("is_page_fault_stale", "RET_PF_RETRY"), s.ret());
        assertEquals(KvmPageFault.Pc.RETRY, s.fault(0).pc());
        assertTrue(s.isFree(P1), "RET_PF_RETRY drops the reference");
      } else {
        assertTrue(s.kvmTdpMmuMap(0));
        assertEquals(P1, s.kvm().sptePfn(0));
        assertFalse(GmemProperties.noStaleSpteInv(s), rev + " maps a page the file no longer holds");
      }
    }
  }

  /** A fault whose gfn is being punched retries while the invalidation is in progress. */
  @Test
  void faultInsideAnInvalidationRetries() {
    GmemSystem s = boot(GmemConfig.mc(Revisions.gmem("gmem-6.8"), GmemActor.FAULT, GmemActor.PUNCH, GmemActor.ALLOCATE));
    assertTrue(s.kvmGmemAllocate(1, P1));
    assertTrue(s.kvmGmemPunchHole(1, 1));
    assertTrue(s.kvmGmemInvalidateBegin());
    assertEquals(1, s.kvm().mmuInvalidateRangeStart());
    assertEquals(2, s.kvm().mmuInvalidateRangeEnd());
    assertTrue(s.kvmMmuDoPageFault(0, 1));
    assertTrue(s.faultSnapshotSeq(0));
    assertTrue(s.faultCheckAttributes(0));
    assertTrue(s.kvmGmemGetPfn(0, P1));
    assertTrue(s.faultTakeMmuLock(0));
    assertFalse(s.truncateInodePagesRange() && s.kvmGmemInvalidateEnd(), "the end waits for mmu_lock");
    assertTrue(s.isPageFaultStale(0));
    assertEquals(new GmemRet("is_page_fault_stale", "RET_PF_RETRY"), s.ret());
  }

  /**
   * R1 (ae431059e75d): the memslot of a dying file (last fput done, release not yet run) is deleted;
   * before the fix kvm_gmem_unbind() returns early and keeps the binding, so kvm_gmem_release()
   * writes slot->gmem.file into the freed memslot.
   */
  @Test
  void unbindOfDyingFileThenReleaseIsAUseAfterFree() {
    for (GmemRevision rev : List.of(Revisions.gmem("gmem-6.18-pre-ae431059"), Revisions.gmem("gmem-6.18"))) {
      GmemConfig c = GmemConfig.mc(rev, GmemActor.BIND, GmemActor.RELEASE)
          .withSlots(List.of(1, 2), List.of(0, 1), List.of(1, 1), Set.of(1));
      GmemSystem s = boot(c);
      assertTrue(s.filpClose());
      assertEquals(GmemFile.State.DYING, s.file().state());
      assertTrue(s.kvmSetMemoryRegionDelete(0));
      assertFalse(s.kvmGmemRelease(), "release waits for slots_lock");
      assertTrue(s.kvmGmemUnbind(0));
      assertEquals(KvmMemorySlot.State.FREED, s.kvm().memslot(0).state());
      assertTrue(s.kvmGmemRelease());
      assertEquals(new GmemRet("kvm_gmem_release", "0"), s.ret());
      if (rev.equals(Revisions.gmem("gmem-6.18-pre-ae431059"))) {
        assertTrue(s.kasan());
        assertFalse(GmemProperties.noSlotUseAfterFreeInv(s));
      } else {
        assertFalse(s.kasan());
      }
    }
  }

  /**
   * findings/gmem-unbind-dying-imbalance: memory_failure() on a page of a dying file whose memslot
   * is being deleted. kvm_gmem_error_folio() begins (a binding intersects), the lockless unbind of
   * the dying file removes the binding, and the end finds none: mmu_invalidate_in_progress stays 1.
   * kvm-x86's unbind takes the invalidate lock and waits for the end.
   */
  @Test
  void unbindOfDyingFileDuringErrorFolioLeaksTheInvalidation() {
    for (String name : List.of("gmem-6.18", "gmem-upstream", "gmem-kvm-x86")) {
      GmemRevision rev = Revisions.gmem(name);
      GmemSystem s = boot(GmemConfig.mc(rev, GmemActor.MEMORY_FAILURE, GmemActor.BIND, GmemActor.RELEASE,
          GmemActor.ALLOCATE));
      assertTrue(s.kvmGmemAllocate(1, P1));
      assertTrue(s.kvmSetMemoryRegionDelete(0));
      assertTrue(s.filpClose());
      assertTrue(s.memoryFailure(1));
      assertTrue(s.kvmGmemErrorFolio());
      assertEquals(1, s.kvm().mmuInvalidateInProgress(), name);
      boolean locked = rev.unbindAlwaysTakesInvalidateLock();
      GmemSystem before = s.copy();
      assertEquals(!locked, s.kvmGmemUnbind(0), name + ": the unbind waits for the shared lock");
      if (locked) {
        assertTrue(s.kvmGmemErrorFolioInvalidateEnd());
        assertTrue(s.kvmGmemUnbind(0));
        assertEquals(0, s.kvm().mmuInvalidateInProgress(), name);
        assertTrue(GmemProperties.invalidationBalancedInv(s));
      } else {
        assertFalse(GmemProperties.bindingsStableAcrossInvalidationProp(before, s));
        assertTrue(s.kvmGmemErrorFolioInvalidateEnd());
        assertEquals(new GmemRet("kvm_gmem_error_folio", "MF_DELAYED"), s.ret());
        assertEquals(1, s.kvm().mmuInvalidateInProgress(), name + ": no end without a binding");
        assertFalse(GmemProperties.invalidationBalancedInv(s));
      }
    }
  }

  /** kvm_gmem_bind() of a range already bound: -EINVAL up to torvalds/linux, -EEXIST in kvm-x86. */
  @Test
  void overlappingBindErrno() {
    for (String name : List.of("gmem-upstream", "gmem-kvm-x86")) {
      GmemRevision rev = Revisions.gmem(name);
      GmemSystem s = boot(GmemConfig.mc(rev, GmemActor.BIND)
          .withSlots(List.of(1, 2), List.of(0, 1), List.of(1, 1), Set.of()));
      assertTrue(s.kvmGmemBind(0, 0));
      assertTrue(s.kvmGmemBind(1, 0));
      assertEquals(new GmemRet("kvm_set_memory_region", rev.bindOverlapErrno()), s.ret());
      assertEquals(name.equals("gmem-kvm-x86") ? "-EEXIST" : "-EINVAL", rev.bindOverlapErrno());
    }
  }

  /**
   * v9 binds without a lock across the punch: a memslot bound between the punch's begin (which hit
   * nothing) and its end gets an end without a begin, and the count goes negative. The shim's
   * rm->lock holds the bind off.
   */
  @Test
  void bindDuringV9PunchUnbalancesTheCount() {
    GmemConfig v9 = GmemConfig.mc(Revisions.gmem("v9-fixed"), GmemActor.PUNCH, GmemActor.BIND, GmemActor.ALLOCATE)
        .withSlots(List.of(1, 2), List.of(0, 1), List.of(1, 1), Set.of());
    GmemSystem s = boot(v9);
    assertTrue(s.restrictedmemFallocate(0, 1));
    assertTrue(s.kvmRestrictedmemInvalidateBegin());
    assertTrue(s.kvmGmemBind(0, 0));
    assertEquals(new GmemRet("kvm_set_memory_region", "0"), s.ret());
    assertTrue(s.shmemFallocate());
    assertTrue(s.kvmRestrictedmemInvalidateEnd());
    assertEquals(-1, s.kvm().mmuInvalidateInProgress());
    assertFalse(GmemProperties.invalidationBalancedInv(s));

    GmemConfig shim = GmemConfig.mc(Revisions.gmem("shim"), GmemActor.PUNCH, GmemActor.BIND, GmemActor.ALLOCATE)
        .withSlots(List.of(1, 2), List.of(0, 1), List.of(1, 1), Set.of());
    GmemSystem t = boot(shim);
    assertTrue(t.restrictedmemPunchHole(0, 1));
    assertTrue(t.kvmRestrictedmemInvalidateBegin());
    assertFalse(t.kvmGmemBind(0, 0), "rm->lock is held across the punch");
    assertTrue(t.shmemFallocate());
    assertTrue(t.kvmRestrictedmemInvalidateEnd());
    assertTrue(t.restrictedmemUpRead());
    assertEquals(new GmemRet("restrictedmem_punch_hole", "0"), t.ret());
    assertTrue(t.kvmGmemBind(0, 0));
    assertTrue(t.kvmGmemBind(1, 0));
    assertEquals(new GmemRet("kvm_set_memory_region", "-EINVAL"), t.ret(), "exclusive bindings");
    assertTrue(GmemProperties.bindingsExclusiveInv(t));
  }

  /** v9's restrictedmem_get_page(SGP_WRITE): a private fault allocates a page userspace never did. */
  @Test
  void v9FaultAllocatesImplicitly() {
    GmemSystem s = boot(GmemConfig.mc(Revisions.gmem("v9-fixed"), GmemActor.FAULT));
    faultIn(s, 0, P1);
    assertEquals(P1, s.file().folio(0));
    assertFalse(GmemProperties.noImplicitAllocationInv(s));
  }

  /**
   * memory_failure() poisons the page first; until kvm_gmem_error_folio() runs the SPTE may still
   * map it, after that it must not; a new fault gets -EHWPOISON and exits to userspace.
   */
  @Test
  void memoryFailureZapsAndFaultsSeeHwpoison() {
    GmemSystem s = boot(GmemConfig.mc(Revisions.gmem("gmem-6.18"), GmemActor.FAULT, GmemActor.MEMORY_FAILURE,
        GmemActor.ALLOCATE));
    assertTrue(s.kvmGmemAllocate(0, P1));
    faultIn(s, 0, P1);
    assertTrue(s.memoryFailure(0));
    assertTrue(GmemProperties.noStaleSpteInv(s), "the window before the invalidation is allowed");
    assertTrue(s.kvmGmemErrorFolio());
    assertEquals(1, s.kvm().mmuInvalidateInProgress(), "kvm_gmem_invalidate_begin()");
    assertTrue(s.kvmGmemErrorFolioInvalidateEnd());
    assertEquals(new GmemRet("kvm_gmem_error_folio", "MF_DELAYED"), s.ret());
    assertEquals(1, s.kvm().mmuInvalidateSeq());
    assertEquals(0, s.kvm().mmuInvalidateInProgress());
    assertTrue(s.kvm().spteNone(0));
    assertTrue(s.kvmMmuDoPageFault(0, 0));
    assertTrue(s.faultSnapshotSeq(0));
    assertTrue(s.faultCheckAttributes(0));
    assertFalse(s.kvmGmemGetPfn(0, P1));
    assertTrue(s.kvmGmemGetPfn(0, Pfn.NO_PFN));
    assertEquals(new GmemRet("kvm_gmem_get_pfn", "-EHWPOISON"), s.ret());
    assertEquals(KvmPageFault.Pc.IDLE, s.fault(0).pc());
  }

  /**
   * A conversion to shared while a private fault is in flight: the fault read the old attribute,
   * and the conversion's begin makes the fault retry; after the conversion a new fault re-reads
   * the attribute, and one that read it before the store exits to userspace.
   */
  @Test
  void conversionRacesWithAPrivateFault() {
    GmemSystem s = boot(GmemConfig.mc(Revisions.gmem("gmem-6.18"), GmemActor.FAULT, GmemActor.ATTRIBUTES,
        GmemActor.ALLOCATE));
    assertTrue(s.kvmGmemAllocate(0, P1));
    assertTrue(s.kvmMmuDoPageFault(0, 0));
    assertTrue(s.fault(0).isPrivate());
    assertTrue(s.faultSnapshotSeq(0));
    assertTrue(s.kvmVmSetMemAttributes(0, false));
    assertEquals(Kvm.SlotsLock.ATTRIBUTES, s.kvm().slotsLock());
    assertTrue(s.kvmPreSetMemoryAttributes());
    assertTrue(s.kvmSetMemAttributesStore());
    assertTrue(s.faultCheckAttributes(0));
    assertEquals(new GmemRet("kvm_mmu_faultin_pfn", "KVM_EXIT_MEMORY_FAULT"), s.ret());
    assertTrue(s.kvmPostSetMemoryAttributes());
    assertEquals(new GmemRet("kvm_vm_set_mem_attributes", "0"), s.ret());
    assertTrue(GmemProperties.invalidationBalancedInv(s));
  }

  /** 6.18 mmap with INIT_SHARED: a host fault allocates and maps; a punch unmaps the host PTE. */
  @Test
  void hostMappingFollowsThePunch() {
    GmemConfig c = GmemConfig.mc(Revisions.gmem("gmem-6.18"), GmemActor.PUNCH, GmemActor.HOST_FAULT)
        .withMemory(true, Set.of(), true, true);
    GmemSystem s = boot(c);
    assertTrue(s.kvmGmemFaultUserMapping(0, P1));
    assertEquals(new GmemRet("kvm_gmem_fault_user_mapping", "VM_FAULT_LOCKED"), s.ret());
    assertTrue(s.file().userAllocated(0));
    assertTrue(s.kvmGmemPunchHole(0, 1));
    assertTrue(s.kvmGmemInvalidateBegin());
    assertTrue(s.truncateInodePagesRange());
    assertEquals(Pfn.NO_PFN, s.file().hostPte(0));
    assertTrue(GmemProperties.noStaleHostPteInv(s));

    GmemSystem priv = boot(c.withMemory(true, Set.of(), true, false));
    assertFalse(priv.kvmGmemFaultUserMapping(0, P1));
    assertTrue(priv.kvmGmemFaultUserMapping(0, Pfn.NO_PFN));
    assertEquals(new GmemRet("kvm_gmem_fault_user_mapping", "VM_FAULT_SIGBUS"), priv.ret());
  }
}
