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
    /** kvm_gmem_error_folio() between its invalidate begin and end: folio and invalidate lock held. */
    ERROR_FOLIO_END("error_folio_end"),
    /** The fix's deferred invalidation is queued; the folio is unlocked. */
    WORK("work"),
    /** The fix's work item between its invalidate begin and end: the invalidate lock held shared. */
    WORK_END("work_end");

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
    return locksAnyFolio() && index == i;
  }

  public boolean locksAnyFolio() {
    return pc == Pc.ERROR_FOLIO || pc == Pc.ERROR_FOLIO_END;
  }

  /** Between PG_hwpoison and kvm_gmem_error_folio()'s zap (the spec's mf_pc \in {"error_folio", "work"}). */
  public boolean beforeZap() {
    return pc == Pc.ERROR_FOLIO || pc == Pc.WORK;
  }

  /** The spec's MfReadHeld: the invalidate lock is held shared between begin and end. */
  public boolean readHeld() {
    return pc == Pc.ERROR_FOLIO_END || pc == Pc.WORK_END;
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
   * locked. With ErrorFolioTakesInvalidateLock it takes filemap_invalidate_lock_shared() after the
   * folio lock (it waits while a punch holds the lock exclusive) and begins the invalidation;
   * otherwise it queues the invalidation on a work item ({@link Pc#WORK}) and returns MF_DELAYED,
   * and memory_failure() unlocks the folio and mf_mutex.
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
    return invalidateBegin(s, Pc.ERROR_FOLIO_END);
  }

  /**
   * The fix's work item (kvm_gmem_error_folio_work): filemap_invalidate_lock_shared() with no folio
   * lock held, as mm/filemap.c orders the two, and the same begin. It pins the inode, so it may run
   * after the release: the bindings are gone and it zaps nothing.
   */
  boolean kvmGmemErrorFolioWork(GmemSystem s) {
    return pc == Pc.WORK && invalidateBegin(s, Pc.WORK_END);
  }

  /**
   * kvm_gmem_invalidate_begin() over the folio's index under the shared invalidate lock taken here:
   * one begin, the range add and the zap if a binding intersects (xa_for_each_range()). No
   * truncation: the page stays in the file.
   */
  private boolean invalidateBegin(GmemSystem s, Pc next) {
    if (!s.readLockFree() || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    s.invalidateBeginZap(s.begins(index, index + 1), s.hitGfns(index, index + 1), s.gmemFilter());
    pc = next;
    s.noRet();
    return true;
  }

  /**
   * kvm_gmem_invalidate_end() of kvm_gmem_error_folio() or the work item: an end if a binding
   * intersects the index now (xa_find()), then filemap_invalidate_unlock_shared(). It balances the
   * begin only if no binding of the index went away in between.
   */
  boolean kvmGmemErrorFolioInvalidateEnd(GmemSystem s) {
    if (!readHeld() || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    s.invalidateEnd(s.begins(index, index + 1));
    if (pc == Pc.ERROR_FOLIO_END) {
      s.ret("kvm_gmem_error_folio", "MF_DELAYED");
    } else {
      s.ret("kvm_gmem_error_folio_work", "0");
    }
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
