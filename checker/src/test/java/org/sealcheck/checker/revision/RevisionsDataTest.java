package org.sealcheck.checker.revision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.CfgFile;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.revision.RevisionTable;

/**
 * The revisions are data, declared once: every cfg agrees with revisions.json and expected.json,
 * the Java models implement exactly the switches the files declare, and every revision is one the
 * models can run.
 */
class RevisionsDataTest {

  private static final ProjectLayout LAYOUT = ProjectLayout.locate();

  @Test
  void everyCfgIsCurrent() {
    for (SpecExpectations s : Expectations.loadAll(LAYOUT)) {
      List<Cfgs.Stale> stale = Cfgs.stale(LAYOUT, s);
      assertTrue(stale.isEmpty(), () -> "out of date (./sealcheck cfgs --write): " + stale.stream()
          .map(x -> LAYOUT.show(x.cfg()) + ": " + x.firstDifference()).toList());
    }
  }

  @Test
  void theJavaModelsImplementTheDeclaredSwitches() {
    assertEquals(MemfdRevision.SWITCHES, SpecRevisions.load(LAYOUT, "MemfdSeals").declarations().keySet());
    assertEquals(GmemRevision.SWITCHES, SpecRevisions.load(LAYOUT, "GuestMemInvalidation").declarations().keySet());
    for (String r : SpecRevisions.load(LAYOUT, "MemfdSeals").entries().keySet()) {
      assertEquals(r, SpecRevisions.memfd(LAYOUT, r).specName());
    }
    for (String r : SpecRevisions.load(LAYOUT, "GuestMemInvalidation").entries().keySet()) {
      assertEquals(r, SpecRevisions.gmem(LAYOUT, r).specName());
    }
  }

  @Test
  void everyRevisionHasAConfigAndEveryConfigARevision() {
    for (SpecExpectations s : Expectations.loadAll(LAYOUT)) {
      RevisionTable t = SpecRevisions.load(LAYOUT, s.spec());
      for (String r : t.entries().keySet()) {
        assertTrue(s.configs().stream().anyMatch(c -> c.revision().equals(r)), s.spec() + " revision " + r + " has no config");
      }
      for (ConfigExpectation c : s.configs()) {
        assertTrue(t.has(c.revision()), c.name() + " names revision " + c.revision() + ", which revisions.json lacks");
      }
    }
  }

  /** The cfg a developer would hand to plain TLC lists what expected.json says sealcheck checks. */
  @Test
  void eachCfgListsTheCheckedProperties() throws Exception {
    for (SpecExpectations s : Expectations.loadAll(LAYOUT)) {
      for (ConfigExpectation c : s.configs()) {
        CfgFile cfg = CfgFile.parse(java.nio.file.Files.readString(LAYOUT.specDir(s.spec()).resolve(c.cfg())));
        assertEquals(c.invariants(), cfg.invariants(), c.name());
        List<String> props = new java.util.ArrayList<>(c.stepProperties());
        props.addAll(c.livenessProperties());
        assertEquals(props, cfg.properties(), c.name());
      }
    }
  }

  @Test
  void fromInheritsAndOverrides() {
    RevisionTable t = SpecRevisions.load(LAYOUT, "MemfdSeals");
    // memfd-6.18-pre-3b041514 is memfd-6.18 with one switch changed: the data says which.
    Map<String, ?> diff = t.difference("memfd-6.18-pre-3b041514", "memfd-6.18");
    assertEquals(t.entries().get("memfd-6.18-pre-3b041514").own().keySet(), diff.keySet());
  }

  @Test
  void badRevisionFilesAreOneLine() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sealcheck-revs");
    java.nio.file.Path f = dir.resolve("revisions.json");
    String[][] cases = {
        {"{\"spec\": \"S\", \"switches\": {\"A\": {\"type\": \"boolean\"}}, \"revisions\": {\"r\": {\"switches\": {}}}}",
            "gives no value for switch A"},
        {"{\"spec\": \"S\", \"switches\": {\"A\": {\"type\": \"boolean\"}}, \"revisions\": {\"r\": {\"switches\": {\"B\": true}}}}",
            "unknown switch B (known: A)"},
        {"{\"spec\": \"S\", \"switches\": {\"A\": {\"type\": \"string\", \"values\": [\"x\"]}}, \"revisions\": {\"r\": {\"switches\": {\"A\": \"y\"}}}}",
            "must be one of {\"x\"}"},
        {"{\"spec\": \"S\", \"switches\": {\"A\": {\"type\": \"boolean\"}}, \"revisions\": {\"r\": {\"from\": \"r\", \"switches\": {}}}}",
            "is \"from\" itself"},
        {"{\"spec\": \"S\", \"switches\": {\"A\": {\"type\": \"boolean\"}}, \"revisions\": {\"r\": {\"from\": \"q\"}}}",
            "from unknown revision q"},
        {"{\"spec\": \"S\", \"switches\": {}, \"revisions\": ", "line"},
    };
    for (String[] c : cases) {
      java.nio.file.Files.writeString(f, c[0]);
      BadInputException e = assertThrows(BadInputException.class, () -> SpecRevisions.load(f, "revisions.json", "S"));
      assertTrue(e.getMessage().contains(c[1]) && !e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
