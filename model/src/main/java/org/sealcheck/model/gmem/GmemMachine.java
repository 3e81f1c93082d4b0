package org.sealcheck.model.gmem;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * The guest_memfd model as the checker drives it, for one {@link GmemConfig}: the spec's Init, the
 * labels of its Next for these bounds, each label's effect, and the abstraction to the spec's
 * variables. States are frozen {@link GmemSystem}s: apply() never changes the state it is given.
 */
public final class GmemMachine implements StepMachine<GmemSystem> {
  private final GmemConfig config;
  private final GmemSystem initial;
  private final ImmutableMap<Step, GmemStep> alphabet;
  /**
   * The alphabet by the labels' identity: a caller that hands back {@link #alphabet()}'s own
   * objects (random schedules do, once per step tried) skips hashing the label's parameters.
   * Read-only after construction.
   */
  private final IdentityHashMap<Step, GmemStep> byIdentity = new IdentityHashMap<>();
  private final SpecValue[] pfnValues;
  private final SpecValue noPfn;
  private static final SpecValue HVA = SpecValue.of(Pfn.HVA);

  public GmemMachine(GmemConfig config) {
    this.config = config;
    this.initial = GmemSystem.initial(config).freeze();
    Map<Step, GmemStep> a = new LinkedHashMap<>();
    for (GmemStep s : steps(config)) {
      a.put(s.toStep(config), s);
    }
    this.alphabet = ImmutableMap.copyOf(a);
    this.alphabet.forEach(byIdentity::put);
    this.pfnValues = config.pfns().toArray(new SpecValue[0]);
    this.noPfn = config.noPfn();
  }

  public GmemConfig config() {
    return config;
  }

  /**
   * Every step of the spec's Next for these bounds, enabled or not, in the order of Next's
   * disjuncts. {@code PageArgs} (Pfns \cup {NoPfn}) includes NoPfn: a call that fails returns no
   * page.
   */
  public static List<GmemStep> steps(GmemConfig c) {
    int nv = c.vcpus().size();
    int np = c.pfns().size();
    List<GmemStep> out = new ArrayList<>();
    for (int v = 0; v < nv; v++) {
      for (int g = 0; g < c.nGfns(); g++) {
        out.add(new GmemStep.KvmMmuDoPageFault(v, g));
      }
    }
    for (int v = 0; v < nv; v++) {
      out.add(new GmemStep.FaultSnapshotSeq(v));
      out.add(new GmemStep.FaultCheckAttributes(v));
      for (int p = Pfn.NO_PFN; p < np; p++) {
        out.add(new GmemStep.KvmGmemGetPfn(v, p));
      }
      out.add(new GmemStep.HvaToPfn(v));
      out.add(new GmemStep.FaultTakeMmuLock(v));
      out.add(new GmemStep.IsPageFaultStale(v));
      out.add(new GmemStep.KvmTdpMmuMap(v));
    }
    for (int off = 0; off < c.nPages(); off++) {
      for (int len = 1; off + len <= c.nPages(); len++) {
        out.add(new GmemStep.PunchHole(off, len));
      }
    }
    for (int k = 0; k <= GmemStep.Unparameterized.FilemapInvalidateLock.ordinal(); k++) {
      out.add(GmemStep.Unparameterized.values()[k]);
    }
    for (int p = Pfn.NO_PFN; p < np; p++) {
      for (int i = 0; i < c.nPages(); i++) {
        out.add(new GmemStep.KvmGmemAllocate(i, p));
      }
    }
    for (int p = Pfn.NO_PFN; p < np; p++) {
      out.add(new GmemStep.KvmGmemAllocateGetFolio(p));
    }
    for (int k = 0; k < c.slotCount(); k++) {
      for (int pgoff = 0; pgoff < c.nPages(); pgoff++) {
        out.add(new GmemStep.KvmGmemBind(k, pgoff));
      }
    }
    for (int k = 0; k < c.slotCount(); k++) {
      out.add(new GmemStep.KvmSetMemoryRegionDelete(k));
    }
    for (int k = 0; k < c.slotCount(); k++) {
      out.add(new GmemStep.KvmGmemUnbind(k));
    }
    out.add(GmemStep.Unparameterized.FilpClose);
    out.add(GmemStep.Unparameterized.KvmGmemRelease);
    for (boolean priv : new boolean[] {true, false}) {
      for (int g = 0; g < c.nGfns(); g++) {
        out.add(new GmemStep.KvmVmSetMemAttributes(g, priv));
      }
    }
    out.add(GmemStep.Unparameterized.KvmPreSetMemoryAttributes);
    out.add(GmemStep.Unparameterized.KvmSetMemAttributesStore);
    out.add(GmemStep.Unparameterized.KvmPostSetMemoryAttributes);
    for (int i = 0; i < c.nPages(); i++) {
      out.add(new GmemStep.MemoryFailure(i));
    }
    out.add(GmemStep.Unparameterized.KvmGmemErrorFolio);
    out.add(GmemStep.Unparameterized.KvmGmemErrorFolioWork);
    out.add(GmemStep.Unparameterized.KvmGmemErrorFolioInvalidateEnd);
    for (int p = Pfn.NO_PFN; p < np; p++) {
      for (int i = 0; i < c.nPages(); i++) {
        out.add(new GmemStep.KvmGmemFaultUserMapping(i, p));
      }
    }
    for (int i = 0; i < c.nPages(); i++) {
      out.add(new GmemStep.KvmGmemPopulate(i));
    }
    for (int p = Pfn.NO_PFN; p < np; p++) {
      out.add(new GmemStep.KvmGmemGetFolio(p));
    }
    return out;
  }

  @Override
  public GmemSystem initial() {
    return initial;
  }

  @Override
  public List<Step> alphabet() {
    return alphabet.keySet().asList();
  }

  /** The typed steps of the alphabet, in the same order as {@link #alphabet()}. */
  public List<GmemStep> typedAlphabet() {
    return alphabet.values().asList();
  }

  /**
   * The typed step for a label of this configuration's alphabet.
   *
   * @throws IllegalArgumentException for a label outside it
   */
  public GmemStep parse(Step step) {
    GmemStep s = byIdentity.get(step);
    if (s == null) {
      s = alphabet.get(step);
    }
    if (s == null) {
      throw new IllegalArgumentException(step + " is not in the alphabet of GuestMemInvalidation " + config.revision()
          + " with these bounds (labels look like " + alphabet.keySet().iterator().next() + ")");
    }
    return s;
  }

  @Override
  public Optional<GmemSystem> apply(GmemSystem state, Step step) {
    return apply(state, parse(step));
  }

  /** Like {@link #apply(GmemSystem, Step)}, for a typed step. */
  public Optional<GmemSystem> apply(GmemSystem state, GmemStep step) {
    GmemSystem next = state.copy();
    if (!step.run(next)) {
      return Optional.empty();
    }
    return Optional.of(next.freeze());
  }

  @Override
  public List<String> outputVariables() {
    return List.of("ret");
  }

  private SpecValue pfn(int code) {
    return code == Pfn.NO_PFN ? noPfn : code == Pfn.HVA_PFN ? HVA : pfnValues[code];
  }

  private static SpecValue gfnSet(long bits) {
    List<SpecValue> out = new ArrayList<>();
    for (int g = 0; g < 64; g++) {
      if ((bits & (1L << g)) != 0) {
        out.add(SpecValue.of(g));
      }
    }
    return SpecValue.setOf(out);
  }

  private SpecValue pfnSet(long bits) {
    List<SpecValue> out = new ArrayList<>();
    for (int p = 0; p < pfnValues.length; p++) {
      if ((bits & (1L << p)) != 0) {
        out.add(pfnValues[p]);
      }
    }
    return SpecValue.setOf(out);
  }

  private SpecValue slotId(int k) {
    return k < 0 ? SpecValue.of(0) : SpecValue.of(config.slots().get(k));
  }

  @Override
  public SpecState abstraction(GmemSystem s) {
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    GmemFile file = s.file();
    Kvm kvm = s.kvm();
    // The file.
    Map<SpecValue, SpecValue> folios = new LinkedHashMap<>();
    Map<SpecValue, SpecValue> hostPte = new LinkedHashMap<>();
    for (int i = 0; i < file.nPages(); i++) {
      folios.put(SpecValue.of(i), pfn(file.folio(i)));
      hostPte.put(SpecValue.of(i), pfn(file.hostPte(i)));
    }
    b.put("folios", SpecValue.function(folios));
    b.put("hwpoison", pfnSet(file.hwpoison()));
    b.put("user_alloc", gfnSet(file.userAlloc()));
    b.put("host_pte", SpecValue.function(hostPte));
    b.put("file_state", SpecValue.of(file.state().specName()));
    b.put("invalidate_lock", SpecValue.of(file.invalidateLock()));
    // Memslots.
    b.put("slots_lock", SpecValue.of(kvm.slotsLock().specName()));
    Map<SpecValue, SpecValue> memslot = new LinkedHashMap<>();
    Map<SpecValue, SpecValue> pgoff = new LinkedHashMap<>();
    Map<SpecValue, SpecValue> gfile = new LinkedHashMap<>();
    for (int k = 0; k < kvm.nMemslots(); k++) {
      SpecValue id = slotId(k);
      memslot.put(id, SpecValue.of(kvm.memslot(k).state().specName()));
      pgoff.put(id, SpecValue.of(file.binding(k)));
      gfile.put(id, SpecValue.of(kvm.memslot(k).gmemFile()));
    }
    b.put("memslot", SpecValue.function(memslot));
    b.put("gmem_pgoff", SpecValue.function(pgoff));
    b.put("gmem_file", SpecValue.function(gfile));
    // The MMU.
    b.put("mmu_invalidate_seq", SpecValue.of(kvm.mmuInvalidateSeq()));
    b.put("mmu_invalidate_in_progress", SpecValue.of(kvm.mmuInvalidateInProgress()));
    b.put("mmu_invalidate_range_start", SpecValue.of(kvm.mmuInvalidateRangeStart()));
    b.put("mmu_invalidate_range_end", SpecValue.of(kvm.mmuInvalidateRangeEnd()));
    Map<SpecValue, SpecValue> spte = new LinkedHashMap<>();
    Map<SpecValue, SpecValue> attrs = new LinkedHashMap<>();
    for (int g = 0; g < kvm.nGfns(); g++) {
      spte.put(SpecValue.of(g), SpecValue.rec("pfn", pfn(kvm.sptePfn(g)), "private", SpecValue.of(kvm.sptePrivate(g))));
      attrs.put(SpecValue.of(g), SpecValue.of(kvm.attributePrivate(g) ? "private" : "shared"));
    }
    b.put("spte", SpecValue.function(spte));
    b.put("attributes", SpecValue.function(attrs));
    b.put("hva_populated", gfnSet(kvm.hvaPopulated()));
    // vCPUs.
    Map<SpecValue, SpecValue> pcs = new LinkedHashMap<>();
    Map<SpecValue, SpecValue> faults = new LinkedHashMap<>();
    for (int v = 0; v < s.vcpuCount(); v++) {
      KvmPageFault f = s.fault(v);
      pcs.put(config.vcpus().get(v), SpecValue.of(f.pc().specName()));
      faults.put(config.vcpus().get(v), SpecValue.rec("gfn", SpecValue.of(f.gfn()), "is_private",
          SpecValue.of(f.isPrivate()), "slot", slotId(f.slot()), "mmu_seq", SpecValue.of(f.mmuSeq()),
          "pfn", pfn(f.pfn())));
    }
    b.put("vcpu_pc", SpecValue.function(pcs));
    b.put("fault", SpecValue.function(faults));
    // The other actors.
    GmemPunchHole punch = s.punch();
    b.put("punch_pc", SpecValue.of(punch.pc().specName()));
    b.put("punch", SpecValue.rec("start", SpecValue.of(punch.start()), "end", SpecValue.of(punch.end())));
    KvmSetMemAttributes attr = s.attributes();
    b.put("attr_pc", SpecValue.of(attr.pc().specName()));
    b.put("attr_req", SpecValue.rec("gfn", SpecValue.of(attr.gfn()), "attr",
        SpecValue.of(attr.toPrivate() ? "private" : "shared")));
    b.put("mf_pc", SpecValue.of(s.memoryFailure().pc().specName()));
    b.put("mf_index", SpecValue.of(s.memoryFailure().index()));
    b.put("populate_pc", SpecValue.of(s.populate().pc().specName()));
    b.put("populate_index", SpecValue.of(s.populate().index()));
    b.put("alloc_pc", SpecValue.of(s.allocate().pc().specName()));
    b.put("alloc_index", SpecValue.of(s.allocate().index()));
    b.put("kasan", SpecValue.of(s.kasan()));
    b.put("ret", SpecValue.rec("fn", SpecValue.of(s.ret().fn()), "val", SpecValue.of(s.ret().val())));
    return new SpecState(b.build());
  }
}
