package org.sealcheck.model.gmem;

/** kvm_gfn_range.attr_filter: which SPTEs a zap drops (the spec's FilterAdmits). */
public enum AttrFilter {
  /** No filter: every SPTE in the range (6.8, and x86 without TDX). */
  ALL,
  /** KVM_FILTER_PRIVATE: private mappings only. */
  PRIVATE,
  /** KVM_FILTER_SHARED: shared mappings only. */
  SHARED;

  /** FilterAdmits(f, private). */
  public boolean admits(boolean isPrivate) {
    return this == ALL || (this == PRIVATE && isPrivate) || (this == SHARED && !isPrivate);
  }
}
