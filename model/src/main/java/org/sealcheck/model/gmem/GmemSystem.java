package org.sealcheck.model.gmem;

import java.util.Arrays;

/**
 * The kernel state of the invalidate-start/end protocol and the calls the actors make on it: the
 * file ({@link GmemFile}), KVM ({@link Kvm}, with its {@link KvmMemorySlot}s), each vCPU's
 * {@link KvmPageFault}, the hole punch ({@link GmemPunchHole}), KVM_SET_MEMORY_ATTRIBUTES
 * ({@link KvmSetMemAttributes}), memory_failure() ({@link MemoryFailure}), KASAN's report and the
 * output of the last step (the spec's {@code ret}).
 *
 * <p>Every public step method is one step of the spec, named after the spec action (which is
 * named after the kernel function); it returns false and changes nothing when the spec's action
 * is disabled, true after running the step. Paths that the spec keeps atomic are single methods
 * here, with the reason in their comment.
 *
 * <p>Value semantics: equals and hashCode cover every field. A state is mutable until
 * {@link #freeze()}; {@link #copy()} gives a mutable, independent copy.
 */
public final class GmemSystem {
  private final GmemConfig config;
  private final Kvm kvm;
  private final GmemFile file;
  private final KvmPageFault[] faults;
  private final GmemPunchHole punch;
  private final KvmSetMemAttributes attributes;
  private final MemoryFailure memoryFailure;
  private final KvmGmemPopulate populate;
  private final KvmGmemAllocate allocate;
  /** KASAN has reported a use-after-free of a memslot (R1). */
  private boolean kasan;
  private GmemRet ret = GmemRet.NO_RET;
  private boolean frozen;
  private int hash;

  private GmemSystem(GmemConfig c) {
    this.config = c;
    KvmMemorySlot[] slots = new KvmMemorySlot[c.slotCount()];
    file = new GmemFile(c.nPages(), c.slotCount());
    for (int k = 0; k < slots.length; k++) {
      boolean bound = c.initBound().contains(c.slots().get(k));
      slots[k] = new KvmMemorySlot(c.slots().get(k), c.slotBase().get(k), c.slotPages().get(k),
          bound ? KvmMemorySlot.State.ACTIVE : KvmMemorySlot.State.NONE, bound);
      if (bound) {
        file.bindings[k] = 0;
      }
    }
    kvm = new Kvm(c.nGfns(), slots);
    if (c.vmHasPrivateMem()) {
      for (int g : c.initPrivate()) {
        kvm.memAttrPrivate |= 1L << g;
      }
    }
    faults = new KvmPageFault[c.vcpus().size()];
    for (int v = 0; v < faults.length; v++) {
      faults[v] = new KvmPageFault();
    }
    punch = new GmemPunchHole();
    attributes = new KvmSetMemAttributes();
    memoryFailure = new MemoryFailure();
    populate = new KvmGmemPopulate();
    allocate = new KvmGmemAllocate();
  }

  private GmemSystem(GmemSystem o) {
    config = o.config;
    kvm = o.kvm.copy();
    file = o.file.copy();
    faults = new KvmPageFault[o.faults.length];
    for (int v = 0; v < faults.length; v++) {
      faults[v] = o.faults[v].copy();
    }
    punch = o.punch.copy();
    attributes = o.attributes.copy();
    memoryFailure = o.memoryFailure.copy();
    populate = o.populate.copy();
    allocate = o.allocate.copy();
    kasan = o.kasan;
    ret = o.ret;
  }

  /** The spec's Init: memslots of InitBound created and bound at pgoff 0, InitPrivate private. */
  public static GmemSystem initial(GmemConfig config) {
    return new GmemSystem(config);
  }

  public GmemSystem copy() {
    return new GmemSystem(this);
  }

  public GmemSystem freeze() {
    if (!frozen) {
      frozen = true;
      hash = computeHash();
    }
    return this;
  }

  public boolean isFrozen() {
    return frozen;
  }

  void mutating() {
    if (frozen) {
      throw new IllegalStateException("this state is frozen; copy() it to run a step on it");
    }
  }

  // ------------------------------------------------------------------ accessors

  public GmemConfig config() {
    return config;
  }

  public GmemRevision revision() {
    return config.revision();
  }

  public Kvm kvm() {
    return kvm;
  }

  public GmemFile file() {
    return file;
  }

  /** The page fault of vCPU {@code v} (its position in the config's Vcpus). */
  public KvmPageFault fault(int v) {
    return faults[v];
  }

  public int vcpuCount() {
    return faults.length;
  }

  public GmemPunchHole punch() {
    return punch;
  }

  public KvmSetMemAttributes attributes() {
    return attributes;
  }

  public MemoryFailure memoryFailure() {
    return memoryFailure;
  }

  public KvmGmemPopulate populate() {
    return populate;
  }

  public KvmGmemAllocate allocate() {
    return allocate;
  }

  /**
   * The invalidate lock's rw_semaphore as the spec has it (ReadHeld, WriterQueued, ReadLockFree,
   * WriteLockFree): across steps it is held exclusive by the punch and populate, and shared by
   * kvm_gmem_allocate() waiting for a folio and by kvm_gmem_error_folio() (or the fix's work item)
   * between its invalidate begin and end. A punch that finds it read-held queues, and while it
   * waits rwsem_down_read_slowpath() queues a new reader behind it (reader-owned, rcnt > 1).
   */
  public boolean readHeld() {
    return allocReadHeld() || memoryFailure.readHeld();
  }

  /** The spec's AllocReadHeld. */
  public boolean allocReadHeld() {
    return allocate.pc == KvmGmemAllocate.Pc.GET_FOLIO;
  }

  public boolean writerQueued() {
    return punch.pc == GmemPunchHole.Pc.LOCK;
  }

  public boolean readLockFree() {
    return !file.invalidateLock && !(writerQueued() && readHeld());
  }

  public boolean writeLockFree() {
    return !file.invalidateLock && !readHeld();
  }

  public boolean kasan() {
    return kasan;
  }

  public GmemRet ret() {
    return ret;
  }

  void ret(String fn, String val) {
    ret = new GmemRet(fn, val);
  }

  void noRet() {
    ret = GmemRet.NO_RET;
  }

  // ------------------------------------------------------------------ the spec's helpers

  /** IsPrivate(g): kvm_mem_is_private(). */
  public boolean isPrivate(int gfn) {
    return config.vmHasPrivateMem() && kvm.attributePrivate(gfn);
  }

  /** MmuLockFree: no fault holds mmu_lock for read, so a writer can take it. */
  public boolean mmuLockFree() {
    for (KvmPageFault f : faults) {
      if (f.pc == KvmPageFault.Pc.CHECK || f.pc == KvmPageFault.Pc.MAP) {
        return false;
      }
    }
    return true;
  }

  /** Budget: the model's bound on invalidations (mmu_invalidate_seq < MaxSeq). */
  public boolean budget() {
    return kvm.mmuInvalidateSeq < config.maxSeq();
  }

  /**
   * InUse, as a bit set of pfns: held by the file, by a fault in flight, by a host PTE, or isolated
   * after a memory failure. An SPTE holds no reference: KVM does not pin guest_memfd pages.
   */
  public long inUse() {
    long m = file.hwpoison;
    for (int i = 0; i < file.nPages(); i++) {
      m |= bit(file.folios[i]) | bit(file.hostPte[i]);
    }
    for (KvmPageFault f : faults) {
      m |= bit(f.pfn);
    }
    return m;
  }

  private static long bit(int pfn) {
    return Pfn.isPage(pfn) ? 1L << pfn : 0;
  }

  /** FreePfns, as a bit set: what the page allocator can hand out. */
  public long freePfns() {
    return ((1L << config.pfns().size()) - 1) & ~inUse();
  }

  public boolean isFree(int pfn) {
    return Pfn.isPage(pfn) && (freePfns() & (1L << pfn)) != 0;
  }

  /** GmemIndex(s, g): kvm_gmem_get_index(), the file index of gfn in bound memslot position k. */
  public int gmemIndex(int k, int gfn) {
    return gfn - kvm.memslots[k].baseGfn + file.bindings[k];
  }

  /**
   * Hit(s, start, end): the gfns of bound memslot position {@code k} whose file index is in
   * [start, end), as a bit set (kvm_gmem_invalidate_begin()'s clamping of the range).
   */
  long hit(int k, int start, int end) {
    int pgoff = file.bindings[k];
    if (pgoff == GmemFile.NO_BINDING) {
      return 0;
    }
    KvmMemorySlot m = kvm.memslots[k];
    long gs = 0;
    for (int i = Math.max(pgoff, start); i < Math.min(pgoff + m.npages, end); i++) {
      gs |= 1L << (m.baseGfn + i - pgoff);
    }
    return gs;
  }

  /** HitGfns(start, end) as a bit set. */
  public long hitGfns(int start, int end) {
    long gs = 0;
    for (int k = 0; k < kvm.memslots.length; k++) {
      gs |= hit(k, start, end);
    }
    return gs;
  }

  /**
   * Begins(start, end): how many kvm_mmu_invalidate_begin() calls an invalidation of [start, end)
   * makes: one per file for guest_memfd and the shim, one per hit notifier for v9.
   */
  int begins(int start, int end) {
    int hits = 0;
    for (int k = 0; k < kvm.memslots.length; k++) {
      if (hit(k, start, end) != 0) {
        hits++;
      }
    }
    return hits == 0 ? 0 : config.revision().isV9() ? hits : 1;
  }

  int notifierUnit() {
    return config.revision().notifierUnit(config.pageSize());
  }

  /** GmemFilter: the attr_filter of a guest_memfd invalidation. */
  AttrFilter gmemFilter() {
    return config.revision().gmemFilter(config.initShared());
  }

  /**
   * The spec's BeginZap: {@code n} invalidate begins, range_add over the gfns and the zap, in one
   * write-locked mmu_lock section; nothing when no gfn is hit.
   */
  void invalidateBeginZap(int n, long gfns, AttrFilter filter) {
    if (gfns == 0) {
      return;
    }
    for (int j = 0; j < n; j++) {
      kvm.kvmMmuInvalidateBegin();
    }
    kvm.kvmMmuInvalidateRangeAdd(gfns);
    kvm.kvmUnmapGfnRange(gfns, filter);
  }

  /** The spec's End(n): {@code n} invalidate ends. */
  void invalidateEnd(int n) {
    for (int j = 0; j < n; j++) {
      kvm.kvmMmuInvalidateEnd();
    }
  }

  /** Begin, range_add, zap with the guest_memfd filter and end, in one step; nothing if no gfn. */
  void invalidateBeginEnd(long gfns) {
    if (gfns == 0) {
      return;
    }
    kvm.kvmMmuInvalidateBegin();
    kvm.kvmMmuInvalidateRangeAdd(gfns);
    kvm.kvmUnmapGfnRange(gfns, gmemFilter());
    kvm.kvmMmuInvalidateEnd();
  }

  // ------------------------------------------------------------------ vCPU steps

  /** kvm_mmu_do_page_fault() of vCPU v on gfn g, from idle or after RET_PF_RETRY. */
  public boolean kvmMmuDoPageFault(int v, int g) {
    return faults[v].kvmMmuDoPageFault(this, g);
  }

  public boolean faultSnapshotSeq(int v) {
    return faults[v].faultSnapshotSeq(this);
  }

  public boolean faultCheckAttributes(int v) {
    return faults[v].faultCheckAttributes(this);
  }

  /** kvm_gmem_get_pfn() returning page {@code p} ({@link Pfn#NO_PFN} on an error). */
  public boolean kvmGmemGetPfn(int v, int p) {
    return faults[v].kvmGmemGetPfn(this, p);
  }

  public boolean hvaToPfn(int v) {
    return faults[v].hvaToPfn(this);
  }

  public boolean faultTakeMmuLock(int v) {
    return faults[v].faultTakeMmuLock(this);
  }

  public boolean isPageFaultStale(int v) {
    return faults[v].isPageFaultStale(this);
  }

  public boolean kvmTdpMmuMap(int v) {
    return faults[v].kvmTdpMmuMap(this);
  }

  // ------------------------------------------------------------------ punch steps

  public boolean kvmGmemPunchHole(int off, int len) {
    return punch.kvmGmemPunchHole(this, off, len);
  }

  public boolean restrictedmemPunchHole(int off, int len) {
    return punch.restrictedmemPunchHole(this, off, len);
  }

  public boolean restrictedmemFallocate(int off, int len) {
    return punch.restrictedmemFallocate(this, off, len);
  }

  public boolean kvmGmemInvalidateBegin() {
    return punch.kvmGmemInvalidateBegin(this);
  }

  public boolean kvmRestrictedmemInvalidateBegin() {
    return punch.kvmRestrictedmemInvalidateBegin(this);
  }

  public boolean truncateInodePagesRange() {
    return punch.truncateInodePagesRange(this);
  }

  public boolean truncateInodeFolio() {
    return punch.truncateInodeFolio(this);
  }

  public boolean shmemFallocate() {
    return punch.shmemFallocate(this);
  }

  public boolean kvmGmemInvalidateEnd() {
    return punch.kvmGmemInvalidateEnd(this);
  }

  public boolean kvmRestrictedmemInvalidateEnd() {
    return punch.kvmRestrictedmemInvalidateEnd(this);
  }

  public boolean filemapInvalidateUnlock() {
    return punch.filemapInvalidateUnlock(this);
  }

  public boolean restrictedmemUpRead() {
    return punch.restrictedmemUpRead(this);
  }

  // ------------------------------------------------------------------ fallocate(mode 0)

  /** What {@link #grabFolio} found for a caller that names page p. */
  enum Grab {
    /** p is not the page the call gives: the step is disabled. */
    NOT_P,
    /** The folio of the index, found or newly allocated; it counts as userspace's (user_alloc). */
    FOLIO,
    /** No folio and no free page (p is NoPfn): -ENOMEM. */
    ENOMEM
  }

  /**
   * kvm_gmem_get_folio() / filemap_grab_folio() of index {@code i} with FGP_CREAT on userspace's
   * behalf (fallocate, populate, a host fault): the folio there, else a new one from the free pages.
   * {@code p} is the page the step names; nothing changes when it is not that page.
   */
  Grab grabFolio(int i, int p) {
    int folio = file.folio(i);
    if (folio != Pfn.NO_PFN) {
      if (p != folio) {
        return Grab.NOT_P;
      }
      mutating();
    } else if (freePfns() == 0) {
      if (p != Pfn.NO_PFN) {
        return Grab.NOT_P;
      }
      mutating();
      return Grab.ENOMEM;
    } else {
      if (!isFree(p)) {
        return Grab.NOT_P;
      }
      mutating();
      file.addFolio(i, p);
    }
    file.userAlloc |= 1L << i;
    return Grab.FOLIO;
  }

  /** fallocate(mode 0) of page {@code i}: {@link KvmGmemAllocate}. */
  public boolean kvmGmemAllocate(int i, int p) {
    return allocate.kvmGmemAllocate(this, i, p);
  }

  public boolean kvmGmemAllocateGetFolio(int p) {
    return allocate.kvmGmemAllocateGetFolio(this, p);
  }

  // ------------------------------------------------------------------ memslots

  /**
   * KVM_SET_USER_MEMORY_REGION2 create of memslot position {@code k} bound at {@code pgoff}:
   * kvm_gmem_bind() (shim: restrictedmem_bind(); v9: restrictedmem_register_notifier()). Atomic
   * under slots_lock and, for guest_memfd and the shim, the invalidate lock for write; v9 takes only
   * data->lock around list_add() and has no overlap check.
   */
  public boolean kvmGmemBind(int k, int pgoff) {
    KvmMemorySlot slot = kvm.memslots[k];
    boolean v9 = config.revision().isV9();
    if (!config.runs(GmemActor.BIND) || slot.state != KvmMemorySlot.State.NONE
        || kvm.slotsLock != Kvm.SlotsLock.NONE || file.state != GmemFile.State.OPEN
        || pgoff + slot.npages > config.nPages() || (!v9 && !writeLockFree())) {
      return false;
    }
    mutating();
    boolean overlap = false;
    for (int t = 0; t < kvm.memslots.length; t++) {
      int tpg = file.bindings[t];
      if (tpg != GmemFile.NO_BINDING && tpg < pgoff + slot.npages && pgoff < tpg + kvm.memslots[t].npages) {
        overlap = true;
      }
    }
    if (!v9 && overlap) {
      ret("kvm_set_memory_region", config.revision().bindOverlapErrno()); // xa_find() found one
      return true;
    }
    slot.state = KvmMemorySlot.State.ACTIVE;
    slot.gmemFile = true;
    file.bindings[k] = pgoff;
    ret("kvm_set_memory_region", "0");
    return true;
  }

  /**
   * KVM_SET_USER_MEMORY_REGION2 delete, up to kvm_free_memslot(): mutex_lock(slots_lock), mark the
   * slot KVM_MEMSLOT_INVALID, swap the memslots and synchronize_srcu() (so no fault that could see
   * the old slot is in flight: the spec requires every vCPU idle or retrying), then
   * kvm_arch_flush_shadow_memslot() zaps its SPTEs.
   */
  public boolean kvmSetMemoryRegionDelete(int k) {
    KvmMemorySlot slot = kvm.memslots[k];
    if (!config.runs(GmemActor.BIND) || slot.state != KvmMemorySlot.State.ACTIVE
        || kvm.slotsLock != Kvm.SlotsLock.NONE) {
      return false;
    }
    for (KvmPageFault f : faults) {
      if (f.pc != KvmPageFault.Pc.IDLE && f.pc != KvmPageFault.Pc.RETRY) {
        return false;
      }
    }
    mutating();
    kvm.slotsLock = Kvm.SlotsLock.MEMSLOT;
    slot.state = KvmMemorySlot.State.INVALID;
    kvm.kvmUnmapGfnRange(slot.gfns(), AttrFilter.ALL);
    noRet();
    return true;
  }

  /**
   * kvm_free_memslot() -> kvm_gmem_unbind(), kfree(slot), mutex_unlock(slots_lock). A released
   * file (slot->gmem.file NULL) has no bindings left; a dying file (get_file_active() fails) keeps
   * them before ae431059e75d and loses them without the invalidate lock after (torvalds/linux
   * 01f492e1817e too), under it in kvm-x86/linux 5e38e1bd4e7b; a live file's under the invalidate
   * lock. v9: restrictedmem_unregister_notifier(); shim: restrictedmem_unbind().
   */
  public boolean kvmGmemUnbind(int k) {
    KvmMemorySlot slot = kvm.memslots[k];
    if (slot.state != KvmMemorySlot.State.INVALID || kvm.slotsLock != Kvm.SlotsLock.MEMSLOT) {
      return false;
    }
    GmemRevision rev = config.revision();
    boolean keep = rev.isGmem() && slot.gmemFile && file.state != GmemFile.State.OPEN && !rev.unbindRemovesDying();
    if (unbindLocks(k) && !writeLockFree()) {
      return false;
    }
    mutating();
    if (!keep) {
      file.bindings[k] = GmemFile.NO_BINDING;
      slot.gmemFile = false;
    }
    slot.state = KvmMemorySlot.State.FREED;
    kvm.slotsLock = Kvm.SlotsLock.NONE;
    ret("kvm_set_memory_region", "0");
    return true;
  }

  /**
   * The spec's UnbindLocks(s): kvm_gmem_unbind() of memslot position {@code k} takes the
   * invalidate lock: a live file's binding, or a dying file's where UnbindAlwaysTakesInvalidateLock.
   */
  boolean unbindLocks(int k) {
    GmemRevision rev = config.revision();
    boolean dying = rev.isGmem() && file.state != GmemFile.State.OPEN;
    return !rev.isV9() && kvm.memslots[k].gmemFile && (!dying || rev.unbindAlwaysTakesInvalidateLock());
  }

  // ------------------------------------------------------------------ close and release

  /**
   * close(): the last fput(); __fput() and so the release run later. A punch in flight holds a
   * file reference of its own.
   */
  public boolean filpClose() {
    if (!config.runs(GmemActor.RELEASE) || file.state != GmemFile.State.OPEN
        || punch.pc != GmemPunchHole.Pc.IDLE || allocate.pc != KvmGmemAllocate.Pc.IDLE) {
      return false;
    }
    mutating();
    file.state = GmemFile.State.DYING;
    ret("close", "0");
    return true;
  }

  /**
   * kvm_gmem_release(): under slots_lock and the invalidate lock, slot->gmem.file = NULL for every
   * binding (a write into a freed memslot is KASAN's report), invalidate begin and end over them,
   * the bindings destroyed; then the inode is evicted and its pages freed
   * (truncate_inode_pages_final(), which waits for each folio's lock). One step: both locks
   * are held throughout, no page is freed between begin and end, and a fault between them would
   * retry exactly as after them.
   */
  public boolean kvmGmemRelease() {
    if (file.state != GmemFile.State.DYING || kvm.slotsLock != Kvm.SlotsLock.NONE || !writeLockFree()
        || !mmuLockFree() || memoryFailure.locksAnyFolio()) {
      return false;
    }
    mutating();
    long gs = 0;
    for (int k = 0; k < kvm.memslots.length; k++) {
      if (file.bound(k)) {
        KvmMemorySlot slot = kvm.memslots[k];
        if (slot.state == KvmMemorySlot.State.FREED) {
          kasan = true; // BUG: KASAN: slab-use-after-free in kvm_gmem_release
        }
        slot.gmemFile = false;
        gs |= slot.gfns();
      }
    }
    invalidateBeginEnd(gs);
    Arrays.fill(file.bindings, GmemFile.NO_BINDING);
    file.state = GmemFile.State.RELEASED;
    Arrays.fill(file.folios, Pfn.NO_PFN); // truncate_inode_pages_final()
    file.userAlloc = 0;
    ret("kvm_gmem_release", "0");
    return true;
  }

  // ------------------------------------------------------------------ KVM_SET_MEMORY_ATTRIBUTES

  public boolean kvmVmSetMemAttributes(int g, boolean toPrivate) {
    return attributes.kvmVmSetMemAttributes(this, g, toPrivate);
  }

  public boolean kvmPreSetMemoryAttributes() {
    return attributes.kvmPreSetMemoryAttributes(this);
  }

  public boolean kvmSetMemAttributesStore() {
    return attributes.kvmSetMemAttributesStore(this);
  }

  public boolean kvmPostSetMemoryAttributes() {
    return attributes.kvmPostSetMemoryAttributes(this);
  }

  // ------------------------------------------------------------------ memory failure

  public boolean memoryFailure(int i) {
    return memoryFailure.memoryFailure(this, i);
  }

  public boolean kvmGmemErrorFolio() {
    return memoryFailure.kvmGmemErrorFolio(this);
  }

  public boolean kvmGmemErrorFolioWork() {
    return memoryFailure.kvmGmemErrorFolioWork(this);
  }

  public boolean kvmGmemErrorFolioInvalidateEnd() {
    return memoryFailure.kvmGmemErrorFolioInvalidateEnd(this);
  }

  public boolean filemapInvalidateLock() {
    return punch.filemapInvalidateLock(this);
  }

  public boolean kvmGmemPopulate(int i) {
    return populate.kvmGmemPopulate(this, i);
  }

  public boolean kvmGmemGetFolio(int p) {
    return populate.kvmGmemGetFolio(this, p);
  }

  /**
   * The spec's FolioLocked(i): the folio lock of index {@code i} is held from one step to the next
   * only by memory_failure(), from its folio_lock() to the unlock after error_remove_folio; every
   * other path locks and unlocks a folio within one step, so it waits while this holds.
   */
  public boolean folioLocked(int i) {
    return memoryFailure.locksFolio(i);
  }

  // ------------------------------------------------------------------ 6.18 host mmap

  /**
   * kvm_gmem_fault_user_mapping() of index {@code i}, without the invalidate lock; {@code p} is the
   * page the PTE maps (NoPfn on SIGBUS or OOM). Atomic: the folio stays locked from
   * filemap_grab_folio() until finish_fault() installed the PTE, and truncation takes the folio
   * lock before removing it. It waits while memory_failure() holds that folio's lock.
   */
  public boolean kvmGmemFaultUserMapping(int i, int p) {
    if (!config.runs(GmemActor.HOST_FAULT) || !config.mmap()
        || file.state != GmemFile.State.OPEN || file.hostPte[i] != Pfn.NO_PFN || folioLocked(i)) {
      return false;
    }
    if (!config.initShared()) {
      // kvm_gmem_supports_mmap() but the folio is private: VM_FAULT_SIGBUS.
      if (p != Pfn.NO_PFN) {
        return false;
      }
      mutating();
      ret("kvm_gmem_fault_user_mapping", "VM_FAULT_SIGBUS");
      return true;
    }
    switch (grabFolio(i, p)) {
      case NOT_P:
        return false;
      case ENOMEM:
        ret("kvm_gmem_fault_user_mapping", "VM_FAULT_OOM");
        return true;
      default:
        file.hostPte[i] = p;
        ret("kvm_gmem_fault_user_mapping", "VM_FAULT_LOCKED");
        return true;
    }
  }

  // ------------------------------------------------------------------ value semantics

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GmemSystem s)) {
      return false;
    }
    if (frozen && s.frozen && hash != s.hash) {
      return false;
    }
    return config.equals(s.config) && kvm.sameAs(s.kvm) && file.sameAs(s.file) && Arrays.equals(faults, s.faults)
        && punch.sameAs(s.punch) && attributes.sameAs(s.attributes) && memoryFailure.sameAs(s.memoryFailure)
        && populate.sameAs(s.populate) && allocate.sameAs(s.allocate) && kasan == s.kasan && ret.equals(s.ret);
  }

  @Override
  public int hashCode() {
    return frozen ? hash : computeHash();
  }

  private int computeHash() {
    int h = kvm.contentHash();
    h = 31 * h + file.contentHash();
    h = 31 * h + Arrays.hashCode(faults);
    h = 31 * h + punch.contentHash();
    h = 31 * h + attributes.contentHash();
    h = 31 * h + memoryFailure.contentHash();
    h = 31 * h + populate.contentHash();
    h = 31 * h + allocate.contentHash();
    h = 31 * h + (kasan ? 1 : 0);
    return 31 * h + ret.hashCode();
  }

  @Override
  public String toString() {
    return "GmemSystem[" + config.revision() + " " + kvm + " " + file + " " + Arrays.toString(faults) + " " + punch
        + " " + attributes + " " + memoryFailure + " " + populate + " " + allocate + (kasan ? " KASAN" : "") + " ret=" + ret + "]";
  }
}
