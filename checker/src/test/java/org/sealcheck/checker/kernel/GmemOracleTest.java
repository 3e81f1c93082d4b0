package org.sealcheck.checker.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_KEEP_SIZE;
import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_PUNCH_HOLE;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_INIT_SHARED;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_MMAP;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_GUEST_MEMFD;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.checker.TestRevisions;

/** Runs on the live kernel's /dev/kvm: skipped, with the reason, where there is none to use. */
class GmemOracleTest {

  private static GmemOracle.LiveGmemHandle handle;

  @BeforeAll
  static void openKvm() throws Exception {
    String release = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/osrelease"));
    assumeTrue(release.startsWith("6.18"), "the guest_memfd oracle's expectations are for Linux 6.18, this is "
        + release.trim());
    try {
      handle = GmemOracle.LiveGmemHandle.open();
    } catch (OracleUnavailable e) {
      assumeTrue(false, "/dev/kvm not usable: " + e.getMessage());
    }
  }

  @AfterAll
  static void closeKvm() {
    if (handle != null) {
      handle.close();
    }
  }

  @Test
  void depthThreeAgreesOnThisKernel() {
    GmemOracle o = new GmemOracle(TestRevisions.gmem("gmem-6.18"), handle);
    OracleResult<String> r = o.exhaustive(3);
    assertTrue(r.disagreement().isEmpty(), () -> "disagreement: " + r.disagreement().get());
    assertTrue(r.sequences() > 7 * 7, "sequences: " + r.sequences());
  }

  @Test
  void theSixEightRevisionDisagreesOnTheFirstMmapFlag() {
    OracleResult.Disagreement<String> d = new GmemOracle(TestRevisions.gmem("gmem-6.8"), handle).exhaustive(2).disagreement()
        .orElseThrow(() -> new AssertionError("gmem-6.8 has no GUEST_MEMFD_FLAG_MMAP; this kernel does"));
    assertEquals(1, d.step());
    assertEquals("KVM_CREATE_GUEST_MEMFD(size=8192, flags=MMAP)", d.sequence().get(0));
    assertEquals("-EINVAL", d.model());
    assertEquals("0", d.kernel());
  }

  private static final long PAGE = 4096;

  private static GmemOp create(long flags) {
    return new GmemOp.CreateGuestMemfd(flags, 2 * PAGE);
  }

  private static GmemOp bind(int k, long offset) {
    return new GmemOp.SetRegion(k, KVM_MEM_GUEST_MEMFD, offset, false);
  }

  /** The kernel's results, which must also be the model's. */
  private static List<String> both(List<GmemOp> seq) {
    GmemOracle o = new GmemOracle(TestRevisions.gmem("gmem-6.18"), handle);
    List<String> kernel = o.kernelResults(seq);
    assertEquals(o.modelResults(seq), kernel, () -> "model vs kernel on " + seq);
    return kernel;
  }

  @Test
  void memslotChecksInTheKernelsOrder() {
    assumeTrue(PAGE == handle.live.page, "4 KiB pages");
    List<String> r = both(List.of(create(0), new GmemOp.SetRegion(0, KVM_MEM_GUEST_MEMFD, 0, true), bind(0, PAGE),
        bind(0, 0), bind(0, 0), bind(2, 0), bind(1, PAGE), bind(1, 0),
        new GmemOp.SetRegion(0, KVM_MEM_GUEST_MEMFD, 0, true), bind(1, PAGE), bind(2, 0)));
    // delete of no memslot; past i_size; bound; immutable; gpa overlap (EEXIST before the bind);
    // file range bound to memslot 1 (twice); delete; now free; memslot 1's gpa is free too.
    assertEquals(List.of("0", "-EINVAL", "-EINVAL", "0", "-EINVAL", "-EEXIST", "-EINVAL", "-EINVAL", "0", "0", "0"),
        r);
  }

  @Test
  void flagsSizesAndFallocateModes() {
    assumeTrue(PAGE == handle.live.page, "4 KiB pages");
    assertEquals(List.of("-EINVAL"), both(List.of(create(1L << 2))));
    assertEquals(List.of("0", "-ENODEV"), both(List.of(create(GUEST_MEMFD_FLAG_INIT_SHARED),
        new GmemOp.Mmap(3, true))), "INIT_SHARED alone is accepted, but without MMAP there is no mmap");
    assertEquals(List.of("0", "-EOPNOTSUPP", "-EOPNOTSUPP", "-EINVAL", "-EINVAL", "0"),
        both(List.of(create(0), new GmemOp.Fallocate(0, 0, PAGE),
            new GmemOp.Fallocate(FALLOC_FL_PUNCH_HOLE, 0, PAGE),
            new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE, 0, PAGE / 2),
            new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE, PAGE, 2 * PAGE),
            new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, PAGE, 2 * PAGE))));
  }

  @Test
  void aPunchedPageComesBackZeroAndAFallocatedOneKeepsItsData() {
    assumeTrue(handle.mappingSkipped() == null, "no mapping child: " + handle.mappingSkipped());
    GmemOp store0 = new GmemOp.Access(0, true);
    GmemOp load0 = new GmemOp.Access(0, false);
    String marker = "0 data=0x" + Integer.toHexString(GmemOp.marker(0) & 0xff);
    List<String> r = both(List.of(create(GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED),
        new GmemOp.Mmap(3, true), store0, new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE, 0, 2 * PAGE), load0,
        new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, PAGE), load0,
        new GmemOp.Access(2, false)));
    assertEquals(List.of("0", "0", "0", "0", marker, "0", "0 data=0x0", "SIGBUS"), r);
  }

  @Test
  void privateMemoryFaultsWithSigbusAndTheOracleCarriesOn() {
    assumeTrue(handle.mappingSkipped() == null, "no mapping child: " + handle.mappingSkipped());
    List<String> r = both(List.of(create(GUEST_MEMFD_FLAG_MMAP), new GmemOp.Mmap(3, false),
        new GmemOp.Mmap(3, true), new GmemOp.Access(0, true), new GmemOp.Access(0, false),
        new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE, 0, PAGE)));
    assertEquals(List.of("0", "-EINVAL", "0", "SIGBUS", "SIGBUS", "0"), r);
  }

  @Test
  void randomSequencesAgree() {
    OracleResult<String> r = new GmemOracle(TestRevisions.gmem("gmem-6.18"), handle).random(100, 12, 1);
    assertTrue(r.disagreement().isEmpty(), () -> "disagreement: " + r.disagreement().get());
    assertEquals(100, r.sequences());
    assertEquals(100 * 13, r.operations(), "KVM_CREATE_VM and 12 calls per sequence");
  }
}
