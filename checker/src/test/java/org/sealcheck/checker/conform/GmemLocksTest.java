package org.sealcheck.checker.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.replay.ReplayResult;
import org.sealcheck.checker.replay.Replayer;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.model.gmem.GmemLocks;
import org.sealcheck.model.gmem.GmemProperties;
import org.sealcheck.model.gmem.GmemSystem;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * The lock properties (NoDeadlockInv, LockOrderInv) of the Java model against the spec's: they
 * agree on every state of the config where hole punch and memory_failure() deadlock, a
 * NoDeadlockInv blind to the cycle is caught on TLC's shortest path (the three-task cycle through
 * the invalidate lock's wait list), the Java model names the cycle at its end, the two-task ABBA
 * of the host-mmap config too, and the lock-order table is the spec's.
 */
class GmemLocksTest {
  private static final List<String> INVARIANTS = List.copyOf(GmemProperties.INVARIANTS);

  @Test
  void everyGmemInvariantAgreesWhereThePunchAndMemoryFailureDeadlock() {
    PropertyConformanceTest.agrees(PropertyConformanceTest.gmem("gmem-6.18-mf-punch.cfg"), "gmem-6.18", INVARIANTS,
        List.of());
  }

  @Test
  void aDeadlockInvariantThatAlwaysHoldsIsCaughtWhereTheCycleCloses() {
    SpecExplorer ex = PropertyConformanceTest.gmem("gmem-6.18-mf-punch.cfg");
    ConformanceResult r = PropertyConformanceTest.<GmemSystem>mutated(ex, "gmem-6.18", INVARIANTS, List.of(),
        "NoDeadlockInv", (original, before, after) -> true);
    assertFalse(r.conforms());
    assertTrue(r.mismatch().startsWith("NoDeadlockInv: spec violated, Java holds, in the state after "), r.mismatch());
    List<String> tlc = Itf.read(java.nio.file.Path.of(
            "../counterexamples/GuestMemInvalidation/gmem-6.18-mf-punch/NoDeadlockInv.itf.json"))
        .states().stream().skip(1).map(st -> String.valueOf(st.meta().get("action"))).toList();
    assertEquals(tlc.size(), r.path().size(), () -> "path " + r.path() + ", TLC's " + tlc);

    // Replayed on the Java model, the path ends in the cycle, and the model names it.
    @SuppressWarnings("unchecked")
    StepMachine<GmemSystem> m = (StepMachine<GmemSystem>) Models.bind("GuestMemInvalidation", "gmem-6.18", ex).machine();
    GmemSystem s = m.initial();
    for (String label : r.path()) {
      Step step = m.alphabet().stream().filter(st -> st.toString().equals(label)).findFirst().orElseThrow();
      s = m.apply(s, step).orElseThrow(() -> new AssertionError(label + " is disabled"));
    }
    assertEquals(Set.of("punch", "memory_failure", "allocate"), GmemLocks.deadlocked(s));
    assertEquals("punch waits for invalidate_lock held by allocate; memory_failure waits for invalidate_lock"
        + " (shared) queued behind punch; allocate waits for folio_lock of index 0 held by memory_failure",
        GmemLocks.describeCycle(s));
  }

  @Test
  void replayNamesTheAbbaCycleOfTheHostMmapTrace() {
    SpecExplorer ex = PropertyConformanceTest.gmem("gmem-6.18-mf-mmap.cfg");
    ReplayResult r = Replayer.replay(Itf.read(java.nio.file.Path.of(
        "../counterexamples/GuestMemInvalidation/gmem-6.18-mf-mmap/NoDeadlockInv.itf.json")),
        Models.bind("GuestMemInvalidation", "gmem-6.18", ex));
    assertTrue(r.violationReproduced());
    assertEquals("the wait cycle: punch waits for folio_lock of index 0 held by memory_failure; memory_failure"
        + " waits for invalidate_lock (shared) held by punch.", r.explanation());
  }

  @Test
  void theFixHasNoCycleAndTheSameInvariantsAgree() {
    PropertyConformanceTest.agrees(PropertyConformanceTest.gmem("gmem-6.18-error-folio-fix-mf-punch.cfg"),
        "gmem-6.18-error-folio-fix", INVARIANTS, List.of());
  }

  @Test
  void theJavaLockOrderIsTheSpecs() {
    SpecExplorer ex = PropertyConformanceTest.gmem("gmem-6.18-mf-punch.cfg");
    Set<List<String>> spec = ex.evalConstant("LockOrder").asSet().stream()
        .map(p -> List.of(p.apply(SpecValue.of(1)).asString(), p.apply(SpecValue.of(2)).asString())).collect(Collectors.toSet());
    assertEquals(spec, GmemLocks.LOCK_ORDER);
  }
}
