package org.sealcheck.model.gmem;

/**
 * KVM_SET_MEMORY_ATTRIBUTES of one gfn as a step machine: kvm_vm_set_mem_attributes() under
 * slots_lock, with kvm_handle_gfn_range(pre_set_range) (begin, range_add and the arch zap), the
 * xa_store() of the attribute outside mmu_lock, and kvm_handle_gfn_range(post_set_range) (end).
 * Begin and end happen only when an active memslot contains the gfn.
 */
public final class KvmSetMemAttributes {

  /** Where the ioctl is (the spec's attr_pc). */
  public enum Pc {
    IDLE("idle"),
    PRE("pre"),
    STORE("store"),
    POST("post");

    private final String specName;

    Pc(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  Pc pc = Pc.IDLE;
  /** The request (the spec's attr_req). */
  int gfn = 0;
  boolean toPrivate = false;

  KvmSetMemAttributes() {}

  KvmSetMemAttributes copy() {
    KvmSetMemAttributes a = new KvmSetMemAttributes();
    a.pc = pc;
    a.gfn = gfn;
    a.toPrivate = toPrivate;
    return a;
  }

  public Pc pc() {
    return pc;
  }

  public int gfn() {
    return gfn;
  }

  public boolean toPrivate() {
    return toPrivate;
  }

  /**
   * kvm_vm_set_mem_attributes() entry: a no-op when the attribute is already set (returns 0 at
   * once); otherwise mutex_lock(&kvm->slots_lock). Bounded by the invalidation budget.
   */
  boolean kvmVmSetMemAttributes(GmemSystem s, int g, boolean priv) {
    Kvm kvm = s.kvm();
    if (!s.config().runs(GmemActor.ATTRIBUTES) || !s.config().vmHasPrivateMem() || pc != Pc.IDLE
        || kvm.slotsLock != Kvm.SlotsLock.NONE || !s.budget()) {
      return false;
    }
    s.mutating();
    if (kvm.attributePrivate(g) == priv) {
      s.ret("kvm_vm_set_mem_attributes", "0");
    } else {
      kvm.slotsLock = Kvm.SlotsLock.ATTRIBUTES;
      pc = Pc.PRE;
      gfn = g;
      toPrivate = priv;
      s.noRet();
    }
    return true;
  }

  /** Whether an active memslot contains the gfn (the spec's AttrSlots # {}). */
  private boolean hitsMemslot(Kvm kvm) {
    for (int k = 0; k < kvm.nMemslots(); k++) {
      KvmMemorySlot m = kvm.memslot(k);
      if (m.state == KvmMemorySlot.State.ACTIVE && m.contains(gfn)) {
        return true;
      }
    }
    return false;
  }

  /**
   * kvm_handle_gfn_range(pre_set_range): kvm_mmu_invalidate_begin() on the first slot, then
   * kvm_pre_set_memory_attributes() (range_add and kvm_arch_pre_set_memory_attributes()'s zap of
   * the mappings of the kind converted away), in one write-locked mmu_lock section.
   */
  boolean kvmPreSetMemoryAttributes(GmemSystem s) {
    if (pc != Pc.PRE || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    boolean hit = hitsMemslot(s.kvm());
    s.invalidateBeginZap(hit ? 1 : 0, hit ? 1L << gfn : 0, s.config().revision().attrFilter(toPrivate));
    pc = Pc.STORE;
    s.noRet();
    return true;
  }

  /** xa_store() of the new attribute, outside mmu_lock: faults that read it race with it. */
  boolean kvmSetMemAttributesStore(GmemSystem s) {
    if (pc != Pc.STORE) {
      return false;
    }
    s.mutating();
    Kvm kvm = s.kvm();
    if (toPrivate) {
      kvm.memAttrPrivate |= 1L << gfn;
    } else {
      kvm.memAttrPrivate &= ~(1L << gfn);
    }
    pc = Pc.POST;
    s.noRet();
    return true;
  }

  /**
   * kvm_handle_gfn_range(post_set_range): kvm_mmu_invalidate_end() if a memslot is hit now; then
   * mutex_unlock(&kvm->slots_lock) and return 0.
   */
  boolean kvmPostSetMemoryAttributes(GmemSystem s) {
    if (pc != Pc.POST || !s.mmuLockFree()) {
      return false;
    }
    s.mutating();
    s.invalidateEnd(hitsMemslot(s.kvm()) ? 1 : 0);
    pc = Pc.IDLE;
    s.kvm().slotsLock = Kvm.SlotsLock.NONE;
    s.ret("kvm_vm_set_mem_attributes", "0");
    return true;
  }

  boolean sameAs(KvmSetMemAttributes o) {
    return pc == o.pc && gfn == o.gfn && toPrivate == o.toPrivate;
  }

  int contentHash() {
    return (pc.ordinal() * 64 + gfn) * 2 + (toPrivate ? 1 : 0);
  }

  @Override
  public String toString() {
    return "set_attributes[" + pc.specName() + " gfn=" + gfn + (toPrivate ? " private" : " shared") + "]";
  }
}
