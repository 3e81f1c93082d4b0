package org.sealcheck.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sealcheck.checker.tlc.ToySpec.CFG;
import static org.sealcheck.checker.tlc.ToySpec.DIR;
import static org.sealcheck.checker.tlc.ToySpec.MODULE;
import static org.sealcheck.checker.tlc.ToySpec.xTrace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.tlc.CheckResult.Outcome;
import org.sealcheck.checker.tlc.CheckResult.Violation;
import org.sealcheck.checker.tlc.CheckResult.ViolationKind;
import org.sealcheck.checker.tlc.PropertyVerdict.Status;

class TlcModelCheckerTest {
  private final TlcModelChecker tlc = new TlcModelChecker();

  private static CheckRequest request(List<String> invariants, List<String> actionProperties) {
    return new CheckRequest(DIR, MODULE, CFG, invariants, actionProperties);
  }

  @Test
  void findsAShortestInvariantViolation() {
    CheckResult r = tlc.check(request(List.of("TypeOK", "XSmall"), List.of("Monotone")));
    assertEquals(Outcome.VIOLATION, r.outcome(), r::output);
    Violation v = r.violation().orElseThrow();
    assertEquals("XSmall", v.property());
    assertEquals(ViolationKind.INVARIANT, v.kind());
    assertEquals(xTrace(0, 1, 2, 3), v.trace());
    assertTrue(r.stats().distinctStates() > 0 && r.stats().generatedStates() > 0, r.stats()::toString);
    assertTrue(r.error().isEmpty());
  }

  @Test
  void findsAnInitialStateViolation() {
    CheckResult r = tlc.check(request(List.of("TypeOK", "NotInit"), List.of()));
    Violation v = r.violation().orElseThrow();
    assertEquals("NotInit", v.property());
    assertEquals(ViolationKind.INITIAL_STATE_INVARIANT, v.kind());
    assertEquals(xTrace(0), v.trace());
  }

  @Test
  void findsAnActionPropertyViolation() {
    CheckResult r = tlc.check(request(List.of("TypeOK"), List.of("Monotone")));
    Violation v = r.violation().orElseThrow();
    assertEquals("Monotone", v.property());
    assertEquals(ViolationKind.ACTION_PROPERTY, v.kind());
    assertEquals(xTrace(0, 1, 2, 3, 0), v.trace());
  }

  @Test
  void completeRunReportsStats() {
    CheckResult r = tlc.check(request(List.of("TypeOK"), List.of()));
    assertEquals(Outcome.NO_ERROR, r.outcome(), r::output);
    assertEquals(ToySpec.DISTINCT_STATES, r.stats().distinctStates());
    assertTrue(r.stats().generatedStates() > r.stats().distinctStates());
    assertTrue(r.stats().depth() > 0);
  }

  @Test
  void checkAllDecidesEveryProperty() {
    CheckAllResult all = tlc.checkAll(request(List.of("TypeOK", "XSmall", "NotInit"), List.of("Monotone")));
    assertTrue(all.error().isEmpty(), () -> all.error().get());
    assertEquals(List.of("Monotone", "NotInit", "TypeOK", "XSmall"), List.copyOf(all.verdicts().keySet()));
    Map<String, PropertyVerdict> v = all.verdicts();
    assertEquals(PropertyVerdict.holds(), v.get("TypeOK"));
    assertEquals(Status.VIOLATED, v.get("XSmall").status());
    assertEquals(xTrace(0, 1, 2, 3), v.get("XSmall").trace());
    assertEquals(ViolationKind.INVARIANT, v.get("XSmall").kind().orElseThrow());
    assertEquals(xTrace(0), v.get("NotInit").trace());
    assertEquals(ViolationKind.INITIAL_STATE_INVARIANT, v.get("NotInit").kind().orElseThrow());
    assertEquals(xTrace(0, 1, 2, 3, 0), v.get("Monotone").trace());
    assertEquals(ViolationKind.ACTION_PROPERTY, v.get("Monotone").kind().orElseThrow());
    // One exploration decides them all.
    assertEquals(1, all.runs());
    assertEquals(ToySpec.DISTINCT_STATES, all.finalRun().distinctStates());
    assertTrue(all.totalMillis() >= all.finalRun().wallMillis());
  }

  @Test
  void oneExplorationAgreesWithOneRunPerViolation() {
    CheckRequest r = request(List.of("TypeOK", "XSmall", "NotInit", "XSmallToo"), List.of("Monotone", "MonotoneToo"));
    CheckAllResult once = tlc.checkAll(r);
    CheckAllResult reruns = tlc.checkAllByReruns(r);
    assertTrue(once.error().isEmpty() && reruns.error().isEmpty());
    assertEquals(reruns.verdicts(), once.verdicts());
    assertEquals(1, once.runs());
    // One run per violation (NotInit, XSmall, XSmallToo, Monotone, MonotoneToo) plus the complete one.
    assertEquals(6, reruns.runs());
    assertEquals(reruns.finalRun().distinctStates(), once.finalRun().distinctStates());
    // The estimate of the reruns' cost adds the time to each first violation to the complete run.
    assertTrue(once.rerunEstimateMillis() >= once.totalMillis());
    assertEquals(-1, reruns.rerunEstimateMillis());
  }

  @Test
  void aPropertyShadowedByAnotherInItsFirstStateStillGetsAShortestTrace() {
    // TLC checks XSmall first and, with -continue, skips the state's other invariants; the recorder
    // checks XSmallToo there itself. Without that its first report is a longer trace.
    CheckAllResult all = tlc.checkAll(request(List.of("XSmall", "XSmallToo"), List.of("Monotone", "MonotoneToo")));
    assertEquals(xTrace(0, 1, 2, 3), all.verdicts().get("XSmallToo").trace());
    assertEquals(all.verdicts().get("XSmall"), all.verdicts().get("XSmallToo"));
    assertEquals(xTrace(0, 1, 2, 3, 0), all.verdicts().get("MonotoneToo").trace());
    assertEquals(ViolationKind.ACTION_PROPERTY, all.verdicts().get("MonotoneToo").kind().orElseThrow());
  }

  @Test
  void checkAllWithNothingViolated() {
    CheckAllResult all = tlc.checkAll(request(List.of("TypeOK"), List.of()));
    assertEquals(Map.of("TypeOK", PropertyVerdict.holds()), all.verdicts());
    assertEquals(1, all.runs());
  }

  @Test
  void repeatedRunsInOneJvmGiveIdenticalResults() {
    CheckRequest violating = request(List.of("XSmall"), List.of("Monotone"));
    CheckRequest passing = request(List.of("TypeOK"), List.of());
    CheckResult firstViolating = tlc.check(violating);
    CheckResult firstPassing = tlc.check(passing);
    for (int i = 0; i < 5; i++) {
      CheckResult a = tlc.check(violating);
      assertEquals(firstViolating.violation(), a.violation());
      assertEquals(sizes(firstViolating.stats()), sizes(a.stats()));
      CheckResult b = tlc.check(passing);
      assertEquals(Outcome.NO_ERROR, b.outcome());
      assertEquals(sizes(firstPassing.stats()), sizes(b.stats()));
    }
  }

  private static List<Long> sizes(RunStats s) {
    return List.of(s.distinctStates(), s.generatedStates(), (long) s.depth());
  }

  @Test
  void deadlockIsReportedOnlyWhenAskedFor() {
    CheckRequest r = new CheckRequest(DIR, MODULE, ToySpec.CFG_DEADLOCK, List.of("TypeOK"), List.of());
    assertEquals(Outcome.NO_ERROR, tlc.check(r).outcome());
    CheckResult d = tlc.check(r.withCheckDeadlock(true));
    Violation v = d.violation().orElseThrow();
    assertEquals(ViolationKind.DEADLOCK, v.kind());
    assertEquals(TlcModelChecker.DEADLOCK, v.property());
    assertEquals(xTrace(0, 1, 2, 3), v.trace());

    // TLC does not continue past a deadlock: this falls back to one run per violation.
    CheckAllResult all = tlc.checkAll(r.withCheckDeadlock(true));
    assertEquals(Status.VIOLATED, all.verdicts().get(TlcModelChecker.DEADLOCK).status());
    assertEquals(Status.HOLDS, all.verdicts().get("TypeOK").status());
    assertEquals(2, all.runs());
  }

  @Test
  void evaluationErrorIsAnErrorOutcomeWithOneLine() {
    CheckResult r = tlc.check(request(List.of("Crash"), List.of()));
    assertEquals(Outcome.ERROR, r.outcome());
    String msg = r.error().orElseThrow();
    assertFalse(msg.contains("\n"));
    assertTrue(msg.contains("not in the domain"), msg);
    assertTrue(msg.contains("MCToy.tla line 18, col 25"), msg);

    CheckAllResult all = tlc.checkAll(request(List.of("TypeOK", "Crash"), List.of()));
    assertEquals(Status.UNKNOWN, all.verdicts().get("TypeOK").status());
    assertTrue(all.error().isPresent());
  }

  @Test
  void semanticErrorNamesFileAndLine() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> tlc.check(new CheckRequest(DIR, "Broken", CFG, List.of(), List.of())));
    assertEquals(DIR.resolve("Broken.tla") + " line 4, col 8: Unknown operator: `Foo'.", e.getMessage());
  }

  @Test
  void syntaxErrorNamesFileAndLine() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> tlc.check(new CheckRequest(DIR, "BrokenSyntax", CFG, List.of(), List.of())));
    assertTrue(e.getMessage().startsWith(DIR.resolve("BrokenSyntax.tla") + " line 5, col 1: parse error"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void missingFilesAreBadInput() {
    BadInputException cfg = assertThrows(BadInputException.class,
        () -> tlc.check(new CheckRequest(DIR, MODULE, DIR.resolve("Nope.cfg"), List.of(), List.of())));
    assertTrue(cfg.getMessage().contains("Nope.cfg"), cfg.getMessage());
    BadInputException spec = assertThrows(BadInputException.class,
        () -> tlc.check(new CheckRequest(DIR, "Nope", CFG, List.of(), List.of())));
    assertTrue(spec.getMessage().contains("Nope.tla"), spec.getMessage());
  }

  @Test
  void badCfgIsBadInput(@TempDir Path tmp) throws IOException {
    Path noInit = tmp.resolve("NoInit.cfg");
    Files.writeString(noInit, Files.readString(CFG).replace("INIT Init", "INIT Nope"));
    BadInputException e = assertThrows(BadInputException.class,
        () -> tlc.check(new CheckRequest(DIR, MODULE, noInit, List.of(), List.of())));
    assertTrue(e.getMessage().startsWith(noInit + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("Nope"), e.getMessage());

    BadInputException unknownInv = assertThrows(BadInputException.class,
        () -> tlc.check(request(List.of("NoSuchInvariant"), List.of())));
    assertTrue(unknownInv.getMessage().contains("NoSuchInvariant"), unknownInv.getMessage());

    Path outside = tmp.resolve("Outside.cfg");
    Files.writeString(outside, "Files = {}\n" + Files.readString(CFG));
    BadInputException sect = assertThrows(BadInputException.class,
        () -> tlc.check(new CheckRequest(DIR, MODULE, outside, List.of(), List.of())));
    assertTrue(sect.getMessage().contains("line 1") && sect.getMessage().contains("outside any section"), sect.getMessage());
  }

  /** A cfg lists its own properties (so it stands alone); the runner checks the requested ones instead. */
  @Test
  void aCfgsOwnPropertiesAreReplacedByTheRequestedOnes(@TempDir Path tmp) throws IOException {
    Path withInv = tmp.resolve("WithInv.cfg");
    Files.writeString(withInv, Files.readString(CFG) + "INVARIANT\n    XSmall\n");
    CheckResult r = tlc.check(new CheckRequest(DIR, MODULE, withInv, List.of("TypeOK"), List.of()));
    assertEquals(CheckResult.Outcome.NO_ERROR, r.outcome(), r.output());
  }

  @Test
  void nothingIsPrintedToTheConsole() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true));
      System.setErr(new PrintStream(buf, true));
      CheckResult r = tlc.check(request(List.of("XSmall"), List.of()));
      assertTrue(r.output().contains("Invariant XSmall is violated"), r.output());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", buf.toString());
  }
}
