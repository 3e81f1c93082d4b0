package org.sealcheck.model.gmem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The spec's {@code Fairness}, conjunct by conjunct, so that a lasso is judged as TLC judges it:
 * a behaviour that repeats a cycle forever is one of {@code LiveSpec}'s only if every weakly fair
 * action enabled at every state of the cycle, and every strongly fair action enabled at some
 * state of it, is taken on the cycle. A cycle the Java model would not schedule fairly is no
 * counterexample (a stutter where the fix's {@code KvmGmemErrorFolioWork} is enabled, say).
 */
public final class GmemFairness {

  private GmemFairness() {}

  /** One conjunct of {@code Fairness}: {@code WF_vars(A)} or {@code SF_vars(A)}. */
  private record Conjunct(String tla, boolean strong, BiPredicate<GmemSystem, GmemStep> inA) {}

  /** {@code Fairness} for these bounds: one WF per vCPU, one SF per memslot's unbind, one for populate's folio. */
  private static List<Conjunct> conjuncts(GmemConfig c) {
    List<Conjunct> out = new ArrayList<>();
    for (int v = 0; v < c.vcpus().size(); v++) {
      final int vcpu = v;
      out.add(new Conjunct("WF_vars(VcpuStep(" + c.vcpus().get(v).toTla() + "))", false,
          (s, step) -> vcpuStep(s, step, vcpu)));
    }
    out.add(new Conjunct("SF_vars(PunchStep)", true, (s, step) -> punchStep(step)));
    out.add(new Conjunct("SF_vars(AttrStep)", true, (s, step) -> step == GmemStep.Unparameterized.KvmPreSetMemoryAttributes
        || step == GmemStep.Unparameterized.KvmSetMemAttributesStore
        || step == GmemStep.Unparameterized.KvmPostSetMemoryAttributes));
    for (int k = 0; k < c.slotCount(); k++) {
      final int slot = k;
      out.add(new Conjunct("SF_vars(KvmGmemUnbind(" + c.slots().get(k) + "))", true,
          (s, step) -> step instanceof GmemStep.KvmGmemUnbind u && u.k() == slot));
    }
    for (GmemStep.Unparameterized u : List.of(GmemStep.Unparameterized.KvmGmemRelease,
        GmemStep.Unparameterized.KvmGmemErrorFolio, GmemStep.Unparameterized.KvmGmemErrorFolioWork,
        GmemStep.Unparameterized.KvmGmemErrorFolioInvalidateEnd)) {
      out.add(new Conjunct("SF_vars(" + u.label() + ")", true, (s, step) -> step == u));
    }
    out.add(new Conjunct("SF_vars(\\E p \\in PageArgs : KvmGmemGetFolio(p))", true,
        (s, step) -> step instanceof GmemStep.KvmGmemGetFolio));
    out.add(new Conjunct("SF_vars(\\E p \\in PageArgs : KvmGmemAllocateGetFolio(p))", true,
        (s, step) -> step instanceof GmemStep.KvmGmemAllocateGetFolio));
    return out;
  }

  /** VcpuStep(v): the steps of a fault once begun, and the re-execution after RET_PF_RETRY. */
  private static boolean vcpuStep(GmemSystem s, GmemStep step, int v) {
    if (step instanceof GmemStep.KvmMmuDoPageFault f) {
      return f.v() == v && s.fault(v).pc() == KvmPageFault.Pc.RETRY;
    }
    return step instanceof GmemStep.FaultSnapshotSeq x && x.v() == v
        || step instanceof GmemStep.FaultCheckAttributes y && y.v() == v
        || step instanceof GmemStep.KvmGmemGetPfn z && z.v() == v
        || step instanceof GmemStep.HvaToPfn h && h.v() == v
        || step instanceof GmemStep.FaultTakeMmuLock l && l.v() == v
        || step instanceof GmemStep.IsPageFaultStale st && st.v() == v
        || step instanceof GmemStep.KvmTdpMmuMap m && m.v() == v;
  }

  /** PunchStep: every step of a hole punch after its entry, in any revision. */
  private static boolean punchStep(GmemStep step) {
    if (!(step instanceof GmemStep.Unparameterized u)) {
      return false;
    }
    switch (u) {
      case KvmGmemInvalidateBegin: case KvmRestrictedmemInvalidateBegin: case TruncateInodePagesRange:
      case ShmemFallocate: case TruncateInodeFolio: case KvmGmemInvalidateEnd:
      case KvmRestrictedmemInvalidateEnd: case FilemapInvalidateUnlock: case RestrictedmemUpRead:
      case FilemapInvalidateLock:
        return true;
      default:
        return false;
    }
  }

  /**
   * Why the behaviour that repeats {@code cycle} forever is not fair, or empty when it is.
   * {@code steps.get(j)} takes {@code cycle.get(j)} to the next state of the cycle (the last one
   * back to the first); an empty {@code steps} with one state is a stutter there.
   */
  public static Optional<String> unfairOn(GmemMachine m, List<GmemSystem> cycle, List<GmemStep> steps) {
    if (cycle.isEmpty() || !(steps.isEmpty() ? cycle.size() == 1 : steps.size() == cycle.size())) {
      throw new IllegalArgumentException("a cycle of " + cycle.size() + " states with " + steps.size() + " steps");
    }
    for (Conjunct f : conjuncts(m.config())) {
      boolean taken = false;
      for (int j = 0; j < steps.size(); j++) {
        GmemSystem to = cycle.get((j + 1) % cycle.size());
        taken |= f.inA().test(cycle.get(j), steps.get(j)) && !to.equals(cycle.get(j));
      }
      if (taken) {
        continue;
      }
      long enabledAt = cycle.stream().filter(s -> enabled(m, f, s)).count();
      if (f.strong() ? enabledAt > 0 : enabledAt == cycle.size()) {
        return Optional.of(f.tla() + ": enabled " + (f.strong() ? "on" : "throughout") + " the cycle and never taken");
      }
    }
    return Optional.empty();
  }

  /** ENABLED <<A>>_vars in {@code s}. */
  private static boolean enabled(GmemMachine m, Conjunct f, GmemSystem s) {
    for (GmemStep step : m.typedAlphabet()) {
      if (f.inA().test(s, step)) {
        Optional<GmemSystem> next = m.apply(s, step);
        if (next.isPresent() && !next.get().equals(s)) {
          return true;
        }
      }
    }
    return false;
  }
}
