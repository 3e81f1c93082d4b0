package org.sealcheck.checker.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mm child on the live kernel: faults come back as signals and the child keeps its mappings. */
class MmChildTest {

  private static final LibC C = LibC.I;
  private final long page = C.sysconf(LibC.SC_PAGESIZE);
  private MmChild child;
  private int fd = -1;

  @BeforeEach
  void start() {
    assumeTrue(System.getProperty("os.name").equals("Linux"), "the mm child is Linux-only");
    try {
      child = MmChild.start();
    } catch (OracleUnavailable e) {
      assumeTrue(false, "no mm child here: " + e.getMessage());
    }
    fd = C.memfd_create("mm-child-test", LibC.MFD_CLOEXEC);
    assertTrue(fd >= 0);
    assertEquals(0, C.ftruncate(fd, page));
  }

  @AfterEach
  void stop() {
    if (child != null) {
      child.close();
    }
    if (fd >= 0) {
      C.close(fd);
    }
  }

  @Test
  void aStoreIsSeenByALoadAndByTheFile() {
    assertEquals(0, child.mmap(1, fd, 2 * page, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, 0));
    assertEquals(0, child.store(1, 0, page, (byte) 0x55).signal());
    byte[] want = new byte[(int) page];
    Arrays.fill(want, (byte) 0x55);
    assertArrayEquals(want, child.load(1, 0, page).data());
    com.sun.jna.Memory m = new com.sun.jna.Memory(page);
    assertEquals(page, C.pread(fd, m, page, 0));
    assertArrayEquals(want, m.getByteArray(0, (int) page));
  }

  @Test
  void faultsAreSignalsAndTheChildCarriesOn() {
    assertEquals(0, child.mmap(1, fd, 2 * page, LibC.PROT_READ, LibC.MAP_SHARED, 0));
    // Page 1 is past EOF: SIGBUS. A store without PROT_WRITE: SIGSEGV.
    assertEquals(MmChild.SIGBUS, child.load(1, page, 1).signal());
    assertEquals(MmChild.SIGSEGV, child.store(1, 0, 1, (byte) 1).signal());
    assertEquals(0, child.load(1, 0, page).signal());
    assertEquals(0, child.mprotect(1, LibC.PROT_READ | LibC.PROT_WRITE));
    assertEquals(0, child.store(1, 0, 1, (byte) 7).signal());
    assertEquals(7, child.load(1, 0, 1).data()[0]);
    assertEquals(0, child.munmap(1));
    assertEquals(-6, child.munmap(1), "ENXIO: nothing in the slot any more");
  }

  @Test
  void theChildMapsTheOraclesOwnFile() {
    // An O_RDONLY file: a writable shared mapping of it is EACCES, as in the oracle's process.
    int ro = C.open("/proc/self/fd/" + fd, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
    try {
      assertEquals(-13, child.mmap(1, ro, page, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, 0));
      assertEquals(0, child.mmap(2, ro, page, LibC.PROT_READ, LibC.MAP_SHARED, 0));
    } finally {
      C.close(ro);
    }
    child.reset();
    assertEquals(-6, child.munmap(2), "reset unmapped every slot");
  }

  @Test
  void aDeadChildIsAnErrorNotAHang() {
    ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> child.load(1, 0, 1));
    assertTrue(e.getMessage().startsWith("the mm child"), e.getMessage());
  }
}
