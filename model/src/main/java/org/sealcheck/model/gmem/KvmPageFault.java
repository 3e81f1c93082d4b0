package org.sealcheck.model.gmem;

import java.util.Objects;

/**
 * One vCPU's page fault, {@code struct kvm_page_fault} with a program counter: the path
 * kvm_mmu_do_page_fault() -> kvm_mmu_faultin_pfn() -> kvm_tdp_mmu_page_fault(), split where it
 * reads shared state without a lock or takes mmu_lock. Each method is one spec step; it returns
 * false, changing nothing, when the spec's action is disabled.
 */
public final class KvmPageFault {

  /** The spec's VcpuPcs: where the fault is. */
  public enum Pc {
    IDLE("idle"),
    /** RET_PF_RETRY returned: the guest re-executes the access. */
    RETRY("retry"),
    SNAPSHOT("snapshot"),
    ATTR_CHECK("attr_check"),
    GET_PFN("get_pfn"),
    LOCK("lock"),
    /** mmu_lock held for read from here ... */
    CHECK("check"),
    /** ... to the map. */
    MAP("map");

    private final String specName;

    Pc(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  Pc pc = Pc.IDLE;
  /** fault->gfn. */
  int gfn;
  /** fault->is_private. */
  boolean isPrivate;
  /** fault->slot, as a memslot position, or -1 (NULL: the spec's NoSlot). */
  int slot = -1;
  /** fault->mmu_seq. */
  long mmuSeq;
  /** fault->pfn: the page whose reference the fault holds, HvaPfn or NoPfn. */
  int pfn = Pfn.NO_PFN;

  KvmPageFault() {}

  private KvmPageFault(KvmPageFault o) {
    pc = o.pc;
    gfn = o.gfn;
    isPrivate = o.isPrivate;
    slot = o.slot;
    mmuSeq = o.mmuSeq;
    pfn = o.pfn;
  }

  KvmPageFault copy() {
    return new KvmPageFault(this);
  }

  public Pc pc() {
    return pc;
  }

  public int gfn() {
    return gfn;
  }

  public boolean isPrivate() {
    return isPrivate;
  }

  public int slot() {
    return slot;
  }

  public long mmuSeq() {
    return mmuSeq;
  }

  public int pfn() {
    return pfn;
  }

  /** The fault ends (back to the guest or out to userspace): the spec's FaultDone. */
  private void done() {
    pc = Pc.IDLE;
    gfn = 0;
    isPrivate = false;
    slot = -1;
    mmuSeq = 0;
    pfn = Pfn.NO_PFN;
  }

  /** RET_PF_RETRY: the page reference is dropped, the guest faults again on the same gfn. */
  private void retry() {
    pc = Pc.RETRY;
    pfn = Pfn.NO_PFN;
  }

  // ------------------------------------------------------------------ the steps

  /**
   * kvm_mmu_do_page_fault(): a guest access to a gfn without an SPTE (from idle), or the
   * re-execution of the faulting access (from retry). is_private comes from the attributes (a
   * SW_PROTECTED VM) and the memslot is looked up here, under SRCU: one step, as nothing here
   * is re-read later without a check.
   */
  boolean kvmMmuDoPageFault(GmemSystem s, int g) {
    if (!s.config().runs(GmemActor.FAULT)) {
      return false;
    }
    if (!((pc == Pc.IDLE && s.kvm().spteNone(g)) || (pc == Pc.RETRY && g == gfn))) {
      return false;
    }
    s.mutating();
    pc = Pc.SNAPSHOT;
    gfn = g;
    isPrivate = s.isPrivate(g);
    slot = s.kvm().gfnToMemslot(g);
    mmuSeq = 0;
    pfn = Pfn.NO_PFN;
    s.noRet();
    return true;
  }

  /**
   * kvm_mmu_faultin_pfn(): {@code fault->mmu_seq = kvm->mmu_invalidate_seq; smp_rmb();}. One
   * unlocked read: the snapshot is what is_page_fault_stale() later compares against.
   */
  boolean faultSnapshotSeq(GmemSystem s) {
    if (pc != Pc.SNAPSHOT) {
      return false;
    }
    s.mutating();
    mmuSeq = s.kvm().mmuInvalidateSeq;
    pc = Pc.ATTR_CHECK;
    s.noRet();
    return true;
  }

  /**
   * kvm_mmu_faultin_pfn()'s checks: private/shared against the attributes (unlocked read; a
   * conversion after it is caught by the sequence), then no memslot (emulated MMIO) or a memslot
   * being deleted (KVM_MEMSLOT_INVALID: retry).
   */
  boolean faultCheckAttributes(GmemSystem s) {
    if (pc != Pc.ATTR_CHECK) {
      return false;
    }
    s.mutating();
    if (isPrivate != s.isPrivate(gfn)) {
      done();
      s.ret("kvm_mmu_faultin_pfn", "KVM_EXIT_MEMORY_FAULT");
    } else if (slot < 0) {
      done();
      s.ret("kvm_mmu_faultin_pfn", "KVM_EXIT_MMIO");
    } else if (s.kvm().memslot(slot).state == KvmMemorySlot.State.INVALID) {
      retry();
      s.ret("kvm_mmu_faultin_pfn", "RET_PF_RETRY");
    } else {
      pc = Pc.GET_PFN;
      s.noRet();
    }
    return true;
  }

  /** The spec's UsesGmem: a private fault, or any fault on a guest_memfd-only memslot (6.18 MMAP). */
  boolean usesGmem(GmemSystem s) {
    return isPrivate || s.config().revision().gmemOnly(s.config().mmap());
  }

  /**
   * kvm_gmem_get_pfn() (v9 and shim: restrictedmem_get_page(SGP_WRITE)), without the invalidate
   * lock or mmu_lock: {@code p} is the page it returns, NoPfn on an error. A missing folio is
   * allocated from the free pool. One step: the folio lookup and allocation are atomic under the
   * folio lock (kvm_gmem_get_folio()'s FGP_LOCK), which it waits for while memory_failure() holds
   * it, and what can change afterwards (a punch) is caught by the sequence check.
   */
  boolean kvmGmemGetPfn(GmemSystem s, int p) {
    if (pc != Pc.GET_PFN || !usesGmem(s)) {
      return false;
    }
    GmemRevision rev = s.config().revision();
    GmemFile file = s.file();
    int k = slot;
    String err = null;
    int page = Pfn.NO_PFN;
    boolean allocate = false;
    if (rev.isGmem() && (!s.kvm().memslot(k).gmemFile || file.state != GmemFile.State.OPEN)) {
      err = "-EFAULT"; // kvm_gmem_get_file() found no live file
    } else if (!file.bound(k)) {
      err = "-EIO";
    } else {
      int index = s.gmemIndex(k, gfn);
      int folio = file.folio(index);
      if (s.folioLocked(index)) {
        return false; // waits in folio_lock()
      }
      if (folio != Pfn.NO_PFN && file.hwpoisoned(folio)) {
        err = "-EHWPOISON";
      } else if (folio != Pfn.NO_PFN) {
        page = folio;
      } else if (s.freePfns() == 0) {
        err = "-ENOMEM";
      } else {
        page = p;
        allocate = true;
        if (!Pfn.isPage(p) || !s.isFree(p)) {
          return false; // the allocator hands out a free page: another p
        }
      }
    }
    if (err != null) {
      if (p != Pfn.NO_PFN) {
        return false;
      }
      s.mutating();
      // v9 turns every error into RET_PF_RETRY; guest_memfd exits to userspace.
      if (rev.isV9()) {
        retry();
      } else {
        done();
      }
      s.ret("kvm_gmem_get_pfn", err);
      return true;
    }
    if (p != page) {
      return false;
    }
    s.mutating();
    if (allocate) {
      file.addFolio(s.gmemIndex(k, gfn), p); // filemap_grab_folio() / shmem SGP_WRITE
    }
    pfn = p;
    pc = Pc.LOCK;
    s.ret("kvm_gmem_get_pfn", "0");
    return true;
  }

  /**
   * hva_to_pfn(): a shared fault on a memslot that is not guest_memfd-only maps the host page at
   * userspace_addr, populating it on first touch. Host pages are guarded by the mmu_notifier,
   * outside this protocol.
   */
  boolean hvaToPfn(GmemSystem s) {
    if (pc != Pc.GET_PFN || usesGmem(s)) {
      return false;
    }
    s.mutating();
    pc = Pc.LOCK;
    pfn = Pfn.HVA_PFN;
    s.kvm().hvaPopulated |= 1L << gfn;
    s.ret("hva_to_pfn", "0");
    return true;
  }

  /** kvm_tdp_mmu_page_fault(): read_lock(&kvm->mmu_lock). Writers are single steps. */
  boolean faultTakeMmuLock(GmemSystem s) {
    if (pc != Pc.LOCK) {
      return false;
    }
    s.mutating();
    pc = Pc.CHECK;
    s.noRet();
    return true;
  }

  /**
   * is_page_fault_stale() -> mmu_invalidate_retry_gfn(kvm, fault->mmu_seq, fault->gfn), under
   * mmu_lock held for read: no invalidation can begin or end until the map.
   */
  boolean isPageFaultStale(GmemSystem s) {
    if (pc != Pc.CHECK) {
      return false;
    }
    s.mutating();
    if (s.config().revision().retryCheck() && s.kvm().mmuInvalidateRetryGfn(mmuSeq, gfn)) {
      retry();
      s.ret("is_page_fault_stale", "RET_PF_RETRY");
    } else {
      pc = Pc.MAP;
      s.noRet();
    }
    return true;
  }

  /**
   * kvm_tdp_mmu_map(): install the SPTE (a cmpxchg: a second vCPU finds it present), then
   * read_unlock() and drop the page reference.
   */
  boolean kvmTdpMmuMap(GmemSystem s) {
    if (pc != Pc.MAP) {
      return false;
    }
    s.mutating();
    Kvm kvm = s.kvm();
    if (kvm.spteNone(gfn)) {
      kvm.setSpte(gfn, pfn, isPrivate);
      s.ret("kvm_tdp_mmu_map", "RET_PF_FIXED");
    } else {
      s.ret("kvm_tdp_mmu_map", "RET_PF_SPURIOUS");
    }
    done();
    return true;
  }

  // ------------------------------------------------------------------ value semantics

  @Override
  public boolean equals(Object o) {
    return o instanceof KvmPageFault f && f.pc == pc && f.gfn == gfn && f.isPrivate == isPrivate
        && f.slot == slot && f.mmuSeq == mmuSeq && f.pfn == pfn;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pc, gfn, isPrivate, slot, mmuSeq, pfn);
  }

  @Override
  public String toString() {
    return "fault[" + pc.specName() + " gfn=" + gfn + (isPrivate ? " private" : "") + " slot=" + slot
        + " seq=" + mmuSeq + " pfn=" + pfn + "]";
  }
}
