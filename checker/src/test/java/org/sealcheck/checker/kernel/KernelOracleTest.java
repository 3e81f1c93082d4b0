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
import org.sealcheck.model.memfd.FallocMode;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MfdFlag;
import org.sealcheck.model.memfd.PageContent;
import org.sealcheck.model.memfd.Seal;
import org.sealcheck.checker.TestRevisions;

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
    OracleResult<MemfdStep> r = oracle(TestRevisions.memfd("memfd-6.18")).exhaustive(2);
    assertTrue(r.disagreement().isEmpty(), () -> "disagreement: " + r.disagreement().get());
    // depth 1: one memfd_create() per flag subset; depth 2: each followed by every possible step.
    assertTrue(r.sequences() > 100, "sequences: " + r.sequences());
    assertEquals(r.operations(), 8 + 2 * (r.sequences() - 8), "each depth-2 sequence is two operations");
  }

  @Test
  void aSeededBugDisagreesWithAShortestSequence() throws Exception {
    KernelOracle o = oracle(TestRevisions.memfd("debug-no-deny-writable"));
    assertTrue(o.exhaustive(2).disagreement().isEmpty(), "no sequence of 2 steps can show the missing deny");
    OracleResult.Disagreement<MemfdStep> d = oracle(TestRevisions.memfd("debug-no-deny-writable")).exhaustive(3).disagreement()
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
    OracleResult.Disagreement<MemfdStep> d = oracle(TestRevisions.memfd("memfd-6.12")).exhaustive(3).disagreement()
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

  // ---------------------------------------------------------------- private COW copies (anon_vma)

  private static final MemfdStep CREATE = new MemfdStep.MemfdCreate(EnumSet.noneOf(MfdFlag.class));

  private static MemfdStep mmapPrivateRw(int v) {
    return new MemfdStep.DoMmap(v, File.RW, false, true);
  }

  private static MemfdStep store(int v, int i) {
    return new MemfdStep.ShmemFault(v, i, true);
  }

  private static MemfdStep load(int v, int i) {
    return new MemfdStep.ShmemFault(v, i, false);
  }

  /** Runs {@code steps} on the kernel and the model, asserts agreement, and returns what the last step saw. */
  private static String agreeing(int pages, int vmas, MemfdStep... steps) throws OracleUnavailable {
    KernelOracle o = new KernelOracle(new MemfdConfig(TestRevisions.memfd("memfd-6.18"), pages, vmas, 0));
    OracleResult<MemfdStep> r = o.run(List.of(steps));
    assertTrue(r.disagreement().isEmpty(), () -> "disagreement: " + r.disagreement().get());
    assertEquals(1, r.sequences());
    assertEquals(steps.length, r.operations());
    return lastOutcome(pages, vmas, steps);
  }

  /** The model's description of the last step's outcome (which the kernel just matched). */
  private static String lastOutcome(int pages, int vmas, MemfdStep... steps) {
    org.sealcheck.model.memfd.MemfdMachine m =
        new org.sealcheck.model.memfd.MemfdMachine(new MemfdConfig(TestRevisions.memfd("memfd-6.18"), pages, vmas, 0));
    org.sealcheck.model.memfd.MemfdSystem s = m.initial();
    for (MemfdStep step : steps) {
      s = m.apply(s, step).orElseThrow(() -> new AssertionError(step + " disabled in the model"));
    }
    return s.ret().val() + " " + s.ret().data().specName();
  }

  /**
   * The depth-5 disagreement the oracle found before anon_vma was modelled: a store through a
   * writable MAP_PRIVATE mapping makes the VMA's own copy (do_cow_fault), and the next load through
   * it sees the user data, not the file's zeros.
   */
  @Test
  void aLoadAfterAPrivateStoreSeesTheCowCopy() throws Exception {
    assertEquals("0 user", agreeing(1, 1, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), load(1, 0)));
  }

  /** The file does not see the copy: read() and another (shared) mapping read zeros. */
  @Test
  void theCowCopyIsNotTheFiles() throws Exception {
    assertEquals("1 zero", agreeing(1, 2, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), new MemfdStep.ShmemReadISize(0)));
    assertEquals("0 zero", agreeing(1, 2, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), new MemfdStep.DoMmap(2, File.RW, true, false), load(2, 0)));
  }

  /** Truncation zaps COW copies (unmap_mapping_range(..., even_cows=1)): shrink, grow, load sees zeros. */
  @Test
  void truncationDropsTheCowCopy() throws Exception {
    assertEquals("0 zero", agreeing(1, 1, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), new MemfdStep.ShmemSetattrSize(0), new MemfdStep.ShmemSetattrSize(1), load(1, 0)));
  }

  /** A hole punch keeps them (unmap_mapping_range(..., 0)): the load still sees the copy. */
  @Test
  void aHolePunchKeepsTheCowCopy() throws Exception {
    assertEquals("0 user", agreeing(1, 1, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), new MemfdStep.ShmemFallocate(FallocMode.FALLOC_FL_PUNCH_HOLE, 0, 1), load(1, 0)));
  }

  /** mprotect keeps them; munmap frees them (a new mapping in the slot sees the file). */
  @Test
  void mprotectKeepsAndMunmapFreesTheCowCopy() throws Exception {
    assertEquals("0 user", agreeing(1, 1, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), new MemfdStep.DoMprotectPkey(1, false), load(1, 0)));
    assertEquals("0 zero", agreeing(1, 1, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        store(1, 0), new MemfdStep.DoVmiMunmap(1), mmapPrivateRw(1), load(1, 0)));
  }

  /** A page the private VMA has not copied is the file's current page: a later write() shows. */
  @Test
  void anUncopiedPageFollowsTheFile() throws Exception {
    assertEquals("0 user", agreeing(2, 1, CREATE, new MemfdStep.ShmemSetattrSize(2), mmapPrivateRw(1),
        store(1, 0), load(1, 1), new MemfdStep.ShmemFileWriteIter(1, 1), load(1, 1)));
    // A read fault maps the file's page itself (no copy): a write() after it shows through.
    assertEquals("0 user", agreeing(1, 1, CREATE, new MemfdStep.ShmemSetattrSize(1), mmapPrivateRw(1),
        load(1, 0), new MemfdStep.ShmemFileWriteIter(0, 1), load(1, 0)));
  }

  @Test
  void randomSequencesAreReproducible() throws Exception {
    OracleResult<MemfdStep> a = oracle(TestRevisions.memfd("memfd-6.18")).random(50, 6, 7);
    OracleResult<MemfdStep> b = oracle(TestRevisions.memfd("memfd-6.18")).random(50, 6, 7);
    assertEquals(a.operations(), b.operations());
    assertEquals(a.disagreement().map(OracleResult.Disagreement::sequence).orElse(List.of()),
        b.disagreement().map(OracleResult.Disagreement::sequence).orElse(List.of()));
  }
}
