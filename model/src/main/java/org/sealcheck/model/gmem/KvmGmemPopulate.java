package org.sealcheck.model.gmem;

/**
 * kvm_gmem_populate() (SEV-SNP launch update, TDX init-mem-region; the caller holds
 * kvm->slots_lock) on one page, as a step machine: filemap_invalidate_lock() (exclusive), then
 * __kvm_gmem_get_pfn() -> kvm_gmem_get_folio(), which waits for the folio lock, the hwpoison
 * check, post_populate and folio_put(); the second step also drops the invalidate lock and
 * slots_lock (nothing another task can see happens between folio_unlock() and
 * filemap_invalidate_unlock()).
 */
public final class KvmGmemPopulate {

  /** The spec's populate_pc. */
  public enum Pc {
    IDLE("idle"),
    /** Holds slots_lock and the invalidate lock; waits for the folio lock. */
    GET_FOLIO("get_folio");

    private final String specName;

    Pc(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  Pc pc = Pc.IDLE;
  /** The file index it populates (the spec's populate_index). */
  int index = 0;

  KvmGmemPopulate() {}

  KvmGmemPopulate copy() {
    KvmGmemPopulate p = new KvmGmemPopulate();
    p.pc = pc;
    p.index = index;
    return p;
  }

  public Pc pc() {
    return pc;
  }

  public int index() {
    return index;
  }

  /** Entry: slots_lock (the caller's) and filemap_invalidate_lock(), both free. */
  boolean kvmGmemPopulate(GmemSystem s, int i) {
    GmemFile file = s.file();
    if (!s.config().runs(GmemActor.POPULATE) || pc != Pc.IDLE || file.state != GmemFile.State.OPEN
        || s.kvm().slotsLock != Kvm.SlotsLock.NONE || !s.writeLockFree()) {
      return false;
    }
    s.mutating();
    s.kvm().slotsLock = Kvm.SlotsLock.POPULATE;
    file.invalidateLock = true;
    pc = Pc.GET_FOLIO;
    index = i;
    s.noRet();
    return true;
  }

  /**
   * kvm_gmem_get_folio() on the index, once memory_failure() does not hold its lock; a missing
   * folio is allocated (userspace asked for the page, so it counts as its allocation). {@code p}
   * is the page populated, NoPfn on an error.
   */
  boolean kvmGmemGetFolio(GmemSystem s, int p) {
    GmemFile file = s.file();
    if (pc != Pc.GET_FOLIO || s.folioLocked(index)) {
      return false;
    }
    int folio = file.folio(index);
    String val;
    if (folio != Pfn.NO_PFN && file.hwpoisoned(folio)) {
      if (p != Pfn.NO_PFN) {
        return false;
      }
      s.mutating();
      val = "-EHWPOISON";
    } else {
      GmemSystem.Grab g = s.grabFolio(index, p);
      if (g == GmemSystem.Grab.NOT_P) {
        return false;
      }
      val = g == GmemSystem.Grab.ENOMEM ? "-ENOMEM" : "1";
    }
    s.kvm().slotsLock = Kvm.SlotsLock.NONE;
    file.invalidateLock = false;
    pc = Pc.IDLE;
    s.ret("kvm_gmem_populate", val);
    return true;
  }

  boolean sameAs(KvmGmemPopulate o) {
    return pc == o.pc && index == o.index;
  }

  int contentHash() {
    return pc.ordinal() * 64 + index;
  }

  @Override
  public String toString() {
    return "populate[" + pc.specName() + " index=" + index + "]";
  }
}
