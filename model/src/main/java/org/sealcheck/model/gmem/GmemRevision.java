package org.sealcheck.model.gmem;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which kernel or patch revision the model runs: the spec's constant {@code Revision}, with the
 * same names. Each switch below is the spec operator of the same name; the kernel code reads them
 * where the revisions differ.
 */
public enum GmemRevision {
  /** memfd_restricted v9 (Oct 2022): byte offsets to the notifiers, SGP_WRITE. */
  V9("v9"),
  /** v9 with the page-offset fix acknowledged on the thread. */
  V9_FIXED("v9-fixed"),
  /** restrictedmem bindings xarray, exclusive, rm->lock held across the punch (v10 review). */
  SHIM("shim"),
  /** guest_memfd as merged (a7800aa80ea4). */
  GMEM_6_8("gmem-6.8"),
  /** guest_memfd 6.18: MMAP/INIT_SHARED, the R1 and R3 fixes. */
  GMEM_6_18("gmem-6.18"),
  /** 6.18 without R1 (ae431059e75d): unbind of a dying file keeps the bindings. */
  GMEM_6_18_PRE_AE431059("gmem-6.18-pre-ae431059"),
  /** 6.18 without R3 (5d3341d684be): the invalidation filter is always PRIVATE. */
  GMEM_6_18_PRE_5D3341D6("gmem-6.18-pre-5d3341d6"),
  /** 6.18 without the mmu_invalidate_retry_gfn() check: a seeded bug that must be caught. */
  DEBUG_NO_RETRY("debug-no-retry");

  private final String specName;

  GmemRevision(String specName) {
    this.specName = specName;
  }

  /** The spec's name, as in the cfgs, trace metadata and the CLI. */
  public String specName() {
    return specName;
  }

  @Override
  public String toString() {
    return specName;
  }

  /** @throws IllegalArgumentException for a name no revision has, listing the known names */
  public static GmemRevision fromName(String name) {
    for (GmemRevision r : values()) {
      if (r.specName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown guest_memfd revision \"" + name + "\" (known: "
        + Arrays.stream(values()).map(r -> "\"" + r.specName + "\"").collect(Collectors.joining(", ")) + ")");
  }

  // ------------------------------------------------------------------ the spec's switches

  /** IsV9: memfd_restricted v9, with or without the unit fix. */
  public boolean isV9() {
    return this == V9 || this == V9_FIXED;
  }

  /** IsShim. */
  public boolean isShim() {
    return this == SHIM;
  }

  /** IsGmem: guest_memfd (6.8 and later). */
  public boolean isGmem() {
    return !isV9() && !isShim();
  }

  /** Is618: the 6.18 family. */
  public boolean is618() {
    return this == GMEM_6_18 || this == GMEM_6_18_PRE_AE431059 || this == GMEM_6_18_PRE_5D3341D6
        || this == DEBUG_NO_RETRY;
  }

  /** NotifierUnit: v9 passes loff_t byte offsets where pgoff_t is expected. */
  public int notifierUnit(int pageSize) {
    return this == V9 ? pageSize : 1;
  }

  /** BindingsLockedAcrossPunch: v9 holds data->lock only within each notifier-list walk. */
  public boolean bindingsLockedAcrossPunch() {
    return !isV9();
  }

  /** UnbindRemovesDying: the R1 fix (ae431059e75d). */
  public boolean unbindRemovesDying() {
    return this == GMEM_6_18 || this == GMEM_6_18_PRE_5D3341D6 || this == DEBUG_NO_RETRY;
  }

  /** GmemOnly: a memslot bound to an MMAP-capable guest_memfd (6.18). */
  public boolean gmemOnly(boolean mmapFlag) {
    return is618() && mmapFlag;
  }

  /** GmemFilter: kvm_gfn_range.attr_filter of a guest_memfd invalidation. */
  public AttrFilter gmemFilter(boolean initSharedFlag) {
    if (!is618()) {
      return AttrFilter.ALL;
    }
    if (this == GMEM_6_18_PRE_5D3341D6) {
      return AttrFilter.PRIVATE;
    }
    return initSharedFlag ? AttrFilter.SHARED : AttrFilter.PRIVATE;
  }

  /** AttrFilter(a): kvm_arch_pre_set_memory_attributes() zaps what is converted away (after 6.8). */
  public AttrFilter attrFilter(boolean toPrivate) {
    if (!is618()) {
      return AttrFilter.ALL;
    }
    return toPrivate ? AttrFilter.SHARED : AttrFilter.PRIVATE;
  }

  /** RetryCheck: is_page_fault_stale() calls mmu_invalidate_retry_gfn(). */
  public boolean retryCheck() {
    return this != DEBUG_NO_RETRY;
  }
}
