package org.sealcheck.model.memfd;

import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which kernel, or which 2022 guest-private-memory patch revision, the model runs: the spec's
 * constant {@code Revision}, with the same names. Each switch below is the spec operator of the
 * same name; the kernel code reads them where the revisions differ.
 */
public enum MemfdRevision {
  /** Linux 6.18.44, stable fix 3b041514 included. */
  MEMFD_6_18("memfd-6.18"),
  /** 6.18 before "memfd: deny writeable mappings when implying SEAL_WRITE" (M-R7). */
  MEMFD_6_18_PRE_3B041514("memfd-6.18-pre-3b041514"),
  /** 6.12 with the read-only-map regression of 5de195060b2e (M-R1). */
  MEMFD_6_12("memfd-6.12"),
  /** 6.6.y: every MAP_SHARED mapping counts as writable. */
  MEMFD_6_6("memfd-6.6"),
  /** 6.18 with F_SEAL_WRITE not calling mapping_deny_writable(): a seeded bug, must be caught. */
  DEBUG_NO_DENY_WRITABLE("debug-no-deny-writable"),
  /** F_SEAL_INACCESSIBLE (Jan 2022), the read path in the patch's order. */
  V4("v4"),
  /** v4 with the read path's i_size read and seal check swapped. */
  V4_SEAL_FIRST("v4-seal-first"),
  /** MFD_INACCESSIBLE (Mar 2022). */
  V5("v5"),
  /** F_SEAL_AUTO_ALLOCATE (Jul 2022). */
  V7("v7");

  private static final Set<Seal> BASE_SEALS = Sets.immutableEnumSet(Seal.F_SEAL_SEAL,
      Seal.F_SEAL_SHRINK, Seal.F_SEAL_GROW, Seal.F_SEAL_WRITE, Seal.F_SEAL_FUTURE_WRITE);

  private final String specName;

  MemfdRevision(String specName) {
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
  public static MemfdRevision fromName(String name) {
    return SpecNames.lookup(values(), MemfdRevision::specName, "memfd revision", name);
  }


  /** Upstream: a released kernel (or the seeded-bug variant of one), not a patch revision. */
  public boolean upstream() {
    return this == MEMFD_6_18 || this == MEMFD_6_18_PRE_3B041514 || this == MEMFD_6_12
        || this == MEMFD_6_6 || this == DEBUG_NO_DENY_WRITABLE;
  }

  /** IsV4: F_SEAL_INACCESSIBLE, in either read-path order. */
  public boolean isV4() {
    return this == V4 || this == V4_SEAL_FIRST;
  }

  /**
   * SharedCountsAsWritable: before 6.7 (and so in every 2022 patch revision) a MAP_SHARED VMA took
   * a writable count whether or not it had VM_MAYWRITE.
   */
  public boolean sharedCountsAsWritable() {
    return this == MEMFD_6_6 || isV4() || this == V5 || this == V7;
  }

  /**
   * F_ALL_SEALS: what memfd_add_seals() accepts. F_SEAL_EXEC came in 6.3, after the patch
   * revisions; each patch revision adds its own seal.
   */
  public Set<Seal> fAllSeals() {
    EnumSet<Seal> s = EnumSet.copyOf(BASE_SEALS);
    if (upstream()) {
      s.add(Seal.F_SEAL_EXEC);
    } else if (isV4()) {
      s.add(Seal.F_SEAL_INACCESSIBLE);
    } else if (this == V7) {
      s.add(Seal.F_SEAL_AUTO_ALLOCATE);
    }
    return Sets.immutableEnumSet(s);
  }

  /** MfdFlags: the memfd_create() flags this revision knows (of those that matter here). */
  public Set<MfdFlag> mfdFlags() {
    if (upstream()) {
      return Sets.immutableEnumSet(MfdFlag.MFD_ALLOW_SEALING, MfdFlag.MFD_NOEXEC_SEAL, MfdFlag.MFD_EXEC);
    }
    if (this == V5) {
      return Sets.immutableEnumSet(MfdFlag.MFD_ALLOW_SEALING, MfdFlag.MFD_INACCESSIBLE);
    }
    return Sets.immutableEnumSet(MfdFlag.MFD_ALLOW_SEALING);
  }

  /**
   * MmapSealedSeals: the seals that make do_mmap() refuse a shared writable mapping and clear
   * VM_MAYWRITE on a shared read-only one. 6.7+ checks both in memfd_check_seals_mmap(); before,
   * only shmem_mmap()'s seal_check_future_write() did, for FUTURE_WRITE (F_SEAL_WRITE was enforced
   * by the writable count alone).
   */
  public Set<Seal> mmapSealedSeals() {
    return sharedCountsAsWritable()
        ? Sets.immutableEnumSet(Seal.F_SEAL_FUTURE_WRITE)
        : Sets.immutableEnumSet(Seal.F_SEAL_WRITE, Seal.F_SEAL_FUTURE_WRITE);
  }

  /**
   * MmapCheckedFlags' 6.12 case: 5de195060b2e's mmap_region() takes its temporary count
   * (mapping_map_writable(), whose EPERM is the regression M-R1) on the flags before shmem_mmap()'s
   * seal check cleared VM_MAYWRITE; 6.13+ clears VM_MAYWRITE in do_mmap() first. The VMA's own
   * count follows its final flags in every revision.
   */
  public boolean mmapChecksInitialFlags() {
    return this == MEMFD_6_12;
  }

  /**
   * DenyChecked: whether the W^X seals that F_SEAL_EXEC implies are added before the F_SEAL_WRITE
   * / mapping_deny_writable() check (3b041514 and later) or after it, skipping it (M-R7).
   */
  public boolean execImpliedBeforeDenyCheck() {
    return this != MEMFD_6_18_PRE_3B041514;
  }

  /** DeniesWritable's revision term: the seeded bug drops mapping_deny_writable() altogether. */
  public boolean sealWriteDeniesWritable() {
    return this != DEBUG_NO_DENY_WRITABLE;
  }

  /** HasSealCheck: the read path tests the inaccessible seal or flag (v4, v5). */
  public boolean hasSealCheck() {
    return isV4() || this == V5;
  }

  /** SealFirst: the read path checks the seal before reading i_size. */
  public boolean sealFirst() {
    return this == V4_SEAL_FIRST;
  }

  /**
   * Whether KVM can take the memfd as guest private memory (memfile_notifier pfn_ops,
   * shmem_get_lock_pfn): v4 and v5 only.
   */
  public boolean hasGuestPrivateMemory() {
    return isV4() || this == V5;
  }

  /** Whether fchmod() reaches the F_SEAL_EXEC check at all: the seal exists since 6.3. */
  public boolean hasExecSeal() {
    return upstream();
  }

  /**
   * Whether memfd_create() consults vm.memfd_noexec (check_sysctl_memfd_noexec, 6.3+; the 6.6
   * hierarchy semantics, which every upstream revision here has).
   */
  public boolean hasNoexecSysctl() {
    return upstream();
  }
}
