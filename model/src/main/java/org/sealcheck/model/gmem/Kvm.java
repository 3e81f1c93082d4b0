package org.sealcheck.model.gmem;

import java.util.Arrays;

/**
 * struct kvm, the parts this protocol touches: the mmu_invalidate_* state, the SPTEs (one per gfn,
 * as the TDP MMU's leaf entries), the memory attributes ({@code kvm->mem_attr_array}), which host
 * pages at userspace_addr exist, kvm->slots_lock and the memslots.
 *
 * <p>Write-locked mmu_lock sections are single steps of the spec, so the methods here that change
 * the invalidation state or the SPTEs are called only from steps that hold it (the spec's
 * MmuLockFree guard: no fault holds it for read).
 */
public final class Kvm {

  /** The spec's INVALID_GPA. */
  public static final int INVALID_GPA = -1;

  /** kvm->slots_lock: who holds it. */
  public enum SlotsLock {
    NONE("none"),
    /** KVM_SET_USER_MEMORY_REGION2 delete, from the swap until kvm_free_memslot(). */
    MEMSLOT("memslot"),
    /** KVM_SET_MEMORY_ATTRIBUTES. */
    ATTRIBUTES("attributes"),
    /** kvm_gmem_populate(), whose caller holds it. */
    POPULATE("populate");

    private final String specName;

    SlotsLock(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  long mmuInvalidateSeq;
  int mmuInvalidateInProgress;
  int mmuInvalidateRangeStart = INVALID_GPA;
  int mmuInvalidateRangeEnd = INVALID_GPA;
  /** gfn -> pfn of the installed SPTE, or {@link Pfn#NO_PFN}. */
  final int[] sptePfn;
  /** gfns whose SPTE is private (KVM_FILTER_PRIVATE), as a bit set. */
  long sptePrivate;
  /** gfns with KVM_MEMORY_ATTRIBUTE_PRIVATE, as a bit set. */
  long memAttrPrivate;
  /** gfns whose host page at userspace_addr exists, as a bit set. */
  long hvaPopulated;
  SlotsLock slotsLock = SlotsLock.NONE;
  final KvmMemorySlot[] memslots;

  Kvm(int nGfns, KvmMemorySlot[] memslots) {
    sptePfn = new int[nGfns];
    Arrays.fill(sptePfn, Pfn.NO_PFN);
    this.memslots = memslots;
  }

  private Kvm(Kvm o) {
    mmuInvalidateSeq = o.mmuInvalidateSeq;
    mmuInvalidateInProgress = o.mmuInvalidateInProgress;
    mmuInvalidateRangeStart = o.mmuInvalidateRangeStart;
    mmuInvalidateRangeEnd = o.mmuInvalidateRangeEnd;
    sptePfn = o.sptePfn.clone();
    sptePrivate = o.sptePrivate;
    memAttrPrivate = o.memAttrPrivate;
    hvaPopulated = o.hvaPopulated;
    slotsLock = o.slotsLock;
    memslots = new KvmMemorySlot[o.memslots.length];
    for (int k = 0; k < memslots.length; k++) {
      memslots[k] = o.memslots[k].copy();
    }
  }

  Kvm copy() {
    return new Kvm(this);
  }

  // ------------------------------------------------------------------ accessors

  public long mmuInvalidateSeq() {
    return mmuInvalidateSeq;
  }

  public int mmuInvalidateInProgress() {
    return mmuInvalidateInProgress;
  }

  public int mmuInvalidateRangeStart() {
    return mmuInvalidateRangeStart;
  }

  public int mmuInvalidateRangeEnd() {
    return mmuInvalidateRangeEnd;
  }

  public int nGfns() {
    return sptePfn.length;
  }

  /** The pfn the SPTE of {@code gfn} maps, or {@link Pfn#NO_PFN}. */
  public int sptePfn(int gfn) {
    return sptePfn[gfn];
  }

  public boolean sptePrivate(int gfn) {
    return (sptePrivate & (1L << gfn)) != 0;
  }

  /** The spec's spte[g] = NoSpte. */
  public boolean spteNone(int gfn) {
    return sptePfn[gfn] == Pfn.NO_PFN && !sptePrivate(gfn);
  }

  /** kvm_get_memory_attributes() & KVM_MEMORY_ATTRIBUTE_PRIVATE. */
  public boolean attributePrivate(int gfn) {
    return (memAttrPrivate & (1L << gfn)) != 0;
  }

  public boolean hvaPopulated(int gfn) {
    return (hvaPopulated & (1L << gfn)) != 0;
  }

  public long hvaPopulated() {
    return hvaPopulated;
  }

  public SlotsLock slotsLock() {
    return slotsLock;
  }

  public KvmMemorySlot memslot(int k) {
    return memslots[k];
  }

  public int nMemslots() {
    return memslots.length;
  }

  /**
   * kvm_vcpu_gfn_to_memslot(): the position of the first memslot (in id order, as TLC's CHOOSE)
   * that is visible and contains {@code gfn}, or -1 (the spec's NoSlot).
   */
  public int gfnToMemslot(int gfn) {
    for (int k = 0; k < memslots.length; k++) {
      if (memslots[k].visible() && memslots[k].contains(gfn)) {
        return k;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------ mmu_invalidate_*

  /**
   * kvm_mmu_invalidate_begin(): the first begin (count 0 -> 1) resets the range, so that
   * kvm_mmu_invalidate_range_add() starts afresh.
   */
  void kvmMmuInvalidateBegin() {
    if (mmuInvalidateInProgress++ == 0) {
      mmuInvalidateRangeStart = INVALID_GPA;
      mmuInvalidateRangeEnd = INVALID_GPA;
    }
  }

  /** kvm_mmu_invalidate_range_add() of [lo, hi) gfns: widen the range to cover it. */
  void kvmMmuInvalidateRangeAdd(int lo, int hi) {
    if (mmuInvalidateRangeStart == INVALID_GPA || lo < mmuInvalidateRangeStart) {
      mmuInvalidateRangeStart = lo;
    }
    if (mmuInvalidateRangeEnd == INVALID_GPA || hi > mmuInvalidateRangeEnd) {
      mmuInvalidateRangeEnd = hi;
    }
  }

  /** kvm_mmu_invalidate_range_add() over the lowest to the highest gfn of a non-empty bit set. */
  void kvmMmuInvalidateRangeAdd(long gfns) {
    kvmMmuInvalidateRangeAdd(Long.numberOfTrailingZeros(gfns), 64 - Long.numberOfLeadingZeros(gfns));
  }

  /** kvm_mmu_invalidate_end(): bump the sequence, then drop the count. */
  void kvmMmuInvalidateEnd() {
    mmuInvalidateSeq++;
    mmuInvalidateInProgress--;
  }

  /**
   * kvm_unmap_gfn_range() / kvm_arch_flush_shadow_memslot() over a bit set of gfns, honouring the
   * range's attr_filter (the TLB flush is in the same write-locked section).
   */
  void kvmUnmapGfnRange(long gfns, AttrFilter filter) {
    for (int g = 0; g < sptePfn.length; g++) {
      if ((gfns & (1L << g)) != 0 && filter.admits(sptePrivate(g))) {
        sptePfn[g] = Pfn.NO_PFN;
        sptePrivate &= ~(1L << g);
      }
    }
  }

  /** mmu_invalidate_retry_gfn(): whether a fault that snapshot {@code mmuSeq} must retry. */
  public boolean mmuInvalidateRetryGfn(long mmuSeq, int gfn) {
    if (mmuInvalidateInProgress != 0
        && (mmuInvalidateRangeStart == INVALID_GPA
            || (mmuInvalidateRangeStart <= gfn && gfn < mmuInvalidateRangeEnd))) {
      return true;
    }
    return mmuInvalidateSeq != mmuSeq;
  }

  /** The TDP MMU's install of a leaf SPTE. */
  void setSpte(int gfn, int pfn, boolean isPrivate) {
    sptePfn[gfn] = pfn;
    if (isPrivate) {
      sptePrivate |= 1L << gfn;
    } else {
      sptePrivate &= ~(1L << gfn);
    }
  }

  // ------------------------------------------------------------------ value semantics

  int contentHash() {
    int h = Long.hashCode(mmuInvalidateSeq);
    h = 31 * h + mmuInvalidateInProgress;
    h = 31 * h + mmuInvalidateRangeStart;
    h = 31 * h + mmuInvalidateRangeEnd;
    h = 31 * h + Arrays.hashCode(sptePfn);
    h = 31 * h + Long.hashCode(sptePrivate);
    h = 31 * h + Long.hashCode(memAttrPrivate);
    h = 31 * h + Long.hashCode(hvaPopulated);
    h = 31 * h + slotsLock.ordinal();
    for (KvmMemorySlot s : memslots) {
      h = 31 * h + s.stateHash();
    }
    return h;
  }

  boolean sameAs(Kvm o) {
    if (mmuInvalidateSeq != o.mmuInvalidateSeq || mmuInvalidateInProgress != o.mmuInvalidateInProgress
        || mmuInvalidateRangeStart != o.mmuInvalidateRangeStart || mmuInvalidateRangeEnd != o.mmuInvalidateRangeEnd
        || !Arrays.equals(sptePfn, o.sptePfn) || sptePrivate != o.sptePrivate || memAttrPrivate != o.memAttrPrivate
        || hvaPopulated != o.hvaPopulated || slotsLock != o.slotsLock) {
      return false;
    }
    for (int k = 0; k < memslots.length; k++) {
      if (memslots[k].stateHash() != o.memslots[k].stateHash()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "kvm[seq=" + mmuInvalidateSeq + " in_progress=" + mmuInvalidateInProgress + " range=["
        + mmuInvalidateRangeStart + "," + mmuInvalidateRangeEnd + ") spte=" + Arrays.toString(sptePfn)
        + " slots_lock=" + slotsLock.specName() + " " + Arrays.toString(memslots) + "]";
  }
}
