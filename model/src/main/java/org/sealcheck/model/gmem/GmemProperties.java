package org.sealcheck.model.gmem;

import com.google.common.collect.ImmutableSet;
import java.util.List;
import java.util.Set;

/**
 * The spec's properties, evaluated on the Java model's own states, with the spec's names: state
 * invariants ({@code ...Inv}, and TypeOK), one step property ({@code [][A]_v}, judged on a step
 * {@code before -> after}), and the liveness properties ({@code ...Prop}, leads-to), which the
 * checker judges on lassos; this class gives their state predicates ({@link #faultPending},
 * {@link #invalidationPending}) and {@link #holds} refuses them.
 */
public final class GmemProperties {
  private GmemProperties() {}

  public static final Set<String> INVARIANTS = ImmutableSet.of("TypeOK", "NoStaleSpteInv",
      "InvalidationBalancedInv", "InvalidationCoversFreedPagesInv", "BindingsExclusiveInv",
      "NoDoubleAllocationInv", "NoImplicitAllocationInv", "NoSlotUseAfterFreeInv", "NoStaleHostPteInv",
      "SpteFollowsAttributesInv", "HostFaultOnlySharedInv", "FreedSlotUnboundInv", "NoDeadlockInv",
      "LockOrderInv");

  /** Step properties, {@code [][A]_v}: judged on a step. */
  public static final Set<String> STEP_PROPERTIES = ImmutableSet.of("BindingsStableAcrossInvalidationProp");

  /** Leads-to properties: {@code P ~> Q}, judged on a lasso, not on a state or a step. */
  public static final Set<String> LIVENESS = ImmutableSet.of("FaultCompletesProp",
      "InvalidateEndFollowsBeginProp", "FallocateReturnsProp", "MemoryFailureReturnsProp",
      "PopulateReturnsProp", "UnbindReturnsProp", "ReleaseReturnsProp");

  private static final Set<String> ALL =
      ImmutableSet.<String>builder().addAll(INVARIANTS).addAll(STEP_PROPERTIES).addAll(LIVENESS).build();

  /** Every property name, invariants first. */
  public static Set<String> names() {
    return ALL;
  }

  /**
   * Whether {@code property} holds: a state invariant in {@code after} ({@code before} is ignored
   * and may be null), the step property on the step {@code before -> after}.
   *
   * @throws IllegalArgumentException for a liveness property (use {@link #faultPending} and
   *     {@link #invalidationPending} on a lasso) or an unknown name
   */
  public static boolean holds(String property, GmemSystem before, GmemSystem after) {
    switch (property) {
      case "TypeOK":
        return typeOK(after);
      case "NoStaleSpteInv":
        return noStaleSpteInv(after);
      case "InvalidationBalancedInv":
        return invalidationBalancedInv(after);
      case "InvalidationCoversFreedPagesInv":
        return invalidationCoversFreedPagesInv(after);
      case "BindingsExclusiveInv":
        return bindingsExclusiveInv(after);
      case "NoDoubleAllocationInv":
        return noDoubleAllocationInv(after);
      case "NoImplicitAllocationInv":
        return noImplicitAllocationInv(after);
      case "NoSlotUseAfterFreeInv":
        return noSlotUseAfterFreeInv(after);
      case "NoStaleHostPteInv":
        return noStaleHostPteInv(after);
      case "SpteFollowsAttributesInv":
        return spteFollowsAttributesInv(after);
      case "HostFaultOnlySharedInv":
        return hostFaultOnlySharedInv(after);
      case "FreedSlotUnboundInv":
        return freedSlotUnboundInv(after);
      case "NoDeadlockInv":
        return GmemLocks.deadlocked(after).isEmpty();
      case "LockOrderInv":
        return GmemLocks.lockOrderInv(after);
      case "BindingsStableAcrossInvalidationProp":
        return bindingsStableAcrossInvalidationProp(before, after);
      case "FaultCompletesProp":
      case "InvalidateEndFollowsBeginProp":
      case "FallocateReturnsProp":
      case "MemoryFailureReturnsProp":
      case "PopulateReturnsProp":
      case "UnbindReturnsProp":
      case "ReleaseReturnsProp":
        throw new IllegalArgumentException(property + " is a liveness property (leads-to): judge it on a lasso"
            + " with GmemProperties.faultPending / invalidationPending, not on a state");
      default:
        throw new IllegalArgumentException("unknown GuestMemInvalidation property " + property + " (known: "
            + ALL + ")");
    }
  }

  // ------------------------------------------------------------------ liveness predicates

  /** FaultCompletesProp's P for vCPU v: its fault is under way ({@code vcpu_pc[v] # "idle"}). */
  public static boolean faultPending(GmemSystem s, int v) {
    return s.fault(v).pc() != KvmPageFault.Pc.IDLE;
  }

  /** Whether any vCPU's fault is under way. */
  public static boolean faultPending(GmemSystem s) {
    for (int v = 0; v < s.vcpuCount(); v++) {
      if (faultPending(s, v)) {
        return true;
      }
    }
    return false;
  }

  /** InvalidateEndFollowsBeginProp's P: {@code mmu_invalidate_in_progress # 0}. */
  public static boolean invalidationPending(GmemSystem s) {
    return s.kvm().mmuInvalidateInProgress() != 0;
  }

  /**
   * Whether the liveness property holds on the behaviour that repeats {@code cycle} forever, with
   * the prefix ending where its P holds (a lasso). All are {@code P ~> ~P}: on such a behaviour
   * they hold exactly when ~P holds somewhere on the cycle (for FaultCompletesProp, for each vCPU;
   * for UnbindReturnsProp, for each memslot).
   *
   * @throws IllegalArgumentException for a name that is not a liveness property here
   */
  public static boolean holdsOnCycle(String property, List<GmemSystem> cycle) {
    if (cycle.isEmpty()) {
      throw new IllegalArgumentException("empty cycle");
    }
    switch (property) {
      case "FaultCompletesProp":
        for (int v = 0; v < cycle.get(0).vcpuCount(); v++) {
          final int vcpu = v;
          if (cycle.stream().allMatch(s -> faultPending(s, vcpu))) {
            return false;
          }
        }
        return true;
      case "InvalidateEndFollowsBeginProp":
        return !cycle.stream().allMatch(GmemProperties::invalidationPending);
      case "FallocateReturnsProp":
        return !cycle.stream().allMatch(s -> s.punch().pc() != GmemPunchHole.Pc.IDLE);
      case "MemoryFailureReturnsProp":
        return !cycle.stream().allMatch(s -> s.memoryFailure().pc() != MemoryFailure.Pc.IDLE);
      case "PopulateReturnsProp":
        return !cycle.stream().allMatch(s -> s.populate().pc() != KvmGmemPopulate.Pc.IDLE);
      case "UnbindReturnsProp":
        for (int k = 0; k < cycle.get(0).kvm().nMemslots(); k++) {
          final int slot = k;
          if (cycle.stream().allMatch(s -> s.kvm().memslot(slot).state() == KvmMemorySlot.State.INVALID)) {
            return false;
          }
        }
        return true;
      case "ReleaseReturnsProp":
        return !cycle.stream().allMatch(s -> s.file().state() == GmemFile.State.DYING);
      default:
        throw new IllegalArgumentException("no liveness property " + property + " in GuestMemInvalidation"
            + " (liveness: " + LIVENESS + ")");
    }
  }

  // ------------------------------------------------------------------ invariants

  /**
   * TypeOK's checks that the Java types do not already give: counters, ranges and indices within
   * their sets, pfns within the pool (HvaPfn only where the spec allows it).
   */
  public static boolean typeOK(GmemSystem s) {
    GmemConfig c = s.config();
    Kvm kvm = s.kvm();
    GmemFile file = s.file();
    int np = c.pfns().size();
    for (int i = 0; i < file.nPages(); i++) {
      if (!pfnOrNone(file.folio(i), np) || !pfnOrNone(file.hostPte(i), np)) {
        return false;
      }
    }
    if ((file.hwpoison() >>> np) != 0 || (file.userAlloc() >>> c.nPages()) != 0
        || (kvm.hvaPopulated() >>> c.nGfns()) != 0) {
      return false;
    }
    for (int k = 0; k < kvm.nMemslots(); k++) {
      int pg = file.binding(k);
      if (pg != GmemFile.NO_BINDING && (pg < 0 || pg >= c.nPages())) {
        return false;
      }
    }
    if (kvm.mmuInvalidateSeq() < 0 || !gpaOrInvalid(kvm.mmuInvalidateRangeStart(), c)
        || !gpaOrInvalid(kvm.mmuInvalidateRangeEnd(), c)) {
      return false;
    }
    for (int g = 0; g < kvm.nGfns(); g++) {
      int p = kvm.sptePfn(g);
      if (!pfnOrNone(p, np) && p != Pfn.HVA_PFN) {
        return false;
      }
    }
    for (int v = 0; v < s.vcpuCount(); v++) {
      KvmPageFault f = s.fault(v);
      if (f.gfn() < 0 || f.gfn() >= c.nGfns() || f.mmuSeq() < 0 || f.slot() >= kvm.nMemslots()
          || !(pfnOrNone(f.pfn(), np) || f.pfn() == Pfn.HVA_PFN)) {
        return false;
      }
    }
    GmemPunchHole p = s.punch();
    KvmSetMemAttributes a = s.attributes();
    MemoryFailure m = s.memoryFailure();
    return p.start() >= 0 && p.start() < c.nPages() && p.end() >= 1 && p.end() <= c.nPages()
        && a.gfn() >= 0 && a.gfn() < c.nGfns() && m.index() >= 0 && m.index() < c.nPages();
  }

  private static boolean pfnOrNone(int p, int np) {
    return p == Pfn.NO_PFN || (p >= 0 && p < np);
  }

  private static boolean gpaOrInvalid(int g, GmemConfig c) {
    return g == Kvm.INVALID_GPA || (g >= 0 && g <= c.nGfns());
  }

  /**
   * No SPTE maps a guest_memfd page that is not the file's page at the gfn's index in a live
   * binding, nor a poisoned page after kvm_gmem_error_folio() (the window between memory_failure()
   * setting PG_hwpoison and the invalidation is allowed).
   */
  public static boolean noStaleSpteInv(GmemSystem s) {
    Kvm kvm = s.kvm();
    GmemFile file = s.file();
    for (int g = 0; g < kvm.nGfns(); g++) {
      int p = kvm.sptePfn(g);
      if (!Pfn.isPage(p)) {
        continue;
      }
      boolean justified = false;
      for (int k = 0; k < kvm.nMemslots() && !justified; k++) {
        KvmMemorySlot m = kvm.memslot(k);
        justified = m.state() == KvmMemorySlot.State.ACTIVE && file.bound(k) && m.contains(g)
            && file.folio(s.gmemIndex(k, g)) == p
            && (!file.hwpoisoned(p) || s.memoryFailure().beforeZap());
      }
      if (!justified) {
        return false;
      }
    }
    return true;
  }

  /** The spec's Quiescent: no invalidation is between its begin and its end. */
  public static boolean quiescent(GmemSystem s) {
    GmemPunchHole.Pc p = s.punch().pc();
    KvmSetMemAttributes.Pc a = s.attributes().pc();
    return p != GmemPunchHole.Pc.TRUNCATE && p != GmemPunchHole.Pc.FOLIO_LOCK && p != GmemPunchHole.Pc.END
        && a != KvmSetMemAttributes.Pc.STORE && a != KvmSetMemAttributes.Pc.POST
        && !s.memoryFailure().readHeld();
  }

  /** Every begin has its end: the count is never negative, and zero when quiescent. */
  public static boolean invalidationBalancedInv(GmemSystem s) {
    int n = s.kvm().mmuInvalidateInProgress();
    return n >= 0 && (!quiescent(s) || n == 0);
  }

  /**
   * Before a punch frees pages, the invalidation covers every bound gfn of an active memslot whose
   * page it frees: in progress, and the gfn inside the range.
   */
  public static boolean invalidationCoversFreedPagesInv(GmemSystem s) {
    GmemPunchHole punch = s.punch();
    if (punch.pc() != GmemPunchHole.Pc.TRUNCATE && punch.pc() != GmemPunchHole.Pc.FOLIO_LOCK) {
      return true;
    }
    Kvm kvm = s.kvm();
    GmemFile file = s.file();
    for (int k = 0; k < kvm.nMemslots(); k++) {
      KvmMemorySlot m = kvm.memslot(k);
      if (!file.bound(k) || m.state() != KvmMemorySlot.State.ACTIVE) {
        continue;
      }
      int pgoff = file.binding(k);
      for (int i = Math.max(pgoff, punch.start()); i < Math.min(pgoff + m.npages, punch.end()); i++) {
        if (file.folio(i) == Pfn.NO_PFN) {
          continue;
        }
        int g = m.baseGfn + i - pgoff;
        if (kvm.mmuInvalidateInProgress() <= 0 || kvm.mmuInvalidateRangeStart() > g
            || g >= kvm.mmuInvalidateRangeEnd()) {
          return false;
        }
      }
    }
    return true;
  }

  /** No file page is bound to two memslots. */
  public static boolean bindingsExclusiveInv(GmemSystem s) {
    Kvm kvm = s.kvm();
    GmemFile file = s.file();
    for (int k = 0; k < kvm.nMemslots(); k++) {
      for (int t = k + 1; t < kvm.nMemslots(); t++) {
        if (file.bound(k) && file.bound(t)) {
          int a = file.binding(k);
          int b = file.binding(t);
          if (a < b + kvm.memslot(t).npages && b < a + kvm.memslot(k).npages) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** No gfn is backed by both a shared page (at userspace_addr) and a private page (in the file). */
  public static boolean noDoubleAllocationInv(GmemSystem s) {
    Kvm kvm = s.kvm();
    GmemFile file = s.file();
    for (int g = 0; g < kvm.nGfns(); g++) {
      if (!kvm.hvaPopulated(g)) {
        continue;
      }
      for (int k = 0; k < kvm.nMemslots(); k++) {
        KvmMemorySlot m = kvm.memslot(k);
        if (file.bound(k) && m.state() == KvmMemorySlot.State.ACTIVE && m.contains(g)
            && file.folio(s.gmemIndex(k, g)) != Pfn.NO_PFN) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every page in the file was allocated by userspace, never by KVM behind its back. */
  public static boolean noImplicitAllocationInv(GmemSystem s) {
    GmemFile file = s.file();
    for (int i = 0; i < file.nPages(); i++) {
      if (file.folio(i) != Pfn.NO_PFN && !file.userAllocated(i)) {
        return false;
      }
    }
    return true;
  }

  /** R1: kvm_gmem_release() never writes into a freed memslot. */
  public static boolean noSlotUseAfterFreeInv(GmemSystem s) {
    return !s.kasan();
  }

  /** A host PTE maps the file's current page at its index. */
  public static boolean noStaleHostPteInv(GmemSystem s) {
    GmemFile file = s.file();
    for (int i = 0; i < file.nPages(); i++) {
      int p = file.hostPte(i);
      if (p != Pfn.NO_PFN && p != file.folio(i)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ the documented promises

  /**
   * api.rst (KVM_SET_USER_MEMORY_REGION2, KVM_SET_MEMORY_ATTRIBUTES, KVM_CREATE_GUEST_MEMFD):
   * every SPTE is of its gfn's current kind, and maps a guest_memfd page exactly when the gfn is
   * private or the file is MMAP-capable (GmemOnly).
   */
  public static boolean spteFollowsAttributesInv(GmemSystem s) {
    Kvm kvm = s.kvm();
    boolean gmemOnly = s.config().revision().gmemOnly(s.config().mmap());
    for (int g = 0; g < kvm.nGfns(); g++) {
      if (kvm.spteNone(g)) {
        continue;
      }
      boolean priv = s.isPrivate(g);
      if (kvm.sptePrivate(g) != priv || Pfn.isPage(kvm.sptePfn(g)) != (priv || gmemOnly)) {
        return false;
      }
    }
    return true;
  }

  /** GUEST_MEMFD_FLAG_INIT_SHARED: no host PTE maps a page of a file created without it. */
  public static boolean hostFaultOnlySharedInv(GmemSystem s) {
    if (s.config().initShared()) {
      return true;
    }
    GmemFile file = s.file();
    for (int i = 0; i < file.nPages(); i++) {
      if (file.hostPte(i) != Pfn.NO_PFN) {
        return false;
      }
    }
    return true;
  }

  /** kvm_gmem_unbind() since ae431059e75d: a freed memslot is neither bound nor has gmem.file set. */
  public static boolean freedSlotUnboundInv(GmemSystem s) {
    Kvm kvm = s.kvm();
    for (int k = 0; k < kvm.nMemslots(); k++) {
      KvmMemorySlot m = kvm.memslot(k);
      if (m.state() == KvmMemorySlot.State.FREED && (s.file().bound(k) || m.gmemFile())) {
        return false;
      }
    }
    return true;
  }

  /**
   * kvm_gmem_punch_hole(): "Bindings must be stable across invalidation": no binding changes on a
   * step taken between the punch's invalidate begin and its end, nor kvm_gmem_error_folio()'s
   * ([][A]_gmem_pgoff).
   */
  public static boolean bindingsStableAcrossInvalidationProp(GmemSystem before, GmemSystem after) {
    GmemPunchHole.Pc pc = before.punch().pc();
    if (pc != GmemPunchHole.Pc.TRUNCATE && pc != GmemPunchHole.Pc.FOLIO_LOCK && pc != GmemPunchHole.Pc.END
        && !before.memoryFailure().readHeld()) {
      return true;
    }
    for (int k = 0; k < before.kvm().nMemslots(); k++) {
      if (before.file().binding(k) != after.file().binding(k)) {
        return false;
      }
    }
    return true;
  }
}
