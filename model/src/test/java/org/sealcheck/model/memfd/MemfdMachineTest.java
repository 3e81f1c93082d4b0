package org.sealcheck.model.memfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.revision.RevisionTable;
import org.sealcheck.model.revision.Revisions;
import org.sealcheck.model.revision.Switches;
import org.sealcheck.model.revision.UnknownSwitchException;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/** The step-machine contract the checker relies on: alphabet, apply, abstraction, values. */
class MemfdMachineTest {

  private static Step label(String action, Object... kv) {
    return Step.of(action, kv);
  }

  private static SpecValue str(String s) {
    return SpecValue.of(s);
  }

  @Test
  void alphabetSizePerRevision() {
    // MaxPages = 2, Vmas = {1, 2}: 62 labels every revision has, plus memfd_create's flag subsets
    // (2^|MFD_ALL_FLAGS|) and F_ADD_SEALS's (|F_ALL_SEALS| + 1 undefined bit) x 2 fds, each count
    // from the revision's switches in revisions.json.
    RevisionTable table = Revisions.table("MemfdSeals");
    for (String name : table.entries().keySet()) {
      MemfdRevision r = MemfdRevision.of(table.switches(name));
      List<Step> a = new MemfdMachine(MemfdConfig.mc(r)).alphabet();
      assertEquals(62 + (1 << r.mfdFlags().size()) + 2 * (r.fAllSeals().size() + 1), a.size(), name);
      assertEquals(a.size(), new HashSet<>(a).size(), "no duplicate labels");
    }
    // One page and one VMA slot (the patch revisions' cfgs): 26 labels besides create and seals.
    MemfdRevision v4 = Revisions.memfd("v4");
    assertEquals(26 + (1 << v4.mfdFlags().size()) + 2 * (v4.fAllSeals().size() + 1),
        new MemfdMachine(new MemfdConfig(v4, 1, 1, 0)).alphabet().size());
  }

  @Test
  void labelsAreTlcs() {
    MemfdMachine m = new MemfdMachine(MemfdConfig.mc(Revisions.memfd("memfd-6.18")));
    List<Step> a = m.alphabet();
    assertTrue(a.contains(label("MemfdAddSeals", "f", str("rw"), "s", SpecValue.setOf(str("F_SEAL_WRITE")))));
    assertTrue(a.contains(label("MemfdAddSeals", "f", str("ro"), "s", SpecValue.setOf(str("F_SEAL_0x8000")))));
    assertTrue(a.contains(label("MemfdCreate", "flags", SpecValue.setOf())));
    assertTrue(a.contains(label("MemfdCreate", "flags",
        SpecValue.setOf(str("MFD_EXEC"), str("MFD_NOEXEC_SEAL"), str("MFD_ALLOW_SEALING")))));
    // len ranges over 1..MaxPages even where pos + len > MaxPages.
    assertTrue(a.contains(label("ShmemFileWriteIter", "pos", SpecValue.of(1), "len", SpecValue.of(2))));
    assertTrue(a.contains(label("ShmemFallocate", "mode", str("0"), "off", SpecValue.of(1), "len", SpecValue.of(2))));
    assertTrue(a.contains(label("ShmemSetattrMode", "mode", str("0666"))));
    assertTrue(a.contains(label("DoMmap", "v", SpecValue.of(2), "f", str("ro"), "shared", SpecValue.of(true),
        "write", SpecValue.of(false))));
    assertTrue(a.contains(label("ShmemFault", "v", SpecValue.of(1), "i", SpecValue.of(0), "write", SpecValue.of(true))));
    assertTrue(a.contains(label("ShmemReadCopy")));
    assertEquals(MemfdSteps.doMmap(2, File.RO, true, false),
        label("DoMmap", "v", SpecValue.of(2), "f", str("ro"), "shared", SpecValue.of(true), "write", SpecValue.of(false)));
    assertEquals(List.of("ret", "arg"), m.outputVariables());
  }

  @Test
  void applyRejectsStepsOutsideTheAlphabet() {
    MemfdMachine m = new MemfdMachine(MemfdConfig.mc(Revisions.memfd("v4")));
    MemfdSystem s = m.initial();
    // A VMA slot past Vmas.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.apply(s, MemfdSteps.doVmiMunmap(3)));
    assertTrue(e.getMessage().contains("not in the alphabet"), e.getMessage());
    // A seal v4 does not have.
    assertThrows(IllegalArgumentException.class, () -> m.apply(s, MemfdSteps.memfdAddSeals(File.RW, Seal.F_SEAL_EXEC)));
    // An unknown action, a missing and an unknown parameter, a wrong type.
    e = assertThrows(IllegalArgumentException.class, () -> m.apply(s, label("ShmemRead", "i", SpecValue.of(0))));
    assertTrue(e.getMessage().contains("ShmemRead"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.apply(s, label("DoVmiMunmap", "w", SpecValue.of(1))));
    assertTrue(e.getMessage().contains("[w]") && e.getMessage().contains("[v]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.apply(s, label("DoVmiMunmap", "v", str("1"))));
    assertTrue(e.getMessage().contains("integer"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MemfdSteps.parse(label("MemfdAddSeals", "f", str("rw"), "s", SpecValue.setOf(str("F_SEAL_BOGUS")))));
    assertTrue(e.getMessage().contains("F_SEAL_BOGUS"), e.getMessage());
  }

  @Test
  void parserRoundTripsEveryLabel() {
    RevisionTable table = Revisions.table("MemfdSeals");
    for (String name : table.entries().keySet()) {
      MemfdMachine m = new MemfdMachine(MemfdConfig.mc(MemfdRevision.of(table.switches(name))));
      for (Step step : m.alphabet()) {
        MemfdStep parsed = MemfdSteps.parse(step);
        assertEquals(step, parsed.toStep());
        assertEquals(step.action(), parsed.action());
        assertEquals(parsed, m.parse(step));
      }
    }
  }

  @Test
  void disabledIsEmptyAndAFailingCallIsAStep() {
    MemfdMachine m = new MemfdMachine(MemfdConfig.mc(Revisions.memfd("memfd-6.18")));
    MemfdSystem init = m.initial();
    // Nothing but memfd_create before there is an fd.
    for (Step step : m.alphabet()) {
      assertEquals(step.action().equals("MemfdCreate"), m.apply(init, step).isPresent(), step.toString());
    }
    MemfdSystem s = m.apply(init, MemfdSteps.memfdCreate()).orElseThrow();
    // Past the bound: disabled, not an error.
    assertEquals(Optional.empty(), m.apply(s, MemfdSteps.shmemFileWriteIter(1, 2)));
    // A refused seal is a step whose ret holds the errno; only the outputs change: ret, and arg,
    // which names the step.
    MemfdSystem t = m.apply(s, MemfdSteps.memfdAddSeals(File.RW, Seal.F_SEAL_WRITE)).orElseThrow();
    assertEquals(new Ret(KernelFn.MEMFD_ADD_SEALS, -Errno.EPERM.value(), PageContent.NONE), t.ret());
    assertEquals(Set.of("ret", "arg"), m.abstraction(t).changedSince(m.abstraction(s)).keySet());
    assertEquals(SpecValue.rec("action", str("MemfdAddSeals"), "f", str("rw"), "s", SpecValue.strings(List.of("F_SEAL_WRITE"))),
        m.abstraction(t).get("arg"));
  }

  @Test
  void statesCompareByValueAndCopiesAreIndependent() {
    MemfdMachine m = new MemfdMachine(MemfdConfig.mc(Revisions.memfd("memfd-6.18")));
    MemfdSystem s = m.apply(m.initial(), MemfdSteps.memfdCreate(MfdFlag.MFD_ALLOW_SEALING)).orElseThrow();
    // Two orders of independent steps reach equal states with equal hashes.
    MemfdSystem a = apply(m, s, MemfdSteps.doMmap(1, File.RW, true, true), MemfdSteps.shmemSetattrSize(1),
        MemfdSteps.shmemFileWriteIter(0, 1));
    MemfdSystem b = apply(m, s, MemfdSteps.shmemSetattrSize(1), MemfdSteps.doMmap(1, File.RW, true, true),
        MemfdSteps.shmemFileWriteIter(0, 1));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a, a.copy());
    assertEquals(a.hashCode(), a.copy().hashCode());
    // A different output is a different state.
    MemfdSystem c = apply(m, b, MemfdSteps.shmemFault(1, 0, false));
    assertNotEquals(b, c);

    // A copy is mutable and shares nothing with the frozen original.
    assertTrue(a.isFrozen());
    assertThrows(IllegalStateException.class, () -> a.shmemSetattr(Iattr.size(0)));
    MemfdSystem copy = a.copy();
    assertFalse(copy.isFrozen());
    assertEquals(0, copy.doVmiMunmap(1));
    assertEquals(0, copy.memfdAddSeals(File.RW, Set.of(Seal.F_SEAL_WRITE)));
    assertEquals(0, copy.shmemSetattr(Iattr.size(0)));
    assertEquals(Set.of(), a.seals());
    assertEquals(1, a.iMmapWritable());
    assertEquals(PageContent.USER, a.page(0));
    assertEquals(Set.of(VmFlag.VM_READ, VmFlag.VM_WRITE, VmFlag.VM_SHARED, VmFlag.VM_MAYWRITE, VmFlag.VM_MAYSHARE),
        a.vmFlags(1));
    assertEquals(a, b);
    // apply() leaves its input alone.
    SpecState before = m.abstraction(b);
    m.apply(b, MemfdSteps.doVmiMunmap(1));
    assertEquals(before, m.abstraction(b));
  }

  private static MemfdSystem apply(MemfdMachine m, MemfdSystem s, Step... steps) {
    for (Step step : steps) {
      s = m.apply(s, step).orElseThrow();
    }
    return s;
  }

  @Test
  void abstractionIsTheSpecsInit() {
    MemfdMachine m = new MemfdMachine(MemfdConfig.mc(Revisions.memfd("memfd-6.18")));
    SpecValue none = str("none");
    SpecState init = SpecState.of(Map.ofEntries(
        Map.entry("fd_installed", SpecValue.of(false)),
        Map.entry("seals", SpecValue.setOf()),
        Map.entry("i_mode", str("0777")),
        Map.entry("xflags", SpecValue.setOf()),
        Map.entry("i_size", SpecValue.of(0)),
        Map.entry("i_pages", SpecValue.function(Map.of(SpecValue.of(0), none, SpecValue.of(1), none))),
        Map.entry("i_mmap_writable", SpecValue.of(0)),
        Map.entry("vm_flags", SpecValue.seqOf(List.of(SpecValue.setOf(), SpecValue.setOf()))),
        Map.entry("anon_vma", SpecValue.seqOf(List.of(
            SpecValue.function(Map.of(SpecValue.of(0), none, SpecValue.of(1), none)),
            SpecValue.function(Map.of(SpecValue.of(0), none, SpecValue.of(1), none))))),
        Map.entry("rd_pc", str("idle")),
        Map.entry("rd_index", SpecValue.of(0)),
        Map.entry("ret", SpecValue.rec("fn", none, "val", SpecValue.of(0), "data", none)),
        Map.entry("arg", SpecValue.rec("action", str("Init")))));
    assertEquals(init, m.abstraction(m.initial()));
    assertInstanceOf(SpecValue.Fun.class, init.get("i_pages"));
    // One page: the domain {0} is still not 1..n.
    MemfdMachine one = new MemfdMachine(new MemfdConfig(Revisions.memfd("v4"), 1, 1, 0));
    SpecState s = one.abstraction(one.initial());
    assertInstanceOf(SpecValue.Fun.class, s.get("i_pages"));
    assertEquals(SpecValue.seqOf(List.of(SpecValue.setOf())), s.get("vm_flags"));
  }

  @Test
  void revisionsFromSwitches() {
    RevisionTable table = Revisions.table("MemfdSeals");
    assertEquals(MemfdRevision.SWITCHES, table.declarations().keySet(), "the model implements every declared switch");
    Switches s618 = table.switches("memfd-6.18");
    assertEquals(Revisions.memfd("memfd-6.18"), MemfdRevision.of(s618));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.switches("v6"));
    assertTrue(e.getMessage().contains("memfd-6.18-pre-3b041514") && e.getMessage().contains("v7"), e.getMessage());
    UnknownSwitchException u = assertThrows(UnknownSwitchException.class,
        () -> MemfdRevision.of(s618.with("x", Map.of("NoSuchSwitch", SpecValue.of(true)))));
    assertTrue(u.getMessage().contains("NoSuchSwitch"), u.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MemfdRevision.of(s618.with("x", Map.of("ReadSealCheck", SpecValue.of("sometimes")))));
    assertTrue(e.getMessage().contains("ReadSealCheck") && e.getMessage().contains("before_i_size"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MemfdConfig(Revisions.memfd("v7"), 0, 1, 0));
  }

  @Test
  void propertiesApi() {
    assertEquals(37, MemfdProperties.names().size());
    assertTrue(MemfdProperties.isStepProperty("NoReadAfterSealProp"));
    assertFalse(MemfdProperties.isStepProperty("TypeOK"));
    assertThrows(IllegalArgumentException.class, () -> MemfdProperties.isStepProperty("NoSuchInv"));
    MemfdMachine m = new MemfdMachine(MemfdConfig.mc(Revisions.memfd("memfd-6.18")));
    MemfdSystem init = m.initial();
    assertThrows(IllegalArgumentException.class, () -> MemfdProperties.holds("NoSuchInv", init, init));
    assertThrows(IllegalArgumentException.class, () -> MemfdProperties.holds("SealsOnlyGrowProp", init));
    for (String p : MemfdProperties.names()) {
      assertTrue(MemfdProperties.holds(p, init, init), p);
    }
  }
}
