package org.sealcheck.model.gmem;

/**
 * fallocate(mode 0) of one page -> kvm_gmem_allocate(): filemap_invalidate_lock_shared(), then
 * kvm_gmem_get_folio() (FGP_LOCK | FGP_CREAT), folio_unlock() and the read unlock. One step when
 * the folio is not locked; when memory_failure() holds its lock, kvm_gmem_get_folio() sleeps in
 * folio_lock() with the invalidate lock held shared ({@link Pc#GET_FOLIO}), and a punch that comes
 * meanwhile queues behind that reader (the spec's ReadHeld). Taking the read lock only when it
 * then blocks loses nothing: between the read lock and the folio lock nothing another task can see
 * happens. (v9's notifier start/end around allocation only zap and bump the sequence; they are
 * left out.)
 */
public final class KvmGmemAllocate {

  /** The spec's alloc_pc. */
  public enum Pc {
    IDLE("idle"),
    /** Holds the invalidate lock shared; waits for the folio lock memory_failure() holds. */
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
  /** The file index it waits for (the spec's alloc_index). */
  int index = 0;

  KvmGmemAllocate() {}

  KvmGmemAllocate copy() {
    KvmGmemAllocate a = new KvmGmemAllocate();
    a.pc = pc;
    a.index = index;
    return a;
  }

  public Pc pc() {
    return pc;
  }

  public int index() {
    return index;
  }

  /**
   * Entry with page {@code i}: the read lock (no writer holds it, and none is queued behind a
   * reader); {@code p} is the page at {@code i} afterwards (NoPfn on -ENOMEM, and while it waits).
   */
  boolean kvmGmemAllocate(GmemSystem s, int i, int p) {
    if (!s.config().runs(GmemActor.ALLOCATE) || pc != Pc.IDLE || s.file().state != GmemFile.State.OPEN
        || !s.readLockFree()) {
      return false;
    }
    if (s.folioLocked(i)) {
      if (p != Pfn.NO_PFN) {
        return false;
      }
      s.mutating();
      pc = Pc.GET_FOLIO;
      index = i;
      s.noRet();
      return true;
    }
    return allocateFolio(s, i, p);
  }

  /** kvm_gmem_get_folio() once the folio lock is free; then the read unlock, and fallocate returns. */
  boolean kvmGmemAllocateGetFolio(GmemSystem s, int p) {
    if (pc != Pc.GET_FOLIO || s.folioLocked(index)) {
      return false;
    }
    if (!allocateFolio(s, index, p)) {
      return false;
    }
    pc = Pc.IDLE;
    return true;
  }

  /** The spec's AllocateFolio(i, p): the folio of index i, allocated if missing; fallocate returns. */
  private static boolean allocateFolio(GmemSystem s, int i, int p) {
    GmemSystem.Grab g = s.grabFolio(i, p);
    if (g == GmemSystem.Grab.NOT_P) {
      return false;
    }
    s.ret("fallocate", g == GmemSystem.Grab.ENOMEM ? "-ENOMEM" : "0");
    return true;
  }

  boolean sameAs(KvmGmemAllocate o) {
    return pc == o.pc && index == o.index;
  }

  int contentHash() {
    return pc.ordinal() * 64 + index;
  }

  @Override
  public String toString() {
    return "allocate[" + pc.specName() + " index=" + index + "]";
  }
}
