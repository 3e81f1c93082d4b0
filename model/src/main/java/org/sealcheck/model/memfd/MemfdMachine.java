package org.sealcheck.model.memfd;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * The memfd model as the checker drives it, for one {@link MemfdConfig}: the spec's Init, the
 * labels of its Next for these bounds, each label's effect, and the abstraction to the spec's
 * variables. States are {@link MemfdSystem}s, frozen: apply() never changes the state it is given.
 */
public final class MemfdMachine implements StepMachine<MemfdSystem> {
  private final MemfdConfig config;
  private final MemfdSystem initial;
  private final ImmutableMap<Step, MemfdStep> alphabet;
  /**
   * The alphabet by the labels' identity: a caller that hands back {@link #alphabet()}'s own
   * objects (random schedules do, once per step tried) skips hashing the label's parameters.
   * Read-only after construction.
   */
  private final IdentityHashMap<Step, MemfdStep> byIdentity = new IdentityHashMap<>();

  public MemfdMachine(MemfdConfig config) {
    this.config = config;
    this.initial = MemfdSystem.initial(config).freeze();
    Map<Step, MemfdStep> a = new LinkedHashMap<>();
    for (MemfdStep s : steps(config)) {
      a.put(s.toStep(), s);
    }
    this.alphabet = ImmutableMap.copyOf(a);
    this.alphabet.forEach(byIdentity::put);
    this.keysFit = config.maxPages() <= 31 && config.vmas() * VmFlag.values().length <= 63;
    this.anonKeysFit = config.vmas() * config.maxPages() <= 31;
  }

  public MemfdConfig config() {
    return config;
  }

  /**
   * Every step of the spec's Next for these bounds, enabled or not, in TLC's action order: Next's
   * disjuncts in turn, and within one the first \E-bound variable varying fastest, each set in
   * TLC's order (strings in the order the spec first mentions them, which the enums follow).
   */
  public static List<MemfdStep> steps(MemfdConfig c) {
    MemfdRevision rev = c.revision();
    int pages = c.maxPages();
    boolean[] bools = {false, true};
    List<MemfdStep> out = new ArrayList<>();
    // \E flags \in SUBSET MfdFlags
    for (var flags : MemfdStep.subsets(rev.mfdFlags(), MfdFlag.class)) {
      out.add(new MemfdStep.MemfdCreate(flags));
    }
    // \E f \in Fds, s \in SealArgs: one seal at a time, plus an undefined bit.
    List<Seal> sealArgs = new ArrayList<>(rev.fAllSeals());
    sealArgs.add(Seal.F_SEAL_0x8000);
    for (Seal s : sealArgs) {
      for (File f : File.values()) {
        out.add(new MemfdStep.MemfdAddSeals(f, EnumSet.of(s)));
      }
    }
    // \E pos \in PageIdx, len \in 1..MaxPages: len ranges over 1..MaxPages whatever pos is; the
    // guard disables the ones past the end.
    for (int len = 1; len <= pages; len++) {
      for (int pos = 0; pos < pages; pos++) {
        out.add(new MemfdStep.ShmemFileWriteIter(pos, len));
      }
    }
    for (int n = 0; n <= pages; n++) {
      out.add(new MemfdStep.ShmemSetattrSize(n));
    }
    // Labelled in every revision; disabled where fchmod is not modelled.
    out.add(new MemfdStep.ShmemSetattrMode(0777));
    out.add(new MemfdStep.ShmemSetattrMode(0666));
    // \E mode \in FallocModes, off \in PageIdx, len \in 1..MaxPages
    for (int len = 1; len <= pages; len++) {
      for (int off = 0; off < pages; off++) {
        for (FallocMode m : FallocMode.values()) {
          out.add(new MemfdStep.ShmemFallocate(m, off, len));
        }
      }
    }
    // \E v \in Vmas, f \in Fds, shared \in BOOLEAN, write \in BOOLEAN
    for (boolean write : bools) {
      for (boolean shared : bools) {
        for (File f : File.values()) {
          for (int v = 1; v <= c.vmas(); v++) {
            out.add(new MemfdStep.DoMmap(v, f, shared, write));
          }
        }
      }
    }
    for (boolean write : bools) {
      for (int v = 1; v <= c.vmas(); v++) {
        out.add(new MemfdStep.DoMprotectPkey(v, write));
      }
    }
    for (int v = 1; v <= c.vmas(); v++) {
      out.add(new MemfdStep.DoVmiMunmap(v));
    }
    // \E v \in Vmas, i \in PageIdx, write \in BOOLEAN
    for (boolean write : bools) {
      for (int i = 0; i < pages; i++) {
        for (int v = 1; v <= c.vmas(); v++) {
          out.add(new MemfdStep.ShmemFault(v, i, write));
        }
      }
    }
    for (int i = 0; i < pages; i++) {
      for (int v = 1; v <= c.vmas(); v++) {
        out.add(new MemfdStep.ShmemMfillAtomicPte(v, i));
      }
    }
    for (int i = 0; i < pages; i++) {
      out.add(new MemfdStep.ShmemGetLockPfn(i));
    }
    for (int i = 0; i < pages; i++) {
      out.add(new MemfdStep.ShmemReadISize(i));
    }
    for (int i = 0; i < pages; i++) {
      out.add(new MemfdStep.ShmemReadCheckSeal(i));
    }
    out.add(new MemfdStep.ShmemReadCopy());
    return out;
  }

  @Override
  public MemfdSystem initial() {
    return initial;
  }

  @Override
  public List<Step> alphabet() {
    return alphabet.keySet().asList();
  }

  /** The typed steps of the alphabet, in the same order as {@link #alphabet()}. */
  public List<MemfdStep> typedAlphabet() {
    return alphabet.values().asList();
  }

  /**
   * The typed step for a label of this configuration's alphabet.
   *
   * @throws IllegalArgumentException for a malformed label, or one outside these bounds
   */
  public MemfdStep parse(Step step) {
    MemfdStep s = byIdentity.get(step);
    if (s == null) {
      s = alphabet.get(step);
    }
    if (s == null) {
      MemfdStep parsed = MemfdSteps.parse(step); // names the malformed part, if any
      throw new IllegalArgumentException(step + " (" + parsed + ") is not in the alphabet of "
          + config.revision() + " with MaxPages=" + config.maxPages() + ", Vmas=1.." + config.vmas());
    }
    return s;
  }

  @Override
  public Optional<MemfdSystem> apply(MemfdSystem state, Step step) {
    return apply(state, parse(step));
  }

  /** Like {@link #apply(MemfdSystem, Step)}, for a typed step (not checked against the bounds). */
  public Optional<MemfdSystem> apply(MemfdSystem state, MemfdStep step) {
    if (!step.enabled(state)) {
      return Optional.empty();
    }
    MemfdSystem next = state.copy();
    step.run(next);
    next.setArg(step);
    return Optional.of(next.freeze());
  }

  @Override
  public List<String> outputVariables() {
    return List.of("ret", "arg");
  }

  @Override
  public SpecState abstraction(MemfdSystem s) {
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    b.put("fd_installed", SpecValue.of(s.fdInstalled()));
    b.put("seals", seals.computeIfAbsent(s.seals(),
        k -> SpecValue.strings(k.stream().map(Seal::specName).toList())));
    b.put("i_mode", modes.computeIfAbsent(s.iMode(), m -> SpecValue.of(MemfdStep.modeName(m))));
    b.put("xflags", xflags.computeIfAbsent(s.xflags(), k -> SpecValue.strings(k.stream().map(Enum::name).toList())));
    b.put("i_size", SpecValue.of(s.iSize()));
    long pagesKey = 0;
    for (int i = 0; i < config.maxPages() && keysFit; i++) {
      pagesKey = pagesKey * PageContent.values().length + s.page(i).ordinal();
    }
    b.put("i_pages", keysFit ? iPages.computeIfAbsent(pagesKey, k -> iPages(s)) : iPages(s));
    b.put("i_mmap_writable", SpecValue.of(s.iMmapWritable()));
    long flagsKey = 0;
    for (int v = 1; v <= config.vmas() && keysFit; v++) {
      long bits = 0;
      for (VmFlag f : s.vmFlags(v)) {
        bits |= 1L << f.ordinal();
      }
      flagsKey = (flagsKey << VmFlag.values().length) | bits;
    }
    b.put("vm_flags", keysFit ? vmFlags.computeIfAbsent(flagsKey, k -> vmFlags(s)) : vmFlags(s));
    long anonKey = 0;
    for (int v = 1; v <= config.vmas() && anonKeysFit; v++) {
      for (int i = 0; i < config.maxPages(); i++) {
        anonKey = anonKey * PageContent.values().length + s.anonPage(v, i).ordinal();
      }
    }
    b.put("anon_vma", anonKeysFit ? anonVma.computeIfAbsent(anonKey, k -> anonVma(s)) : anonVma(s));
    b.put("rd_pc", SpecValue.of(s.reader().pc().specName()));
    b.put("rd_index", SpecValue.of(s.reader().index()));
    b.put("ret", rets.computeIfAbsent(s.ret(), r -> SpecValue.rec("fn", SpecValue.of(r.fn().specName()),
        "val", SpecValue.of(r.val()), "data", SpecValue.of(r.data().specName()))));
    b.put("arg", s.arg() == null ? INIT_ARG : args.computeIfAbsent(s.arg(), MemfdMachine::argValue));
    return new SpecState(b.build());
  }

  /** The spec's arg in the initial state. */
  private static final SpecValue INIT_ARG = SpecValue.rec("action", SpecValue.of("Init"));

  /**
   * The spec's arg after {@code step}: its label as a record, the action's name under "action" and
   * each parameter under its own name ({@code [action |-> "MemfdAddSeals", f |-> "rw", s |-> ...]}).
   */
  static SpecValue argValue(MemfdStep step) {
    Step label = step.toStep();
    Map<String, SpecValue> fields = new LinkedHashMap<>(label.params());
    fields.put("action", SpecValue.of(label.action()));
    return SpecValue.record(fields);
  }

  // The abstraction's parts repeat from state to state (a few seal sets, modes, page contents,
  // returns): each distinct one is built once per machine, keyed by what it is made of. The
  // values are immutable, so threads share them; the keys are copies where the state's own sets
  // could be mutable. Keys: i_pages by the pages' contents in index order, vm_flags by each VMA's
  // flag bits (VmFlag.values().length bits per VMA), in slot order; anon_vma by each VMA's
  // pages' contents, slot by slot.
  private final boolean keysFit;
  private final boolean anonKeysFit;
  private final Map<Long, SpecValue> anonVma = new ConcurrentHashMap<>();
  private final Map<Set<Seal>, SpecValue> seals = new KeyCopyingMap<>();
  private final Map<Set<ShmemXflag>, SpecValue> xflags = new KeyCopyingMap<>();
  private final Map<Integer, SpecValue> modes = new ConcurrentHashMap<>();
  private final Map<Long, SpecValue> iPages = new ConcurrentHashMap<>();
  private final Map<Long, SpecValue> vmFlags = new ConcurrentHashMap<>();
  private final Map<Ret, SpecValue> rets = new ConcurrentHashMap<>();
  private final Map<MemfdStep, SpecValue> args = new ConcurrentHashMap<>();

  private SpecValue iPages(MemfdSystem s) {
    Map<SpecValue, SpecValue> pages = new LinkedHashMap<>();
    for (int i = 0; i < config.maxPages(); i++) {
      pages.put(SpecValue.of(i), SpecValue.of(s.page(i).specName()));
    }
    // Domain 0..MaxPages-1: never 1..n, so this stays a general function, as in TLC.
    return SpecValue.function(pages);
  }

  private SpecValue vmFlags(MemfdSystem s) {
    Map<SpecValue, SpecValue> vmFlags = new LinkedHashMap<>();
    for (int v = 1; v <= config.vmas(); v++) {
      vmFlags.put(SpecValue.of(v), SpecValue.strings(s.vmFlags(v).stream().map(Enum::name).toList()));
    }
    // Domain 1..Vmas: a sequence, TLC's canonical form.
    return SpecValue.function(vmFlags);
  }

  private SpecValue anonVma(MemfdSystem s) {
    Map<SpecValue, SpecValue> slots = new LinkedHashMap<>();
    for (int v = 1; v <= config.vmas(); v++) {
      Map<SpecValue, SpecValue> pages = new LinkedHashMap<>();
      for (int i = 0; i < config.maxPages(); i++) {
        pages.put(SpecValue.of(i), SpecValue.of(s.anonPage(v, i).specName()));
      }
      slots.put(SpecValue.of(v), SpecValue.function(pages));
    }
    // Domain 1..Vmas of functions with domain 0..MaxPages-1, as vm_flags and i_pages.
    return SpecValue.function(slots);
  }

  /** A concurrent map that stores an immutable copy of each new set key. */
  private static final class KeyCopyingMap<E extends Enum<E>> extends ConcurrentHashMap<Set<E>, SpecValue> {
    @Override
    public SpecValue computeIfAbsent(Set<E> key, java.util.function.Function<? super Set<E>, ? extends SpecValue> f) {
      SpecValue v = get(key);
      if (v == null) {
        v = f.apply(key);
        SpecValue had = putIfAbsent(ImmutableSet.copyOf(key), v);
        if (had != null) {
          v = had;
        }
      }
      return v;
    }
  }
}
