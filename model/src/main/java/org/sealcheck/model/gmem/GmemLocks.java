package org.sealcheck.model.gmem;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spec's locks that block, on the Java model's states: which task holds which lock from one
 * step to the next ({@code Holds}), which locks its next step takes ({@code Wants}), the tasks in a
 * wait cycle ({@code NoDeadlockInv}) and the lock-class order ({@code LockOrderInv}). A task that
 * takes and drops every lock within one step (allocate, bind, the host fault, release) holds
 * nothing while it waits, so it is in no cycle and is not a task here.
 */
public final class GmemLocks {
  private GmemLocks() {}

  /** A lock: its class, its instance (the file index for a folio lock, else 0), and the mode taken. */
  record Lock(String cls, int instance, boolean excl) {
    boolean conflicts(Lock held) {
      return cls.equals(held.cls) && instance == held.instance && (excl || held.excl);
    }

    @Override
    public String toString() {
      return cls.equals("folio_lock") ? "folio_lock of index " + instance : cls + (excl ? "" : " (shared)");
    }
  }

  private static final Lock MMU_LOCK_READ = new Lock("mmu_lock", 0, false);
  private static final Lock MMU_LOCK_WRITE = new Lock("mmu_lock", 0, true);
  private static final Lock INVALIDATE_LOCK = new Lock("invalidate_lock", 0, true);
  private static final Lock INVALIDATE_LOCK_SHARED = new Lock("invalidate_lock", 0, false);
  private static final Lock SLOTS_LOCK = new Lock("slots_lock", 0, true);

  private static Lock folioLock(int i) {
    return new Lock("folio_lock", i, true);
  }

  /**
   * The spec's LockOrder: {outer, inner}, outer is never taken while inner is held (the sources
   * are cited beside LockOrder in GuestMemInvalidation.tla). LockOrderTest checks this table
   * against the spec's.
   */
  public static final Set<List<String>> LOCK_ORDER = ImmutableSet.of(List.of("invalidate_lock", "folio_lock"),
      List.of("slots_lock", "invalidate_lock"), List.of("slots_lock", "mmu_lock"),
      List.of("invalidate_lock", "mmu_lock"), List.of("folio_lock", "mmu_lock"));

  private static final Set<List<String>> CLOSURE = closure(LOCK_ORDER);

  private static Set<List<String>> closure(Set<List<String>> order) {
    Set<List<String>> out = new LinkedHashSet<>(order);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (List<String> p : List.copyOf(out)) {
        for (List<String> q : List.copyOf(out)) {
          if (p.get(1).equals(q.get(0))) {
            grew |= out.add(List.of(p.get(0), q.get(1)));
          }
        }
      }
    }
    return ImmutableSet.copyOf(out);
  }

  /** The spec's LockTasks, by name: the vCPUs (their spec values), then the six actors. */
  static List<String> tasks(GmemSystem s) {
    List<String> out = new ArrayList<>();
    for (int v = 0; v < s.vcpuCount(); v++) {
      out.add(s.config().vcpus().get(v).toString());
    }
    out.addAll(List.of("punch", "attributes", "memory_failure", "memslot", "populate", "allocate"));
    return out;
  }

  /** The spec's Holds(t), for the task at position {@code t} of {@link #tasks}. */
  static Set<Lock> holds(GmemSystem s, int t) {
    int n = s.vcpuCount();
    if (t < n) {
      KvmPageFault.Pc pc = s.fault(t).pc();
      return pc == KvmPageFault.Pc.CHECK || pc == KvmPageFault.Pc.MAP ? Set.of(MMU_LOCK_READ) : Set.of();
    }
    GmemRevision rev = s.revision();
    switch (t - n) {
      case 0:
        GmemPunchHole.Pc ppc = s.punch().pc();
        if (ppc == GmemPunchHole.Pc.IDLE || ppc == GmemPunchHole.Pc.LOCK || !rev.bindingsLockedAcrossPunch()) {
          return Set.of();
        }
        return Set.of(rev.isShim() ? INVALIDATE_LOCK_SHARED : INVALIDATE_LOCK);
      case 1:
        return s.attributes().pc() != KvmSetMemAttributes.Pc.IDLE ? Set.of(SLOTS_LOCK) : Set.of();
      case 2:
        MemoryFailure mf = s.memoryFailure();
        Set<Lock> held = new LinkedHashSet<>();
        if (mf.locksAnyFolio()) {
          held.add(folioLock(mf.index()));
        }
        if (mf.readHeld()) {
          held.add(INVALIDATE_LOCK_SHARED);
        }
        return held;
      case 3:
        return s.kvm().slotsLock() == Kvm.SlotsLock.MEMSLOT ? Set.of(SLOTS_LOCK) : Set.of();
      case 4:
        return s.populate().pc() == KvmGmemPopulate.Pc.GET_FOLIO ? Set.of(SLOTS_LOCK, INVALIDATE_LOCK) : Set.of();
      default:
        return s.allocReadHeld() ? Set.of(INVALIDATE_LOCK_SHARED) : Set.of();
    }
  }

  /** The spec's Wants(t): the locks the task's next step takes, free or not. */
  static Set<Lock> wants(GmemSystem s, int t) {
    int n = s.vcpuCount();
    if (t < n) {
      return vcpuWants(s, t);
    }
    switch (t - n) {
      case 0:
        return punchWants(s);
      case 1:
        KvmSetMemAttributes.Pc a = s.attributes().pc();
        return a == KvmSetMemAttributes.Pc.PRE || a == KvmSetMemAttributes.Pc.POST ? Set.of(MMU_LOCK_WRITE) : Set.of();
      case 2:
        MemoryFailure failure = s.memoryFailure();
        boolean takes = failure.pc() == MemoryFailure.Pc.WORK
            || (failure.pc() == MemoryFailure.Pc.ERROR_FOLIO && s.revision().errorFolioTakesInvalidateLock());
        if (takes) {
          return Set.of(INVALIDATE_LOCK_SHARED, MMU_LOCK_WRITE);
        }
        return failure.readHeld() ? Set.of(MMU_LOCK_WRITE) : Set.of();
      case 3:
        return memslotWants(s);
      case 4:
        KvmGmemPopulate p = s.populate();
        return p.pc() == KvmGmemPopulate.Pc.GET_FOLIO ? Set.of(folioLock(p.index())) : Set.of();
      default:
        return s.allocReadHeld() ? Set.of(folioLock(s.allocate().index())) : Set.of();
    }
  }

  private static Set<Lock> vcpuWants(GmemSystem s, int v) {
    KvmPageFault f = s.fault(v);
    if (f.pc() == KvmPageFault.Pc.LOCK) {
      return Set.of(MMU_LOCK_READ);
    }
    int k = f.slot();
    GmemFile file = s.file();
    if (f.pc() != KvmPageFault.Pc.GET_PFN || !f.usesGmem(s) || k < 0 || !file.bound(k)
        || (s.revision().isGmem() && (!s.kvm().memslot(k).gmemFile() || file.state() != GmemFile.State.OPEN))) {
      return Set.of();
    }
    return Set.of(folioLock(s.gmemIndex(k, f.gfn())));
  }

  private static Set<Lock> punchWants(GmemSystem s) {
    GmemPunchHole p = s.punch();
    switch (p.pc()) {
      case LOCK:
        return Set.of(INVALIDATE_LOCK);
      case BEGIN:
      case END:
        return Set.of(MMU_LOCK_WRITE);
      case FOLIO_LOCK:
        Set<Lock> out = new LinkedHashSet<>();
        for (int i = p.start(); i < p.end(); i++) {
          if (s.file().folio(i) != Pfn.NO_PFN) {
            out.add(folioLock(i));
          }
        }
        return out;
      default:
        return Set.of();
    }
  }

  /** kvm_free_memslot() -> kvm_gmem_unbind() of a live file takes the invalidate lock. */
  private static Set<Lock> memslotWants(GmemSystem s) {
    Kvm kvm = s.kvm();
    if (kvm.slotsLock() != Kvm.SlotsLock.MEMSLOT) {
      return Set.of();
    }
    for (int k = 0; k < kvm.nMemslots(); k++) {
      if (kvm.memslot(k).state() == KvmMemorySlot.State.INVALID && s.unbindLocks(k)) {
        return Set.of(INVALIDATE_LOCK);
      }
    }
    return Set.of();
  }

  /**
   * Task t waits for task u: t's next step takes a lock u holds in a mode that excludes it, or u
   * is the punch queued for the invalidate lock ahead of reader t (the spec's QueuedBehind).
   */
  private static boolean waitsFor(GmemSystem s, int t, int u) {
    if (t == u) {
      return false;
    }
    if (queuedBehind(s, t, u)) {
      return true;
    }
    for (Lock w : wants(s, t)) {
      for (Lock h : holds(s, u)) {
        if (w.conflicts(h)) {
          return true;
        }
      }
    }
    return false;
  }

  /** rwsem_mark_wake() wakes no reader while a writer is the first waiter. */
  private static boolean queuedBehind(GmemSystem s, int t, int u) {
    return u == s.vcpuCount() && s.writerQueued() && s.readHeld() && wants(s, t).contains(INVALIDATE_LOCK_SHARED);
  }

  /** The spec's Deadlocked: the tasks (by name) that reach themselves along waits-for. */
  public static Set<String> deadlocked(GmemSystem s) {
    List<String> names = tasks(s);
    int n = names.size();
    boolean[][] reach = new boolean[n][n];
    for (int t = 0; t < n; t++) {
      for (int u = 0; u < n; u++) {
        reach[t][u] = waitsFor(s, t, u);
      }
    }
    for (int m = 0; m < n; m++) {
      for (int t = 0; t < n; t++) {
        for (int u = 0; u < n; u++) {
          reach[t][u] |= reach[t][m] && reach[m][u];
        }
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (int t = 0; t < n; t++) {
      if (reach[t][t]) {
        out.add(names.get(t));
      }
    }
    return out;
  }

  /**
   * The wait cycle as a report line names it, e.g. "punch waits for folio_lock of index 0 held by
   * memory_failure; memory_failure waits for invalidate_lock (shared) held by punch"; empty when
   * there is none.
   */
  public static String describeCycle(GmemSystem s) {
    Set<String> cycle = deadlocked(s);
    List<String> names = tasks(s);
    List<String> parts = new ArrayList<>();
    for (int t = 0; t < names.size(); t++) {
      if (!cycle.contains(names.get(t))) {
        continue;
      }
      for (int u = 0; u < names.size(); u++) {
        if (t == u || !cycle.contains(names.get(u))) {
          continue;
        }
        for (Lock w : wants(s, t)) {
          for (Lock h : holds(s, u)) {
            if (w.conflicts(h)) {
              parts.add(names.get(t) + " waits for " + w + " held by " + names.get(u));
            }
          }
        }
        if (queuedBehind(s, t, u)) {
          parts.add(names.get(t) + " waits for " + INVALIDATE_LOCK_SHARED + " queued behind " + names.get(u));
        }
      }
    }
    return String.join("; ", parts);
  }

  /**
   * Lockdep's check, folio locks included: no task takes a lock of class A while it holds one of
   * class B when A is ordered before B (the closure of {@link #LOCK_ORDER}).
   */
  public static boolean lockOrderInv(GmemSystem s) {
    int n = tasks(s).size();
    for (int t = 0; t < n; t++) {
      for (Lock h : holds(s, t)) {
        for (Lock w : wants(s, t)) {
          if (CLOSURE.contains(List.of(w.cls(), h.cls()))) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
