package org.sealcheck.model.gmem;

import com.google.common.collect.ImmutableSet;
import java.util.Set;
import org.sealcheck.model.revision.Switches;

/**
 * The kernel or patch revision the model runs, as the GuestMemInvalidation spec's revision
 * switches ({@code specs/GuestMemInvalidation/revisions.json}): the kernel code reads the methods
 * below, each the spec's switch or derived operator of the same name, and never a revision's name.
 */
public final class GmemRevision {

  /** The switches of GuestMemInvalidation, as the spec declares them. */
  public static final Set<String> SWITCHES = ImmutableSet.of("Backing", "NotifierUnit",
      "BindingsLockedAcrossPunch", "UnbindRemovesDying", "UnbindAlwaysTakesInvalidateLock",
      "BindOverlapErrno", "GmemSupportedFlags", "GmemInvalidateFilter",
      "AttrZapFilter", "RetryCheck", "InvalidateBeforeTruncate", "ErrorFolioTakesInvalidateLock");

  private static final Set<String> BACKINGS = ImmutableSet.of("memfd_restricted", "restrictedmem", "guest_memfd");
  private static final Set<String> UNITS = ImmutableSet.of("pgoff_t", "loff_t");
  private static final Set<String> FLAGS = ImmutableSet.of("MMAP", "INIT_SHARED");
  private static final Set<String> FILTERS = ImmutableSet.of("none", "private", "by_init_shared");
  private static final Set<String> ZAPS = ImmutableSet.of("all", "converted");
  private static final Set<String> ERRNOS = ImmutableSet.of("-EINVAL", "-EEXIST");

  private final Switches switches;
  private final String backing;
  private final boolean notifierInBytes;
  private final boolean bindingsLockedAcrossPunch;
  private final boolean unbindRemovesDying;
  private final boolean unbindAlwaysTakesInvalidateLock;
  private final String bindOverlapErrno;
  private final Set<String> supportedFlags;
  private final String invalidateFilter;
  private final boolean attrZapsConverted;
  private final boolean retryCheck;
  private final boolean invalidateBeforeTruncate;
  private final boolean errorFolioTakesInvalidateLock;

  private GmemRevision(Switches s) {
    this.switches = s.requireExactly(SWITCHES, "the GuestMemInvalidation Java model");
    this.backing = s.string("Backing", BACKINGS);
    this.notifierInBytes = s.string("NotifierUnit", UNITS).equals("loff_t");
    this.bindingsLockedAcrossPunch = s.bool("BindingsLockedAcrossPunch");
    this.unbindRemovesDying = s.bool("UnbindRemovesDying");
    this.unbindAlwaysTakesInvalidateLock = s.bool("UnbindAlwaysTakesInvalidateLock");
    this.bindOverlapErrno = s.string("BindOverlapErrno", ERRNOS);
    this.supportedFlags = s.strings("GmemSupportedFlags", FLAGS);
    this.invalidateFilter = s.string("GmemInvalidateFilter", FILTERS);
    this.attrZapsConverted = s.string("AttrZapFilter", ZAPS).equals("converted");
    this.retryCheck = s.bool("RetryCheck");
    this.invalidateBeforeTruncate = s.bool("InvalidateBeforeTruncate");
    this.errorFolioTakesInvalidateLock = s.bool("ErrorFolioTakesInvalidateLock");
    if (bindingsLockedAcrossPunch && isV9()) {
      // The spec's ASSUME: data->lock guards one notifier walk; there is no lock to hold across.
      throw new IllegalArgumentException("revision " + s.revision()
          + ": BindingsLockedAcrossPunch needs a Backing other than \"memfd_restricted\"");
    }
    if (unbindAlwaysTakesInvalidateLock && !unbindRemovesDying) {
      // The spec's ASSUME: a dying file's unbind takes the lock only where it removes the bindings.
      throw new IllegalArgumentException("revision " + s.revision()
          + ": UnbindAlwaysTakesInvalidateLock needs UnbindRemovesDying");
    }
  }

  /**
   * The revision with these switch values.
   *
   * @throws org.sealcheck.model.revision.UnknownSwitchException for a switch the model does not
   *     implement or one it needs and is not given
   * @throws IllegalArgumentException for a value of the wrong type or outside the switch's values
   */
  public static GmemRevision of(Switches switches) {
    return new GmemRevision(switches);
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
    return o instanceof GmemRevision r && r.switches.equals(switches);
  }

  @Override
  public int hashCode() {
    return switches.hashCode();
  }

  // ------------------------------------------------------------------ the spec's switches

  /** IsV9: Backing = "memfd_restricted", the v9 invalidate notifiers. */
  public boolean isV9() {
    return backing.equals("memfd_restricted");
  }

  /** IsShim: Backing = "restrictedmem", the bindings shim. */
  public boolean isShim() {
    return backing.equals("restrictedmem");
  }

  /** IsGmem: Backing = "guest_memfd" (6.8 and later). */
  public boolean isGmem() {
    return backing.equals("guest_memfd");
  }

  /** NotifierScale: v9 passes loff_t byte offsets where pgoff_t is expected (NotifierUnit). */
  public int notifierUnit(int pageSize) {
    return notifierInBytes ? pageSize : 1;
  }

  /** BindingsLockedAcrossPunch: v9 holds data->lock only within each notifier-list walk. */
  public boolean bindingsLockedAcrossPunch() {
    return bindingsLockedAcrossPunch;
  }

  /** UnbindRemovesDying: the R1 fix (ae431059e75d). */
  public boolean unbindRemovesDying() {
    return unbindRemovesDying;
  }

  /**
   * UnbindAlwaysTakesInvalidateLock: kvm_gmem_unbind() removes a dying file's bindings under
   * filemap_invalidate_lock() too (kvm-x86/linux 5e38e1bd4e7b).
   */
  public boolean unbindAlwaysTakesInvalidateLock() {
    return unbindAlwaysTakesInvalidateLock;
  }

  /** BindOverlapErrno: kvm_gmem_bind()'s return for a range already bound. */
  public String bindOverlapErrno() {
    return bindOverlapErrno;
  }

  /** GmemSupportedFlags contains MMAP: kvm_gmem_get_supported_flags() offers GUEST_MEMFD_FLAG_MMAP (6.18). */
  public boolean supportsMmap() {
    return supportedFlags.contains("MMAP");
  }

  /** GmemSupportedFlags contains INIT_SHARED (6.18). */
  public boolean supportsInitShared() {
    return supportedFlags.contains("INIT_SHARED");
  }

  /** GmemOnly: a memslot bound to an MMAP-capable guest_memfd (the spec's ASSUME makes the flag supported). */
  public boolean gmemOnly(boolean mmapFlag) {
    return mmapFlag;
  }

  /** GmemFilter: kvm_gfn_range.attr_filter of a guest_memfd invalidation (GmemInvalidateFilter). */
  public AttrFilter gmemFilter(boolean initSharedFlag) {
    switch (invalidateFilter) {
      case "none":
        return AttrFilter.ALL;
      case "private":
        return AttrFilter.PRIVATE;
      default:
        return initSharedFlag ? AttrFilter.SHARED : AttrFilter.PRIVATE;
    }
  }

  /** AttrFilter(a): what kvm_arch_pre_set_memory_attributes() zaps (AttrZapFilter). */
  public AttrFilter attrFilter(boolean toPrivate) {
    if (!attrZapsConverted) {
      return AttrFilter.ALL;
    }
    return toPrivate ? AttrFilter.SHARED : AttrFilter.PRIVATE;
  }

  /** RetryCheck: is_page_fault_stale() calls mmu_invalidate_retry_gfn(). */
  public boolean retryCheck() {
    return retryCheck;
  }

  /** InvalidateBeforeTruncate: the punch begins the invalidation before it truncates (false: after). */
  public boolean invalidateBeforeTruncate() {
    return invalidateBeforeTruncate;
  }

  /**
   * ErrorFolioTakesInvalidateLock: kvm_gmem_error_folio() takes filemap_invalidate_lock_shared()
   * under the folio lock memory_failure() holds (false: it defers the invalidation to a work item
   * that runs after the folio is unlocked).
   */
  public boolean errorFolioTakesInvalidateLock() {
    return errorFolioTakesInvalidateLock;
  }
}
