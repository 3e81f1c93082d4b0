package org.sealcheck.model.gmem;

/**
 * memory_failure() on a page of the file, as a step machine: PG_hwpoison is set first, then the
 * mapping's error_remove_folio, kvm_gmem_error_folio(), invalidates the KVM mappings.
 */
public final class MemoryFailure {

  /** The spec's mf_pc. */
  public enum Pc {
    IDLE("idle"),
    ERROR_FOLIO("error_folio");

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

  /**
   * memory_failure(): TestSetPageHWPoison() on the folio at {@code i}, before the mapping is told.
   * Bounded by the invalidation budget.
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
   * kvm_gmem_error_folio(): under filemap_invalidate_lock_shared(), invalidate begin and end over
   * the folio's index, without truncating it; returns MF_DELAYED. One step: the page stays in the
   * file between begin and end, so a fault in between either retries or finds it poisoned.
   */
  boolean kvmGmemErrorFolio(GmemSystem s) {
    if (pc != Pc.ERROR_FOLIO || s.file().invalidateLock || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    s.invalidateBeginEnd(s.hitGfns(index, index + 1));
    pc = Pc.IDLE;
    s.ret("kvm_gmem_error_folio", "MF_DELAYED");
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
