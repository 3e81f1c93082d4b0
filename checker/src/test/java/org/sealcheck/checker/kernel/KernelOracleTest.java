package org.sealcheck.checker.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MfdFlag;
import org.sealcheck.model.memfd.PageContent;
import org.sealcheck.model.memfd.Seal;

/** Runs on the live kernel: only where it is the 6.18 the model's memfd-6.18 describes. */
class KernelOracleTest {

  @BeforeAll
  static void onLinux618() throws Exception {
    Path release = Path.of("/proc/sys/kernel/osrelease");
    assumeTrue(Files.isReadable(release) && Files.readString(release).startsWith("6.18"),
        "the live-kernel oracle's expectations are for Linux 6.18");
    assumeTrue(Files.readString(Path.of("/proc/sys/vm/memfd_noexec")).trim().equals("0"),
        "vm.memfd_noexec must be 0");
    try (MmChild mm = MmChild.start()) {
      assumeTrue(mm.pid() > 0);
    } catch (OracleUnavailable e) {
      assumeTrue(false, "the mm child cannot run here: " + e.getMessage());
    }
  }

  private static KernelOracle oracle(MemfdRevision rev) {
    return new KernelOracle(new MemfdConfig(rev, 1, 1, 0));
  }

  @Test
  void depthTwoAgreesOnThisKernel() throws Exception {
    OracleResult<MemfdStep> r = oracle(MemfdRevision.MEMFD_6_18).exhaustive(2);
    assertTrue(r.disagreement().isEmpty(), () -> "disagreement: " + r.disagreement().get());
    // depth 1: one memfd_create() per flag subset; depth 2: each followed by every possible step.
    assertTrue(r.sequences() > 100, "sequences: " + r.sequences());
    assertEquals(r.operations(), 8 + 2 * (r.sequences() - 8), "each depth-2 sequence is two operations");
  }

  @Test
  void aSeededBugDisagreesWithAShortestSequence() throws Exception {
    KernelOracle o = oracle(MemfdRevision.DEBUG_NO_DENY_WRITABLE);
    assertTrue(o.exhaustive(2).disagreement().isEmpty(), "no sequence of 2 steps can show the missing deny");
    OracleResult.Disagreement<MemfdStep> d = oracle(MemfdRevision.DEBUG_NO_DENY_WRITABLE).exhaustive(3).disagreement()
        .orElseThrow(() -> new AssertionError("the seeded bug went unnoticed at depth 3"));
    assertEquals(3, d.sequence().size());
    assertEquals(3, d.step());
    assertInstanceOf(MemfdStep.MemfdCreate.class, d.sequence().get(0));
    assertInstanceOf(MemfdStep.DoMmap.class, d.sequence().get(1));
    assertEquals(new MemfdStep.MemfdAddSeals(File.RW, EnumSet.of(Seal.F_SEAL_WRITE)), d.sequence().get(2));
    assertTrue(d.model().startsWith("0 "), d.model());
    assertTrue(d.kernel().startsWith("-EBUSY "), d.kernel());
  }

  @Test
  void theSixTwelveRegressionIsNotThisKernel() throws Exception {
    OracleResult.Disagreement<MemfdStep> d = oracle(MemfdRevision.MEMFD_6_12).exhaustive(3).disagreement()
        .orElseThrow(() -> new AssertionError("memfd-6.12 should refuse a read-only map this kernel allows"));
    assertEquals(3, d.step());
    assertEquals(new MemfdStep.DoMmap(1, File.RW, true, false), d.sequence().get(2));
    assertTrue(d.model().startsWith("-EPERM "), d.model());
    assertTrue(d.kernel().startsWith("0 "), d.kernel());
  }

  @Test
  void faultsComeBackAsResultsNotSignals() throws Exception {
    try (LiveMemfd live = new LiveMemfd(1, 1)) {
      assertEquals(0, live.run(new MemfdStep.MemfdCreate(EnumSet.of(MfdFlag.MFD_ALLOW_SEALING))).val());
      assertEquals(0, live.run(new MemfdStep.DoMmap(1, File.RW, true, false)).val());
      // Size 0: a load is past EOF.
      assertEquals(Errno.VM_FAULT_SIGBUS, live.run(new MemfdStep.ShmemFault(1, 0, false)).val());
      assertEquals(LiveMemfd.SIGSEGV, live.run(new MemfdStep.ShmemFault(1, 0, true)).val());
      assertEquals(1, live.run(new MemfdStep.ShmemFileWriteIter(0, 1)).val());
      LiveMemfd.Outcome load = live.run(new MemfdStep.ShmemFault(1, 0, false));
      assertEquals(0, load.val());
      assertEquals(PageContent.USER, load.data());
      assertEquals(1, load.sizePages());
    }
  }

  @Test
  void randomSequencesAreReproducible() throws Exception {
    OracleResult<MemfdStep> a = oracle(MemfdRevision.MEMFD_6_18).random(50, 6, 7);
    OracleResult<MemfdStep> b = oracle(MemfdRevision.MEMFD_6_18).random(50, 6, 7);
    assertEquals(a.operations(), b.operations());
    assertEquals(a.disagreement().map(OracleResult.Disagreement::sequence).orElse(List.of()),
        b.disagreement().map(OracleResult.Disagreement::sequence).orElse(List.of()));
  }
}
