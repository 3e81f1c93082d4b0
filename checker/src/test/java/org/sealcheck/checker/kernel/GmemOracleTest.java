package org.sealcheck.checker.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.gmem.GmemRevision;

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
    } catch (GmemOracle.Unavailable e) {
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
    GmemOracle o = new GmemOracle(GmemRevision.GMEM_6_18, handle);
    GmemOracle.Result r = o.exhaustive(3);
    assertTrue(r.disagreement().isEmpty(), () -> "disagreement: " + r.disagreement().get());
    assertTrue(r.sequences() > 7 * 7, "sequences: " + r.sequences());
  }

  @Test
  void theSixEightRevisionDisagreesOnTheFirstMmapFlag() {
    GmemOracle.Disagreement d = new GmemOracle(GmemRevision.GMEM_6_8, handle).exhaustive(2).disagreement()
        .orElseThrow(() -> new AssertionError("gmem-6.8 has no GUEST_MEMFD_FLAG_MMAP; this kernel does"));
    assertEquals(1, d.step());
    assertEquals("KVM_CREATE_GUEST_MEMFD(size=8192, flags=MMAP)", d.sequence().get(0));
    assertEquals("-EINVAL", d.model());
    assertEquals("0", d.kernel());
  }
}
