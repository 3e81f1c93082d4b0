package org.sealcheck.checker.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Where there is no /dev/kvm to use, the guest_memfd oracle says why instead of failing. */
class GmemOracleSkipTest {

  @Test
  void aMissingDeviceIsAOneLineReason() {
    String old = System.getProperty("sealcheck.kvm");
    System.setProperty("sealcheck.kvm", "/nonexistent/kvm");
    try {
      OracleUnavailable e = assertThrows(OracleUnavailable.class, GmemOracle.LiveGmemHandle::open);
      assertEquals("cannot open /nonexistent/kvm: ENOENT", e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty("sealcheck.kvm");
      } else {
        System.setProperty("sealcheck.kvm", old);
      }
    }
  }
}
