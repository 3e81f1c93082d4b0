package org.sealcheck.model.gmem;

/**
 * memory_failure() on a page of the file, as a step machine: PG_hwpoison is set first, then the
 * mapping's error_remove_folio, kvm_gmem_error_folio(), invalidates the KVM mappings.
 */
public final class MemoryFailure {

  /** The spec's mf_pc. */
  public enum Pc {
    IDLE("idle"),
    ERROR_FOLIO("error_folio"),
    /** The fix's deferred invalidation is queued; the folio is unlocked. */
    WORK("work");

    private final String specName;

    Pc(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  Pc pc = Pc.IDLE;
  /** The file index of the poisoned folio (the spec's mf_index). */
  int index = 0;

  MemoryFailure() {}

  MemoryFailure copy() {
    MemoryFailure m = new MemoryFailure();
    m.pc = pc;
    m.index = index;
    return m;
  }

  public Pc pc() {
    return pc;
  }

  public int index() {
    return index;
  }

  /** The folio lock of index {@code i} is held: from memory_failure()'s folio_lock() to its unlock. */
  boolean locksFolio(int i) {
    return pc == Pc.ERROR_FOLIO && index == i;
  }

  boolean locksAnyFolio() {
    return pc == Pc.ERROR_FOLIO;
  }

  /**
   * memory_failure(): mutex_lock(&mf_mutex), TestSetPageHWPoison() on the folio at {@code i}, then
   * folio_lock(), held until error_remove_folio has returned. Bounded by the invalidation budget.
   * One memory failure at a time (mf_mutex), and its folio_lock() never waits: no other task holds
   * a folio lock from one step to the next.
   */
  boolean memoryFailure(GmemSystem s, int i) {
    GmemFile file = s.file();
    int folio = file.folio(i);
    if (!s.config().runs(GmemActor.MEMORY_FAILURE) || pc != Pc.IDLE || !s.budget()
        || folio == Pfn.NO_PFN || file.hwpoisoned(folio)) {
      return false;
    }
    s.mutating();
    file.hwpoison |= 1L << folio;
    pc = Pc.ERROR_FOLIO;
    index = i;
    s.noRet();
    return true;
  }

  /**
   * kvm_gmem_error_folio(), called by me_pagecache_clean() -> truncate_error_folio() with the folio
   * locked; returns MF_DELAYED, and memory_failure() unlocks the folio and mf_mutex. With
   * ErrorFolioTakesInvalidateLock it invalidates here, under filemap_invalidate_lock_shared()
   * taken after the folio lock (it waits while a punch holds the lock exclusive); otherwise it
   * queues the invalidation on a work item ({@link Pc#WORK}).
   */
  boolean kvmGmemErrorFolio(GmemSystem s) {
    if (pc != Pc.ERROR_FOLIO) {
      return false;
    }
    if (!s.config().revision().errorFolioTakesInvalidateLock()) {
      s.mutating();
      pc = Pc.WORK;
      s.ret("kvm_gmem_error_folio", "MF_DELAYED");
      return true;
    }
    if (!invalidate(s)) {
      return false;
    }
    s.ret("kvm_gmem_error_folio", "MF_DELAYED");
    return true;
  }

  /**
   * The fix's work item (kvm_gmem_error_folio_work): filemap_invalidate_lock_shared() with no folio
   * lock held, as mm/filemap.c orders the two, and the same invalidation. It pins the inode, so it
   * may run after the release: the bindings are gone and it zaps nothing.
   */
  boolean kvmGmemErrorFolioWork(GmemSystem s) {
    if (pc != Pc.WORK || !invalidate(s)) {
      return false;
    }
    s.ret("kvm_gmem_error_folio_work", "0");
    return true;
  }

  /**
   * Invalidate begin and end over the folio's index under the invalidate lock (shared), without
   * truncating it. One step: the page stays in the file between begin and end, so a fault in
   * between either retries or finds it poisoned.
   */
  private boolean invalidate(GmemSystem s) {
    if (!s.readLockFree() || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    s.invalidateBeginEnd(s.hitGfns(index, index + 1));
    pc = Pc.IDLE;
    return true;
  }

  boolean sameAs(MemoryFailure o) {
    return pc == o.pc && index == o.index;
  }

  int contentHash() {
    return pc.ordinal() * 64 + index;
  }

  @Override
  public String toString() {
    return "memory_failure[" + pc.specName() + " index=" + index + "]";
  }
}
