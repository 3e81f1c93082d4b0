package org.sealcheck.model.gmem;

import java.util.function.Predicate;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * One step of the guest_memfd model, typed: one record per action of the spec's Next, with the
 * \E-bound parameters that select it. vCPUs, pages and memslots are positions in the config's
 * Vcpus, Pfns and Slots; {@link #toStep} gives TLC's label.
 *
 * <p>Labels are TLC's: an action is named after the operator Next applies, which the spec keeps
 * to the kernel function's name (a revision's punch entry is kvm_gmem_punch_hole,
 * restrictedmem_punch_hole or restrictedmem_fallocate); {@link #action} gives that name.
 */
public sealed interface GmemStep {

  /** TLC's action label: the name part. */
  String label();

  /** The spec operator (named after the kernel function) this step runs in {@code rev}. */
  default String action(GmemRevision rev) {
    return label();
  }

  /** The label TLC gives this step: name and \E-bound parameters, values as in the spec. */
  Step toStep(GmemConfig c);

  /** Runs the step on a mutable state; false (state unchanged) when the action is disabled. */
  boolean run(GmemSystem s);

  private static SpecValue vcpu(GmemConfig c, int v) {
    return c.vcpus().get(v);
  }

  private static SpecValue page(GmemConfig c, int p) {
    return p == Pfn.NO_PFN ? c.noPfn() : c.pfns().get(p);
  }

  // ------------------------------------------------------------------ vCPU

  /** kvm_mmu_do_page_fault(v, g): a new access from idle, or the re-execution after RET_PF_RETRY. */
  record KvmMmuDoPageFault(int v, int g) implements GmemStep {
    public String label() {
      return "KvmMmuDoPageFault";
    }

    @Override
    public String action(GmemRevision rev) {
      return "KvmMmuDoPageFault";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "g", SpecValue.of(g), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.kvmMmuDoPageFault(v, g);
    }
  }

  record FaultSnapshotSeq(int v) implements GmemStep {
    public String label() {
      return "FaultSnapshotSeq";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.faultSnapshotSeq(v);
    }
  }

  record FaultCheckAttributes(int v) implements GmemStep {
    public String label() {
      return "FaultCheckAttributes";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.faultCheckAttributes(v);
    }
  }

  /** kvm_gmem_get_pfn() returning page p ({@link Pfn#NO_PFN}: an error). */
  record KvmGmemGetPfn(int v, int p) implements GmemStep {
    public String label() {
      return "KvmGmemGetPfn";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "p", page(c, p), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemGetPfn(v, p);
    }
  }

  record HvaToPfn(int v) implements GmemStep {
    public String label() {
      return "HvaToPfn";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.hvaToPfn(v);
    }
  }

  record FaultTakeMmuLock(int v) implements GmemStep {
    public String label() {
      return "FaultTakeMmuLock";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.faultTakeMmuLock(v);
    }
  }

  record IsPageFaultStale(int v) implements GmemStep {
    public String label() {
      return "IsPageFaultStale";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.isPageFaultStale(v);
    }
  }

  record KvmTdpMmuMap(int v) implements GmemStep {
    public String label() {
      return "KvmTdpMmuMap";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "v", vcpu(c, v));
    }

    public boolean run(GmemSystem s) {
      return s.kvmTdpMmuMap(v);
    }
  }

  // ------------------------------------------------------------------ punch

  /**
   * fallocate(PUNCH_HOLE, off, len): kvm_gmem_punch_hole(), restrictedmem_punch_hole() or
   * restrictedmem_fallocate(), by revision; labelled by the function (the label() of the record
   * is the guest_memfd one, toStep() names the revision's).
   */
  record PunchHole(int off, int len) implements GmemStep {
    public String label() {
      return "KvmGmemPunchHole";
    }

    @Override
    public String action(GmemRevision rev) {
      return rev.isGmem() ? "KvmGmemPunchHole" : rev.isShim() ? "RestrictedmemPunchHole" : "RestrictedmemFallocate";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(action(c.revision()), "len", SpecValue.of(len), "off", SpecValue.of(off));
    }

    public boolean run(GmemSystem s) {
      GmemRevision rev = s.revision();
      return rev.isGmem() ? s.kvmGmemPunchHole(off, len)
          : rev.isShim() ? s.restrictedmemPunchHole(off, len) : s.restrictedmemFallocate(off, len);
    }
  }

  /** The actions without parameters, in the order of the spec's Next. */
  enum Unparameterized implements GmemStep {
    KvmGmemInvalidateBegin(GmemSystem::kvmGmemInvalidateBegin),
    KvmRestrictedmemInvalidateBegin(GmemSystem::kvmRestrictedmemInvalidateBegin),
    TruncateInodePagesRange(GmemSystem::truncateInodePagesRange),
    ShmemFallocate(GmemSystem::shmemFallocate),
    TruncateInodeFolio(GmemSystem::truncateInodeFolio),
    KvmGmemInvalidateEnd(GmemSystem::kvmGmemInvalidateEnd),
    KvmRestrictedmemInvalidateEnd(GmemSystem::kvmRestrictedmemInvalidateEnd),
    FilemapInvalidateUnlock(GmemSystem::filemapInvalidateUnlock),
    RestrictedmemUpRead(GmemSystem::restrictedmemUpRead),
    FilemapInvalidateLock(GmemSystem::filemapInvalidateLock),
    FilpClose(GmemSystem::filpClose),
    KvmGmemRelease(GmemSystem::kvmGmemRelease),
    KvmPreSetMemoryAttributes(GmemSystem::kvmPreSetMemoryAttributes),
    KvmSetMemAttributesStore(GmemSystem::kvmSetMemAttributesStore),
    KvmPostSetMemoryAttributes(GmemSystem::kvmPostSetMemoryAttributes),
    KvmGmemErrorFolio(GmemSystem::kvmGmemErrorFolio),
    KvmGmemErrorFolioWork(GmemSystem::kvmGmemErrorFolioWork),
    KvmGmemErrorFolioInvalidateEnd(GmemSystem::kvmGmemErrorFolioInvalidateEnd);

    private final Predicate<GmemSystem> body;

    Unparameterized(Predicate<GmemSystem> body) {
      this.body = body;
    }

    public String label() {
      return name();
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label());
    }

    public boolean run(GmemSystem s) {
      return body.test(s);
    }
  }

  // ------------------------------------------------------------------ allocate, memslots

  /** fallocate(mode 0) of index i, page p at i afterwards. */
  record KvmGmemAllocate(int i, int p) implements GmemStep {
    public String label() {
      return "KvmGmemAllocate";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "i", SpecValue.of(i), "p", page(c, p));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemAllocate(i, p);
    }
  }

  /** Memslot create at position k, bound at pgoff. */
  record KvmGmemBind(int k, int pgoff) implements GmemStep {
    public String label() {
      return "KvmGmemBind";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "pgoff", SpecValue.of(pgoff), "s", SpecValue.of(c.slots().get(k)));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemBind(k, pgoff);
    }
  }

  record KvmSetMemoryRegionDelete(int k) implements GmemStep {
    public String label() {
      return "KvmSetMemoryRegionDelete";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "s", SpecValue.of(c.slots().get(k)));
    }

    public boolean run(GmemSystem s) {
      return s.kvmSetMemoryRegionDelete(k);
    }
  }

  record KvmGmemUnbind(int k) implements GmemStep {
    public String label() {
      return "KvmGmemUnbind";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "s", SpecValue.of(c.slots().get(k)));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemUnbind(k);
    }
  }

  // ------------------------------------------------------------------ attributes, failure, mmap

  /** KVM_SET_MEMORY_ATTRIBUTES of gfn g to private or shared. */
  record KvmVmSetMemAttributes(int g, boolean toPrivate) implements GmemStep {
    public String label() {
      return "KvmVmSetMemAttributes";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "a", SpecValue.of(toPrivate ? "private" : "shared"), "g", SpecValue.of(g));
    }

    public boolean run(GmemSystem s) {
      return s.kvmVmSetMemAttributes(g, toPrivate);
    }
  }

  record MemoryFailure(int i) implements GmemStep {
    public String label() {
      return "MemoryFailure";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "i", SpecValue.of(i));
    }

    public boolean run(GmemSystem s) {
      return s.memoryFailure(i);
    }
  }

  /** kvm_gmem_allocate()'s kvm_gmem_get_folio() once the folio is unlocked; p is the page at the index. */
  record KvmGmemAllocateGetFolio(int p) implements GmemStep {
    public String label() {
      return "KvmGmemAllocateGetFolio";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "p", page(c, p));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemAllocateGetFolio(p);
    }
  }

  /** kvm_gmem_populate() of index i: its entry, under slots_lock and the invalidate lock. */
  record KvmGmemPopulate(int i) implements GmemStep {
    public String label() {
      return "KvmGmemPopulate";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "i", SpecValue.of(i));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemPopulate(i);
    }
  }

  /** kvm_gmem_populate()'s kvm_gmem_get_folio(); p is the page populated (NoPfn on an error). */
  record KvmGmemGetFolio(int p) implements GmemStep {
    public String label() {
      return "KvmGmemGetFolio";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "p", page(c, p));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemGetFolio(p);
    }
  }

  /** A host fault on the 6.18 mmap of index i; p is the page the PTE maps (NoPfn on failure). */
  record KvmGmemFaultUserMapping(int i, int p) implements GmemStep {
    public String label() {
      return "KvmGmemFaultUserMapping";
    }

    public Step toStep(GmemConfig c) {
      return Step.of(label(), "i", SpecValue.of(i), "p", page(c, p));
    }

    public boolean run(GmemSystem s) {
      return s.kvmGmemFaultUserMapping(i, p);
    }
  }
}
