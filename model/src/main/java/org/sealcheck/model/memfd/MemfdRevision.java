package org.sealcheck.model.memfd;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.model.revision.Switches;

/**
 * The kernel or 2022 patch revision the model runs, as the MemfdSeals spec's revision switches
 * ({@code specs/MemfdSeals/revisions.json}): the kernel code reads the methods below, each the
 * spec's switch or derived operator of the same name, and never a revision's name.
 */
public final class MemfdRevision {

  /** The switches of MemfdSeals, as the spec declares them. */
  public static final Set<String> SWITCHES = ImmutableSet.of("F_ALL_SEALS", "MFD_ALL_FLAGS",
      "SharedCountsAsWritable", "MmapChecksInitialFlags", "ExecImpliedBeforeDenyCheck",
      "SealWriteDeniesWritable", "FutureWriteClearsMayWrite", "ReadSealCheck");

  private static final Set<String> SEAL_NAMES = EnumSet.complementOf(EnumSet.of(Seal.F_SEAL_0x8000)).stream()
      .map(Seal::name).collect(ImmutableSet.toImmutableSet());
  private static final Set<String> FLAG_NAMES = Arrays.stream(MfdFlag.values()).map(MfdFlag::name)
      .collect(ImmutableSet.toImmutableSet());
  private static final Set<String> READ_SEAL_CHECKS = ImmutableSet.of("none", "after_i_size", "before_i_size");
  /** The seals and flags of upstream Linux (6.3+), for {@link #upstream}. */
  private static final Set<Seal> UPSTREAM_SEALS = Sets.immutableEnumSet(Seal.F_SEAL_SEAL, Seal.F_SEAL_SHRINK,
      Seal.F_SEAL_GROW, Seal.F_SEAL_WRITE, Seal.F_SEAL_FUTURE_WRITE, Seal.F_SEAL_EXEC);
  private static final Set<MfdFlag> UPSTREAM_FLAGS = Sets.immutableEnumSet(MfdFlag.MFD_ALLOW_SEALING,
      MfdFlag.MFD_NOEXEC_SEAL, MfdFlag.MFD_EXEC);

  private final Switches switches;
  private final Set<Seal> fAllSeals;
  private final Set<MfdFlag> mfdAllFlags;
  private final boolean sharedCountsAsWritable;
  private final boolean mmapChecksInitialFlags;
  private final boolean execImpliedBeforeDenyCheck;
  private final boolean sealWriteDeniesWritable;
  private final boolean futureWriteClearsMayWrite;
  private final String readSealCheck;

  private MemfdRevision(Switches s) {
    this.switches = s.requireExactly(SWITCHES, "the MemfdSeals Java model");
    this.fAllSeals = Sets.immutableEnumSet(s.strings("F_ALL_SEALS", SEAL_NAMES).stream()
        .map(Seal::fromName).collect(Collectors.toList()));
    this.mfdAllFlags = Sets.immutableEnumSet(s.strings("MFD_ALL_FLAGS", FLAG_NAMES).stream()
        .map(MfdFlag::fromName).collect(Collectors.toList()));
    this.sharedCountsAsWritable = s.bool("SharedCountsAsWritable");
    this.mmapChecksInitialFlags = s.bool("MmapChecksInitialFlags");
    this.execImpliedBeforeDenyCheck = s.bool("ExecImpliedBeforeDenyCheck");
    this.sealWriteDeniesWritable = s.bool("SealWriteDeniesWritable");
    this.futureWriteClearsMayWrite = s.bool("FutureWriteClearsMayWrite");
    this.readSealCheck = s.string("ReadSealCheck", READ_SEAL_CHECKS);
  }

  /**
   * The revision with these switch values.
   *
   * @throws org.sealcheck.model.revision.UnknownSwitchException for a switch the model does not
   *     implement or one it needs and is not given
   * @throws IllegalArgumentException for a value of the wrong type or outside the switch's values
   */
  public static MemfdRevision of(Switches switches) {
    return new MemfdRevision(switches);
  }

  /** The switches this revision was made from. */
  public Switches switches() {
    return switches;
  }

  /** The revision's name, as in the cfgs, trace metadata and the CLI. */
  public String specName() {
    return switches.revision();
  }

  @Override
  public String toString() {
    return specName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemfdRevision r && r.switches.equals(switches);
  }

  @Override
  public int hashCode() {
    return switches.hashCode();
  }

  /**
   * Whether userspace can make this revision's calls on upstream Linux: every seal and
   * memfd_create() flag it knows is upstream's, and its read path has no patch's check. The
   * revisions of released kernels and their seeded-bug variants are; the 2022 patch revisions are
   * not.
   */
  public boolean upstream() {
    return UPSTREAM_SEALS.containsAll(fAllSeals) && UPSTREAM_FLAGS.containsAll(mfdAllFlags) && !hasSealCheck();
  }

  // ------------------------------------------------------------------ the spec's switches

  /** F_ALL_SEALS: what memfd_add_seals() accepts. */
  public Set<Seal> fAllSeals() {
    return fAllSeals;
  }

  /** MFD_ALL_FLAGS: the memfd_create() flags this revision knows (of those that matter here). */
  public Set<MfdFlag> mfdFlags() {
    return mfdAllFlags;
  }

  /**
   * SharedCountsAsWritable: before 6.7 (and so in every 2022 patch revision) a MAP_SHARED VMA took
   * a writable count whether or not it had VM_MAYWRITE.
   */
  public boolean sharedCountsAsWritable() {
    return sharedCountsAsWritable;
  }

  /**
   * MmapSealedSeals: the seals that make do_mmap() refuse a shared writable mapping. 6.7+ checks
   * both in memfd_check_seals_mmap(); before, only shmem_mmap()'s seal_check_future_write() did,
   * for FUTURE_WRITE (F_SEAL_WRITE was enforced by the writable count alone).
   */
  public Set<Seal> mmapSealedSeals() {
    return sharedCountsAsWritable
        ? Sets.immutableEnumSet(Seal.F_SEAL_FUTURE_WRITE)
        : Sets.immutableEnumSet(Seal.F_SEAL_WRITE, Seal.F_SEAL_FUTURE_WRITE);
  }

  /**
   * MayWriteClearingSeals: the seals for which that check also clears VM_MAYWRITE on a new shared
   * mapping (check_write_seal()), so that mprotect() cannot make it writable later.
   */
  public Set<Seal> mayWriteClearingSeals() {
    Set<Seal> s = mmapSealedSeals();
    return futureWriteClearsMayWrite ? s : Sets.immutableEnumSet(Sets.difference(s, EnumSet.of(Seal.F_SEAL_FUTURE_WRITE)));
  }

  /**
   * MmapChecksInitialFlags: 5de195060b2e's mmap_region() takes its temporary count
   * (mapping_map_writable(), whose EPERM is the regression M-R1) on the flags before the seal
   * check cleared VM_MAYWRITE; 6.13+ clears VM_MAYWRITE in do_mmap() first. The VMA's own count
   * follows its final flags in every revision.
   */
  public boolean mmapChecksInitialFlags() {
    return mmapChecksInitialFlags;
  }

  /**
   * ExecImpliedBeforeDenyCheck: whether the W^X seals that F_SEAL_EXEC implies are added before
   * the F_SEAL_WRITE / mapping_deny_writable() check (3b041514 and later) or after it, skipping it
   * (M-R7).
   */
  public boolean execImpliedBeforeDenyCheck() {
    return execImpliedBeforeDenyCheck;
  }

  /** SealWriteDeniesWritable: F_SEAL_WRITE calls mapping_deny_writable() (false: the seeded bug). */
  public boolean sealWriteDeniesWritable() {
    return sealWriteDeniesWritable;
  }

  /** FutureWriteClearsMayWrite: the mmap seal check clears VM_MAYWRITE for F_SEAL_FUTURE_WRITE too. */
  public boolean futureWriteClearsMayWrite() {
    return futureWriteClearsMayWrite;
  }

  /** HasSealCheck: the read path tests the inaccessible seal or flag (ReadSealCheck # "none"). */
  public boolean hasSealCheck() {
    return !readSealCheck.equals("none");
  }

  /** SealFirst: the read path checks the seal before reading i_size. */
  public boolean sealFirst() {
    return readSealCheck.equals("before_i_size");
  }

  /**
   * Whether KVM can take the memfd as guest private memory (memfile_notifier pfn_ops,
   * shmem_get_lock_pfn): only an inaccessible memfd, which needs the v4 seal or the v5 flag.
   */
  public boolean hasGuestPrivateMemory() {
    return fAllSeals.contains(Seal.F_SEAL_INACCESSIBLE) || mfdAllFlags.contains(MfdFlag.MFD_INACCESSIBLE);
  }

  /** HasExecSeal: fchmod() meets the F_SEAL_EXEC check (6.3+). */
  public boolean hasExecSeal() {
    return fAllSeals.contains(Seal.F_SEAL_EXEC);
  }

  /**
   * HasNoexecSysctl: memfd_create() consults vm.memfd_noexec (check_sysctl_memfd_noexec, 6.3+,
   * with MFD_NOEXEC_SEAL and MFD_EXEC; the 6.6 hierarchy semantics).
   */
  public boolean hasNoexecSysctl() {
    return mfdAllFlags.contains(MfdFlag.MFD_NOEXEC_SEAL);
  }
}
