package org.sealcheck.checker.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.Progress;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.model.gmem.GmemFile;
import org.sealcheck.model.gmem.GmemProperties;
import org.sealcheck.model.gmem.GmemSystem;
import org.sealcheck.model.gmem.Kvm;
import org.sealcheck.model.gmem.Pfn;
import org.sealcheck.model.memfd.MemfdProperties;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * The Java model's properties held against the spec's during conformance: every Java property
 * agrees with TLC's verdict on every reachable state and step of small configs of both specs, and a
 * Java property changed on purpose is caught, named, with a shortest path to where it goes wrong.
 *
 * <p>The configs' own properties are compared on every default config by ExpectedOutcomesTest (the
 * worker's conformance); here every property the Java model knows is compared, on configs chosen
 * to be small.
 */
class PropertyConformanceTest {
  private static final Path GMEM = Path.of("../specs/GuestMemInvalidation");
  private static final Path MEMFD = Path.of("../specs/MemfdSeals");
  private static final Path COUNTEREXAMPLES = Path.of("../counterexamples");

  @TempDir
  static Path tmp;

  private static final List<String> GMEM_INVARIANTS = List.copyOf(GmemProperties.INVARIANTS);
  private static final List<String> MEMFD_INVARIANTS = List.copyOf(MemfdProperties.INVARIANTS);
  private static final List<String> MEMFD_STEPS = List.copyOf(MemfdProperties.STEP_PROPERTIES);

  // ------------------------------------------------------------------ agreement

  @Test
  void everyGmemInvariantAgreesOnMemoryFailure() {
    // memory_failure against a fault: states inside the window NoStaleSpteInv allows (a poisoned
    // page still mapped while kvm_gmem_error_folio() runs) and states after it.
    agrees(gmem("gmem-6.18-memory-failure.cfg"), "gmem-6.18", GMEM_INVARIANTS, List.of());
  }

  @Test
  void everyMemfdPropertyAgreesOn618WithOnePageAndOneVma() throws IOException {
    // memfd-6.18.cfg has 2 pages and 2 VMA slots (170 k states); with the patch revisions' bounds
    // (1 page, 1 VMA slot) every 6.18 path (seals, mappings, COW copies, sysctl) is still there.
    String text = Files.readString(MEMFD.resolve("memfd-6.18.cfg"));
    assertTrue(text.contains("MaxPages <- MC_MaxPages") && text.contains("Vmas <- MC_Vmas"), text);
    String seed = text.replace("MaxPages <- MC_MaxPages", "MaxPages <- MC_SeedMaxPages")
        .replace("Vmas <- MC_Vmas", "Vmas <- MC_SeedVmas");
    Path cfg = tmp.resolve("memfd-6.18-seed.cfg");
    Files.writeString(cfg, seed);
    agrees(memfd(cfg), "memfd-6.18", MEMFD_INVARIANTS, MEMFD_STEPS);
  }

  @Test
  void everyMemfdPropertyAgreesOnV7WhereTheAllocationPropertiesFail() {
    agrees(memfd(MEMFD.resolve("v7.cfg")), "v7", MEMFD_INVARIANTS, MEMFD_STEPS);
  }

  static void agrees(SpecExplorer ex, String revision, List<String> invariants, List<String> steps) {
    String spec = ex.module().substring(2);
    ConformanceResult r = Conformance.check(ex, Models.bind(spec, revision, ex), invariants, steps, Progress.NONE);
    System.out.printf("properties %-12s %s: %d states, %d transitions, %d verdicts, %d ms%n", revision, r.properties(),
        r.states(), r.transitions(), r.propertyEvaluations(), r.millis());
    assertTrue(r.conforms(), () -> r.mismatch() + "\n  path: " + String.join("\n        ", r.path()) + "\n  "
        + String.join("\n  ", r.details()));
    Set<String> expected = new HashSet<>(invariants);
    expected.addAll(steps);
    assertEquals(expected, Set.copyOf(r.properties()));
    // Every invariant on every state (at least one per VIEW class), every step property on every step.
    assertTrue(r.propertyEvaluations() >= invariants.size() * r.states() + steps.size() * r.transitions(),
        r.propertyEvaluations() + " verdicts");
  }

  // ------------------------------------------------------------------ mutations

  @Test
  void aWriteSealPropertyThatAlwaysHoldsIsCaughtAtTheShortestViolation() throws IOException {
    // v4: a write-sealed, inaccessible file regrown and written by the guest; the Java property
    // below says nothing is ever wrong.
    SpecExplorer ex = memfd(MEMFD.resolve("v4.cfg"));
    ConformanceResult r = mutated(ex, "v4", MEMFD_INVARIANTS, MEMFD_STEPS, "NoWriteAfterWriteSealProp",
        (original, before, after) -> true);
    assertFalse(r.conforms());
    assertTrue(r.mismatch().startsWith("NoWriteAfterWriteSealProp: spec violated, Java holds, on the step "),
        r.mismatch());
    // As short as TLC's own (BFS) counterexample, and ending with the same step.
    List<String> tlc = actions("MemfdSeals/v4/NoWriteAfterWriteSealProp.itf.json");
    assertEquals(tlc.size(), r.path().size(), () -> "path " + r.path() + ", TLC's " + tlc);
    assertTrue(r.path().get(r.path().size() - 1).startsWith(tlc.get(tlc.size() - 1)), () -> r.path() + " vs " + tlc);
    assertTrue(r.details().stream().anyMatch(d -> d.startsWith("i_pages: ")), () -> String.join("\n", r.details()));
  }

  @Test
  void aStaleSpteInvariantThatAlwaysHoldsIsCaughtAtTheShortestViolation() throws IOException {
    // v9: byte offsets where page offsets are due leave an SPTE to a freed page (seed 002).
    SpecExplorer ex = gmem("v9-punch.cfg");
    ConformanceResult r = mutated(ex, "v9", GMEM_INVARIANTS, List.of(), "NoStaleSpteInv",
        (original, before, after) -> true);
    assertFalse(r.conforms());
    assertTrue(r.mismatch().startsWith("NoStaleSpteInv: spec violated, Java holds, in the state after "), r.mismatch());
    List<String> tlc = actions("GuestMemInvalidation/v9-punch/NoStaleSpteInv.itf.json");
    assertEquals(tlc.size(), r.path().size(), () -> "path " + r.path() + ", TLC's " + tlc);
    assertTrue(r.details().stream().anyMatch(d -> d.startsWith("/\\ spte = ")), () -> String.join("\n", r.details()));
  }

  @Test
  void aStaleSpteInvariantWithoutTheMemoryFailureWindowIsCaughtOnAShortestPath() {
    // NoStaleSpteInv allows a poisoned page to stay mapped while kvm_gmem_error_folio() zaps it;
    // this Java version forgets the window: any mapped poisoned page is a violation.
    SpecExplorer ex = gmem("gmem-6.18-memory-failure.cfg");
    Mutation<GmemSystem> noWindow = (original, before, after) -> original && !mapsPoisonedPage(after);
    ConformanceResult r = mutated(ex, "gmem-6.18", GMEM_INVARIANTS, List.of(), "NoStaleSpteInv", noWindow);
    assertFalse(r.conforms());
    assertTrue(r.mismatch().startsWith("NoStaleSpteInv: spec holds, Java violated, in the state after "), r.mismatch());

    // The path leads there on the Java model, and no shorter one does.
    @SuppressWarnings("unchecked")
    StepMachine<GmemSystem> m = (StepMachine<GmemSystem>) Models.bind("GuestMemInvalidation", "gmem-6.18", ex).machine();
    GmemSystem s = m.initial();
    for (String label : r.path()) {
      Step step = m.alphabet().stream().filter(st -> st.toString().equals(label)).findFirst().orElseThrow();
      s = m.apply(s, step).orElseThrow(() -> new AssertionError(label + " is disabled"));
    }
    assertTrue(mapsPoisonedPage(s) && GmemProperties.noStaleSpteInv(s));
    assertEquals(Optional.empty(), firstWithin(m, r.path().size() - 1, PropertyConformanceTest::mapsPoisonedPage));
  }

  @Test
  void aPropertyTheJavaModelDoesNotKnowIsAMismatch() {
    SpecExplorer ex = gmem("gmem-6.18-memory-failure.cfg");
    @SuppressWarnings("unchecked")
    ModelBinding<GmemSystem> b = (ModelBinding<GmemSystem>) Models.bind("GuestMemInvalidation", "gmem-6.18", ex);
    ModelBinding<GmemSystem> forgetful = wrap(b, (p, before, after) -> {
      if (p.equals("NoSlotUseAfterFreeInv")) {
        throw new IllegalArgumentException("unknown GuestMemInvalidation property " + p);
      }
      return b.holds(p, before, after);
    });
    ConformanceResult r = Conformance.check(ex, forgetful, GMEM_INVARIANTS, List.of(), Progress.NONE);
    assertFalse(r.conforms());
    assertTrue(r.mismatch().startsWith("NoSlotUseAfterFreeInv: spec holds, the Java model cannot evaluate it"),
        r.mismatch());
    assertEquals(List.of(), r.path(), "the initial state already");
  }

  // ------------------------------------------------------------------ helpers

  /** A Java property changed on purpose: its verdict from the model's own one. */
  interface Mutation<S> {
    boolean holds(boolean original, S before, S after);
  }

  interface Holds<S> {
    boolean holds(String property, S before, S after);
  }

  @SuppressWarnings("unchecked")
  static <S> ConformanceResult mutated(SpecExplorer ex, String revision, List<String> invariants,
      List<String> steps, String property, Mutation<S> mutation) {
    String spec = ex.module().substring(2);
    ModelBinding<S> b = (ModelBinding<S>) Models.bind(spec, revision, ex);
    ModelBinding<S> m = wrap(b, (p, before, after) -> {
      boolean original = b.holds(p, before, after);
      return p.equals(property) ? mutation.holds(original, before, after) : original;
    });
    ConformanceResult r = Conformance.check(ex, m, invariants, steps, Progress.NONE);
    System.out.printf("mutated %s on %s: %s%n  path: %s%n", property, revision, r.mismatch(), r.path());
    return r;
  }

  private static <S> ModelBinding<S> wrap(ModelBinding<S> b, Holds<S> holds) {
    return new ModelBinding<>() {
      @Override
      public StepMachine<S> machine() {
        return b.machine();
      }

      @Override
      public boolean holds(String property, S before, S after) {
        return holds.holds(property, before, after);
      }
    };
  }

  /** Whether some SPTE maps a page memory_failure() has poisoned. */
  private static boolean mapsPoisonedPage(GmemSystem s) {
    Kvm kvm = s.kvm();
    GmemFile file = s.file();
    for (int g = 0; g < kvm.nGfns(); g++) {
      int p = kvm.sptePfn(g);
      if (Pfn.isPage(p) && file.hwpoisoned(p)) {
        return true;
      }
    }
    return false;
  }

  /** A state of the Java model within {@code depth} steps of the initial one that satisfies {@code p}. */
  private static <S> Optional<S> firstWithin(StepMachine<S> m, int depth, java.util.function.Predicate<S> p) {
    Set<SpecState> seen = new HashSet<>();
    ArrayDeque<S> level = new ArrayDeque<>(List.of(m.initial()));
    seen.add(m.abstraction(m.initial()));
    for (int d = 0; d <= depth; d++) {
      ArrayDeque<S> next = new ArrayDeque<>();
      for (S s : level) {
        if (p.test(s)) {
          return Optional.of(s);
        }
        for (Step step : m.alphabet()) {
          m.apply(s, step).filter(t -> seen.add(m.abstraction(t))).ifPresent(next::add);
        }
      }
      level = next;
    }
    return Optional.empty();
  }

  /** The actions of a committed counterexample, one per step. */
  private static List<String> actions(String trace) {
    return Itf.read(COUNTEREXAMPLES.resolve(trace)).states().stream().skip(1)
        .map(st -> String.valueOf(st.meta().get("action"))).toList();
  }

  static SpecExplorer gmem(String cfg) {
    return SpecExplorer.load(GMEM, "MCGuestMemInvalidation", GMEM.resolve(cfg));
  }

  private static SpecExplorer memfd(Path cfg) {
    return SpecExplorer.load(MEMFD, "MCMemfdSeals", cfg);
  }
}
