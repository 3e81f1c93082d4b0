package org.sealcheck.model.gmem;

/**
 * fallocate(FALLOC_FL_PUNCH_HOLE) on the file, as a step machine: kvm_gmem_punch_hole()
 * (guest_memfd), restrictedmem_punch_hole() (the shim), restrictedmem_fallocate() (v9). Entry
 * takes the invalidate lock (shim: down_read(&rm->lock); v9 takes none), then invalidate begin
 * with the zap, truncation, invalidate end and unlock, each one step; with the switch
 * InvalidateBeforeTruncate off, truncation comes before the begin.
 *
 * <p>Each method is one spec step, named after the spec action; it returns false, changing
 * nothing, when the action is disabled (including in a revision that has no such function).
 */
public final class GmemPunchHole {

  /** The spec's PunchPcs. */
  public enum Pc {
    IDLE("idle"),
    /** Queued for the invalidate lock behind kvm_gmem_allocate()'s read lock. */
    LOCK("lock"),
    BEGIN("begin"),
    TRUNCATE("truncate"),
    FOLIO_LOCK("folio_lock"),
    END("end"),
    UNLOCK("unlock");

    private final String specName;

    Pc(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  Pc pc = Pc.IDLE;
  /** The range [start, end) in pages (pgoff_t). */
  int start = 0;
  int end = 1;

  GmemPunchHole() {}

  GmemPunchHole copy() {
    GmemPunchHole p = new GmemPunchHole();
    p.pc = pc;
    p.start = start;
    p.end = end;
    return p;
  }

  public Pc pc() {
    return pc;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  // ------------------------------------------------------------------ entry, per revision

  /** kvm_gmem_fallocate(PUNCH_HOLE) -> kvm_gmem_punch_hole(): filemap_invalidate_lock(). */
  boolean kvmGmemPunchHole(GmemSystem s, int off, int len) {
    return s.config().revision().isGmem() && punchEntry(s, off, len);
  }

  /** The shim's restrictedmem_punch_hole(): down_read(&rm->lock), held to the end. */
  boolean restrictedmemPunchHole(GmemSystem s, int off, int len) {
    return s.config().revision().isShim() && punchEntry(s, off, len);
  }

  /** v9's restrictedmem_fallocate(): no lock across the punch; the notifier walks take data->lock. */
  boolean restrictedmemFallocate(GmemSystem s, int off, int len) {
    return s.config().revision().isV9() && punchEntry(s, off, len);
  }

  /**
   * The spec's PunchEntry: the fd holds a file reference (the file is open); the invalidate lock,
   * where the revision has one, is taken for write; guest_memfd's punch queues for it while
   * kvm_gmem_allocate() holds it shared ({@link Pc#LOCK}). No invalidation starts once the budget
   * is spent (MaxSeq: a bound of the model, not a kernel check).
   */
  private boolean punchEntry(GmemSystem s, int off, int len) {
    GmemFile file = s.file();
    boolean locks = s.config().revision().bindingsLockedAcrossPunch();
    if (!s.config().runs(GmemActor.PUNCH) || pc != Pc.IDLE || file.state != GmemFile.State.OPEN
        || !s.budget() || (locks && file.invalidateLock) || off + len > s.config().nPages()) {
      return false;
    }
    s.mutating();
    if (s.config().revision().isGmem() && s.readHeld()) {
      pc = Pc.LOCK;
    } else {
      file.invalidateLock = locks;
      pc = s.config().revision().invalidateBeforeTruncate() ? Pc.BEGIN : Pc.TRUNCATE;
    }
    start = off;
    end = off + len;
    s.noRet();
    return true;
  }

  /** filemap_invalidate_lock() of the queued punch once the reader is gone (it is the first waiter). */
  boolean filemapInvalidateLock(GmemSystem s) {
    if (pc != Pc.LOCK || !s.writeLockFree()) {
      return false;
    }
    s.mutating();
    s.file().invalidateLock = true;
    pc = s.config().revision().invalidateBeforeTruncate() ? Pc.BEGIN : Pc.TRUNCATE;
    s.noRet();
    return true;
  }

  // ------------------------------------------------------------------ begin

  /**
   * kvm_gmem_punch_hole() -> kvm_gmem_invalidate_begin(): for the bindings the range hits,
   * kvm_mmu_invalidate_begin() once, kvm_mmu_invalidate_range_add() and the zap, in one
   * write-locked mmu_lock section (so no fault holds mmu_lock for read).
   */
  boolean kvmGmemInvalidateBegin(GmemSystem s) {
    return s.config().revision().isGmem() && punchBegin(s);
  }

  /**
   * kvm_restrictedmem_invalidate_begin() through the notifier list (v9: one call per notifier,
   * each slot begins; shim: one begin for the file). The list walk holds data->lock, so the list
   * is stable within it.
   */
  boolean kvmRestrictedmemInvalidateBegin(GmemSystem s) {
    return !s.config().revision().isGmem() && punchBegin(s);
  }

  private boolean punchBegin(GmemSystem s) {
    if (pc != Pc.BEGIN || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    int unit = s.notifierUnit();
    s.invalidateBeginZap(s.begins(start * unit, end * unit), s.hitGfns(start * unit, end * unit),
        s.gmemFilter());
    pc = s.config().revision().invalidateBeforeTruncate() ? Pc.TRUNCATE : Pc.END;
    s.noRet();
    return true;
  }

  // ------------------------------------------------------------------ truncate

  /** truncate_inode_pages_range() (guest_memfd). */
  boolean truncateInodePagesRange(GmemSystem s) {
    return s.config().revision().isGmem() && punchTruncate(s);
  }

  /** shmem_fallocate(FALLOC_FL_PUNCH_HOLE) on the restrictedmem memfd (v9, shim). */
  boolean shmemFallocate(GmemSystem s) {
    return !s.config().revision().isGmem() && punchTruncate(s);
  }

  /**
   * Removes the folios (their pages go back to the allocator unless a fault holds a reference)
   * and, under each folio's lock, the host PTEs mapping them. The first pass (find_lock_entries())
   * trylocks each folio and skips a locked one; if it skipped one, the punch waits in the second
   * pass's folio_lock() ({@link Pc#FOLIO_LOCK}). With nothing skipped the passes are one step: a
   * fault's lookup is atomic against each folio's removal, and a stale result is caught by the
   * sequence.
   */
  private boolean punchTruncate(GmemSystem s) {
    if (pc != Pc.TRUNCATE) {
      return false;
    }
    s.mutating();
    int locked = lockedInRange(s);
    s.file().truncateInodePagesRange(start, end, locked);
    pc = locked >= 0 ? Pc.FOLIO_LOCK : afterTruncate(s);
    s.noRet();
    return true;
  }

  /** The index in the range whose folio another task holds locked, or -1 (at most one: memory_failure()). */
  private int lockedInRange(GmemSystem s) {
    for (int i = start; i < end; i++) {
      if (s.folioLocked(i)) {
        return i;
      }
    }
    return -1;
  }

  private Pc afterTruncate(GmemSystem s) {
    return s.config().revision().invalidateBeforeTruncate() ? Pc.END : Pc.BEGIN;
  }

  /**
   * truncate_inode_pages_range()'s second pass once the folio lock it waits for is free:
   * truncate_inode_folio() on every folio of the range, those a fault added since the first pass
   * included (kvm_gmem_get_pfn() allocates without the invalidate lock).
   */
  boolean truncateInodeFolio(GmemSystem s) {
    if (pc != Pc.FOLIO_LOCK || lockedInRange(s) >= 0) {
      return false;
    }
    s.mutating();
    s.file().truncateInodePagesRange(start, end);
    pc = afterTruncate(s);
    s.noRet();
    return true;
  }

  // ------------------------------------------------------------------ end

  /** kvm_gmem_invalidate_end(): kvm_mmu_invalidate_end() if a binding intersects now. */
  boolean kvmGmemInvalidateEnd(GmemSystem s) {
    return s.config().revision().isGmem() && punchEnd(s);
  }

  /**
   * kvm_restrictedmem_invalidate_end() through the notifier list as it is now (v9: each slot on
   * it whose range intersects; v9 then returns, holding no lock).
   */
  boolean kvmRestrictedmemInvalidateEnd(GmemSystem s) {
    return !s.config().revision().isGmem() && punchEnd(s);
  }

  private boolean punchEnd(GmemSystem s) {
    if (pc != Pc.END || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    int unit = s.notifierUnit();
    s.invalidateEnd(s.begins(start * unit, end * unit));
    if (s.config().revision().isV9()) {
      pc = Pc.IDLE;
      s.ret("restrictedmem_fallocate", "0");
    } else {
      pc = Pc.UNLOCK;
      s.noRet();
    }
    return true;
  }

  // ------------------------------------------------------------------ unlock

  /** filemap_invalidate_unlock(); kvm_gmem_punch_hole() returns 0. */
  boolean filemapInvalidateUnlock(GmemSystem s) {
    return s.config().revision().isGmem() && punchUnlock(s, "kvm_gmem_punch_hole");
  }

  /** up_read(&rm->lock); restrictedmem_punch_hole() returns 0. */
  boolean restrictedmemUpRead(GmemSystem s) {
    return s.config().revision().isShim() && punchUnlock(s, "restrictedmem_punch_hole");
  }

  private boolean punchUnlock(GmemSystem s, String fn) {
    if (pc != Pc.UNLOCK) {
      return false;
    }
    s.mutating();
    s.file().invalidateLock = false;
    pc = Pc.IDLE;
    s.ret(fn, "0");
    return true;
  }

  boolean sameAs(GmemPunchHole o) {
    return pc == o.pc && start == o.start && end == o.end;
  }

  int contentHash() {
    return (pc.ordinal() * 64 + start) * 64 + end;
  }

  @Override
  public String toString() {
    return "punch[" + pc.specName() + " " + start + ".." + end + ")";
  }
}
