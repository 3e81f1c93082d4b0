package org.sealcheck.checker.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Set;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MfdFlag;
import org.sealcheck.model.memfd.PageContent;
import org.sealcheck.model.memfd.Seal;

/**
 * One memfd on the running kernel and the mappings of it in VMA slots 1..vmas: each userspace-
 * visible spec action as the syscall that {@code export.CExport} makes for it (its class comment
 * has the table; this is the same table in Java, kept next to it in meaning: a step that
 * CExport.notExportable refuses never reaches {@link #run}). Results use the model's ret.val
 * convention: 0 or a count in pages, {@code -errno}, {@link Errno#VM_FAULT_SIGBUS} for a load or
 * store that raised SIGBUS, {@link #SIGSEGV} for one that raised SIGSEGV. Not thread-safe; one per
 * thread.
 *
 * <p>A load or store through a mapping never runs on the JVM's own CPU path: it is
 * process_vm_readv()/process_vm_writev() on this process, which makes the kernel do the access
 * through get_user_pages() on the same VMA, so shmem_fault() and the COW path run as for a user
 * access, and a fault the kernel cannot resolve comes back as EFAULT rather than a signal that would
 * kill the JVM. EFAULT is reported as SIGSEGV for a store to a slot last mapped or mprotect()ed
 * without PROT_WRITE (the CPU faults on the permission before shmem is asked), as SIGBUS otherwise.
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
  private final int pid = (int) ProcessHandle.current().pid();
  private final Memory userBuf;
  private final Memory readBuf;
  private final Memory localIov = new Memory(16);
  private final Memory remoteIov = new Memory(16);
  private final Pointer[] vma;
  private final int[] prot;
  private int rw = -1;
  private int ro = -1;

  LiveMemfd(int maxPages, int vmas) {
    this.maxPages = maxPages;
    this.userBuf = new Memory(maxPages * page);
    this.userBuf.setMemory(0, maxPages * page, USER_BYTE);
    this.readBuf = new Memory(page);
    this.vma = new Pointer[vmas + 1];
    this.prot = new int[vmas + 1];
  }

  long pageSize() {
    return page;
  }

  /** Makes the syscall for {@code s}; the caller runs only steps the model has enabled (or a store to a read-only slot). */
  Outcome run(MemfdStep s) {
    long val;
    PageContent data = PageContent.NONE;
    if (s instanceof MemfdStep.MemfdCreate m) {
      val = memfdCreate(m.flags());
    } else if (s instanceof MemfdStep.MemfdAddSeals a) {
      val = ret(C.fcntl(fd(a.f()), LibC.F_ADD_SEALS, bits(a.s())));
    } else if (s instanceof MemfdStep.ShmemFileWriteIter w) {
      long n = C.pwrite(rw, userBuf, w.len() * page, w.pos() * page);
      val = n < 0 ? -Native.getLastError() : n % page != 0 ? -2000 - n : n / page;
    } else if (s instanceof MemfdStep.ShmemSetattrSize z) {
      val = ret(C.ftruncate(rw, z.newsize() * page));
    } else if (s instanceof MemfdStep.ShmemSetattrMode m) {
      val = ret(C.fchmod(rw, m.mode()));
    } else if (s instanceof MemfdStep.ShmemFallocate f) {
      int mode = switch (f.mode()) {
        case MODE_0 -> 0;
        case FALLOC_FL_KEEP_SIZE -> LibC.FALLOC_FL_KEEP_SIZE;
        // The VFS refuses PUNCH_HOLE without KEEP_SIZE; the spec's PUNCH_HOLE is both.
        case FALLOC_FL_PUNCH_HOLE -> LibC.FALLOC_FL_PUNCH_HOLE | LibC.FALLOC_FL_KEEP_SIZE;
      };
      val = ret(C.fallocate(rw, mode, f.off() * page, f.len() * page));
    } else if (s instanceof MemfdStep.DoMmap m) {
      int p = LibC.PROT_READ | (m.write() ? LibC.PROT_WRITE : 0);
      Pointer addr = C.mmap(null, maxPages * page, p, m.shared() ? LibC.MAP_SHARED : LibC.MAP_PRIVATE, fd(m.f()), 0);
      if (Pointer.nativeValue(addr) == -1L) {
        val = -Native.getLastError();
      } else {
        vma[m.v()] = addr;
        prot[m.v()] = p;
        val = 0;
      }
    } else if (s instanceof MemfdStep.DoMprotectPkey m) {
      int p = LibC.PROT_READ | (m.write() ? LibC.PROT_WRITE : 0);
      val = ret(C.mprotect(vma[m.v()], maxPages * page, p));
      if (val == 0) {
        prot[m.v()] = p;
      }
    } else if (s instanceof MemfdStep.DoVmiMunmap u) {
      val = ret(C.munmap(vma[u.v()], maxPages * page));
      if (val == 0) {
        vma[u.v()] = null;
      }
    } else if (s instanceof MemfdStep.ShmemFault f) {
      long[] got = access(f.v(), f.i(), f.write());
      val = got[0];
      data = f.write() || val != 0 ? PageContent.NONE : content(page);
    } else if (s instanceof MemfdStep.ShmemReadISize r) {
      long n = C.pread(rw, readBuf, page, r.i() * page);
      val = n < 0 ? -Native.getLastError() : n == page ? 1 : n == 0 ? 0 : -2000 - n;
      data = n > 0 ? content(n) : PageContent.NONE;
    } else {
      throw new IllegalStateException("no syscall for " + s + " (CExport.notExportable let it through)");
    }
    int seals = rw < 0 ? -1 : C.fcntl(rw, LibC.F_GET_SEALS, 0);
    long size = rw < 0 ? -1 : C.lseek(rw, 0, 2);
    return new Outcome(val, data, seals, size < 0 ? size : size % page != 0 ? -2000 - size : size / page);
  }

  /** Unmaps every slot and closes both files: the next sequence starts from no memfd. */
  @Override
  public void close() {
    for (int v = 1; v < vma.length; v++) {
      if (vma[v] != null) {
        C.munmap(vma[v], maxPages * page);
        vma[v] = null;
      }
    }
    if (ro >= 0) {
      C.close(ro);
    }
    if (rw >= 0) {
      C.close(rw);
    }
    ro = -1;
    rw = -1;
  }

  private long memfdCreate(Set<MfdFlag> flags) {
    int f = LibC.MFD_CLOEXEC;
    for (MfdFlag m : flags) {
      f |= m.bit();
    }
    int fd = C.memfd_create("sealcheck", f);
    if (fd < 0) {
      return -Native.getLastError();
    }
    rw = fd;
    // The same inode opened O_RDONLY: FMODE_READ only, the model's "ro" file.
    ro = C.open("/proc/self/fd/" + fd, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
    return ro < 0 ? -1000 - Native.getLastError() : 0;
  }

  /** {0} or {a fault}: a load reads the page into readBuf, a store fills it with the user byte. */
  private long[] access(int v, int i, boolean store) {
    Pointer at = vma[v].share(i * page);
    localIov.setPointer(0, store ? userBuf : readBuf);
    localIov.setLong(8, page);
    remoteIov.setPointer(0, at);
    remoteIov.setLong(8, page);
    long n = store ? C.process_vm_writev(pid, localIov, 1, remoteIov, 1, 0)
        : C.process_vm_readv(pid, localIov, 1, remoteIov, 1, 0);
    if (n == page) {
      return new long[] {0};
    }
    if (n < 0 && Native.getLastError() == LibC.EFAULT) {
      return new long[] {store && (prot[v] & LibC.PROT_WRITE) == 0 ? SIGSEGV : Errno.VM_FAULT_SIGBUS};
    }
    return new long[] {n < 0 ? -3000 - Native.getLastError() : -2000 - n};
  }

  /** zero, user, or (a mix, which no model step produces) GUEST as "neither". */
  private PageContent content(long n) {
    byte[] b = readBuf.getByteArray(0, (int) n);
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

  private static int bits(Set<Seal> seals) {
    int b = 0;
    for (Seal s : seals) {
      b |= s.bit();
    }
    return b;
  }

  private static long ret(int r) {
    return r < 0 ? -Native.getLastError() : r;
  }
}
