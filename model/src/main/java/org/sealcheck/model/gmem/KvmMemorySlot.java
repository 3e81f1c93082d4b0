package org.sealcheck.model.gmem;

/**
 * struct kvm_memory_slot: where it is in its life (the spec's {@code memslot}) and whether
 * {@code slot->gmem.file} is set (the spec's {@code gmem_file}). base_gfn and npages come from the
 * config. The binding's pgoff lives in the file's bindings ({@link GmemFile}), as in the kernel,
 * where kvm_gmem_release() and kvm_gmem_invalidate_begin() find slots through it.
 */
public final class KvmMemorySlot {

  /** The spec's memslot states. */
  public enum State {
    /** Not created. */
    NONE("none"),
    /** In the active memslots. */
    ACTIVE("active"),
    /** KVM_MEMSLOT_INVALID: being deleted, SPTEs zapped, not yet freed. */
    INVALID("invalid"),
    /** kfree()d by kvm_free_memslot(). */
    FREED("freed");

    private final String specName;

    State(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  /** memslot->id. */
  public final int id;
  /** memslot->base_gfn. */
  public final int baseGfn;
  /** memslot->npages. */
  public final int npages;
  State state;
  /** slot->gmem.file != NULL. */
  boolean gmemFile;

  KvmMemorySlot(int id, int baseGfn, int npages, State state, boolean gmemFile) {
    this.id = id;
    this.baseGfn = baseGfn;
    this.npages = npages;
    this.state = state;
    this.gmemFile = gmemFile;
  }

  KvmMemorySlot copy() {
    return new KvmMemorySlot(id, baseGfn, npages, state, gmemFile);
  }

  public State state() {
    return state;
  }

  public boolean gmemFile() {
    return gmemFile;
  }

  /** The spec's SlotGfns(s), as a bit set of gfns. */
  public long gfns() {
    return ((1L << npages) - 1) << baseGfn;
  }

  public boolean contains(int gfn) {
    return gfn >= baseGfn && gfn < baseGfn + npages;
  }

  /** What kvm_vcpu_gfn_to_memslot() can find: active, or invalid until the swap is freed. */
  public boolean visible() {
    return state == State.ACTIVE || state == State.INVALID;
  }

  int stateHash() {
    return state.ordinal() * 2 + (gmemFile ? 1 : 0);
  }

  @Override
  public String toString() {
    return "slot" + id + "[" + state.specName() + (gmemFile ? ", file" : "") + "]";
  }
}
