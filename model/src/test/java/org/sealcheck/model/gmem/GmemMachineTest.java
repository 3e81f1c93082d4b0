package org.sealcheck.model.gmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.revision.Revisions;

/** The step machine: TLC's labels, frozen states, the abstraction's canonical forms. */
class GmemMachineTest {
  private final GmemMachine m = new GmemMachine(GmemConfig.mc(Revisions.gmem("gmem-6.8"), GmemActor.FAULT,
      GmemActor.PUNCH, GmemActor.ALLOCATE));

  @Test
  void labelsAreTlcs() {
    assertTrue(m.alphabet().contains(Step.of("KvmMmuDoPageFault", "g", SpecValue.of(0), "v", SpecValue.of("v1"))));
    assertTrue(m.alphabet().contains(Step.of("KvmGmemPunchHole", "len", SpecValue.of(1), "off", SpecValue.of(1))));
    assertTrue(m.alphabet().contains(Step.of("KvmGmemGetPfn", "p", SpecValue.of("NoPfn"), "v", SpecValue.of("v1"))));
    assertTrue(m.alphabet().contains(Step.of("RestrictedmemUpRead")));
    assertEquals("KvmGmemPunchHole", m.parse(Step.of("KvmGmemPunchHole", "len", SpecValue.of(1), "off", SpecValue.of(0)))
        .action(Revisions.gmem("gmem-6.8")));
    assertThrows(IllegalArgumentException.class, () -> m.parse(Step.of("KvmGmemPunchHole")));
  }

  @Test
  void applyLeavesItsInputAloneAndAbstracts() {
    GmemSystem s0 = m.initial();
    SpecState a0 = m.abstraction(s0);
    assertEquals(SpecValue.of("idle"), a0.get("vcpu_pc").apply(SpecValue.of("v1")));
    assertEquals(SpecValue.rec("fn", SpecValue.of("none"), "val", SpecValue.of("none")), a0.get("ret"));
    assertEquals(SpecValue.of(-1), a0.get("mmu_invalidate_range_start"));
    Optional<GmemSystem> s1 = m.apply(s0, Step.of("KvmGmemAllocate", "i", SpecValue.of(0), "p", SpecValue.of("p2")));
    assertTrue(s1.isPresent());
    assertEquals(SpecValue.of("p2"), m.abstraction(s1.get()).get("folios").apply(SpecValue.of(0)));
    assertEquals(a0, m.abstraction(s0));
    assertTrue(m.apply(s0, Step.of("KvmGmemAllocate", "i", SpecValue.of(0), "p", SpecValue.of("NoPfn"))).isEmpty(),
        "a free page exists: the call does not fail");
    assertTrue(m.apply(s0, Step.of("FaultSnapshotSeq", "v", SpecValue.of("v1"))).isEmpty());
  }

  @Test
  void liveness() {
    assertThrows(IllegalArgumentException.class, () -> GmemProperties.holds("FaultCompletesProp", null, m.initial()));
    assertTrue(GmemProperties.holds("TypeOK", null, m.initial()));
    GmemSystem s = m.apply(m.initial(), Step.of("KvmMmuDoPageFault", "g", SpecValue.of(0), "v", SpecValue.of("v1"))).orElseThrow();
    assertTrue(GmemProperties.faultPending(s));
    assertEquals(false, GmemProperties.holdsOnCycle("FaultCompletesProp", java.util.List.of(s)));
    assertTrue(GmemProperties.holdsOnCycle("FaultCompletesProp", java.util.List.of(s, m.initial())));
    assertTrue(GmemProperties.holdsOnCycle("InvalidateEndFollowsBeginProp", java.util.List.of(s)));
  }
}
