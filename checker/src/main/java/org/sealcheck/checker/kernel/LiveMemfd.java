package org.sealcheck.checker.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.sealcheck.checker.export.MemfdSyscall;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.PageContent;

/**
 * One memfd on the running kernel and the mappings of it in VMA slots 1..vmas: each userspace-
 * visible spec action is the {@link MemfdSyscall} that the C export makes too (a step that
 * CExport.notExportable refuses never reaches {@link #run}). Results use the model's ret.val
 * convention: 0 or a count in pages, {@code -errno}, {@link Errno#VM_FAULT_SIGBUS} for a load or
 * store that raised SIGBUS, {@link #SIGSEGV} for one that raised SIGSEGV. Not thread-safe; one per
 * thread.
 *
 * <p>The file syscalls are made here, in the JVM. mmap(), mprotect(), munmap() and every load and
 * store through a mapping are made in the {@link MmChild}, a process of its own whose SIGBUS and
 * SIGSEGV handler turns the signal into the result: the signal the CPU access really raised, and a
 * store to a MAP_PRIVATE mapping leaves its COW copy in that process's mm for later loads, as in
 * any process.
 */
final class LiveMemfd implements AutoCloseable {

  /** A load or store that raised SIGSEGV; not a value any model step returns. */
  static final int SIGSEGV = 1001;
  /** The byte userspace writes: the model's "user" data (as USER_BYTE in the C export). */
  static final byte USER_BYTE = 0x55;

  /** What the kernel did for one step, plus the seals and the size in pages afterwards. */
  record Outcome(long val, PageContent data, int seals, long sizePages) {}

  private static final LibC C = LibC.I;
  private final long page = C.sysconf(LibC.SC_PAGESIZE);
  private final int maxPages;
  private final MmChild mm;
  private final Memory userBuf;
  private final Memory readBuf;
  private final boolean[] mapped;
  private int rw = -1;
  private int ro = -1;

  LiveMemfd(int maxPages, int vmas) throws OracleUnavailable {
    this.maxPages = maxPages;
    this.userBuf = new Memory(maxPages * page);
    this.userBuf.setMemory(0, maxPages * page, USER_BYTE);
    this.readBuf = new Memory(page);
    this.mapped = new boolean[vmas + 1];
    this.mm = MmChild.start();
  }

  long pageSize() {
    return page;
  }

  /** Makes the syscall for {@code s}; the caller runs only steps the model has enabled (or a store to a read-only slot). */
  Outcome run(MemfdStep s) {
    MemfdSyscall call = MemfdSyscall.of(s);
    long val;
    PageContent data = PageContent.NONE;
    if (call instanceof MemfdSyscall.MemfdCreate m) {
      val = memfdCreate(m.bits());
    } else if (call instanceof MemfdSyscall.AddSeals a) {
      val = ret(C.fcntl(fd(a.f()), LibC.F_ADD_SEALS, a.bits()));
    } else if (call instanceof MemfdSyscall.Pwrite w) {
      long n = C.pwrite(rw, userBuf, w.len() * page, w.pos() * page);
      val = n < 0 ? -Native.getLastError() : n % page != 0 ? -2000 - n : n / page;
    } else if (call instanceof MemfdSyscall.Ftruncate z) {
      val = ret(C.ftruncate(rw, z.pages() * page));
    } else if (call instanceof MemfdSyscall.Fchmod m) {
      val = ret(C.fchmod(rw, m.mode()));
    } else if (call instanceof MemfdSyscall.Fallocate f) {
      val = ret(C.fallocate(rw, f.modeBits(), f.off() * page, f.len() * page));
    } else if (call instanceof MemfdSyscall.Mmap m) {
      val = mm.mmap(m.v(), fd(m.f()), maxPages * page, m.prot(), m.flags(), 0);
      mapped[m.v()] |= val == 0;
    } else if (call instanceof MemfdSyscall.Mprotect m) {
      val = mm.mprotect(m.v(), m.prot());
    } else if (call instanceof MemfdSyscall.Munmap u) {
      val = mm.munmap(u.v());
      mapped[u.v()] &= val != 0;
    } else if (call instanceof MemfdSyscall.Access a) {
      MmChild.Access got = a.store() ? mm.store(a.v(), a.i() * page, page, USER_BYTE) : mm.load(a.v(), a.i() * page, page);
      val = got.signal() == MmChild.SIGBUS ? Errno.VM_FAULT_SIGBUS : got.signal() == MmChild.SIGSEGV ? SIGSEGV
          : got.signal() != 0 ? -3000 - got.signal() : 0;
      data = a.store() || val != 0 ? PageContent.NONE : content(got.data());
    } else {
      MemfdSyscall.Pread r = (MemfdSyscall.Pread) call;
      long n = C.pread(rw, readBuf, page, r.i() * page);
      val = n < 0 ? -Native.getLastError() : n == page ? 1 : n == 0 ? 0 : -2000 - n;
      data = n > 0 ? content(readBuf.getByteArray(0, (int) n)) : PageContent.NONE;
    }
    int seals = rw < 0 ? -1 : C.fcntl(rw, LibC.F_GET_SEALS, 0);
    long size = rw < 0 ? -1 : C.lseek(rw, 0, 2);
    return new Outcome(val, data, seals, size < 0 ? size : size % page != 0 ? -2000 - size : size / page);
  }

  /** Unmaps every slot and closes both files: the next sequence starts from no memfd. */
  void reset() {
    for (int v = 1; v < mapped.length; v++) {
      if (mapped[v]) {
        mm.reset();
        break;
      }
    }
    java.util.Arrays.fill(mapped, false);
    if (ro >= 0) {
      C.close(ro);
    }
    if (rw >= 0) {
      C.close(rw);
    }
    ro = -1;
    rw = -1;
  }

  /** {@link #reset}, and ends the mm child. */
  @Override
  public void close() {
    reset();
    mm.close();
  }

  private long memfdCreate(int flags) {
    int fd = C.memfd_create("sealcheck", flags | LibC.MFD_CLOEXEC);
    if (fd < 0) {
      return -Native.getLastError();
    }
    rw = fd;
    // The same inode opened O_RDONLY: FMODE_READ only, the model's "ro" file.
    ro = C.open("/proc/self/fd/" + fd, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
    return ro < 0 ? -1000 - Native.getLastError() : 0;
  }

  /** zero, user, or (a mix, which no model step produces) GUEST as "neither". */
  private static PageContent content(byte[] b) {
    boolean zero = true;
    boolean user = true;
    for (byte x : b) {
      zero &= x == 0;
      user &= x == USER_BYTE;
    }
    return zero ? PageContent.ZERO : user ? PageContent.USER : PageContent.GUEST;
  }

  private int fd(File f) {
    return f == File.RW ? rw : ro;
  }

  private static long ret(int r) {
    return r < 0 ? -Native.getLastError() : r;
  }
}
