package org.sealcheck.checker.export;

import java.util.Set;
import org.sealcheck.model.memfd.FallocMode;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MfdFlag;
import org.sealcheck.model.memfd.Seal;

/**
 * The syscall that a userspace-visible MemfdSeals step is: the one table that the C export
 * ({@link CExport} renders it as C) and the live-kernel oracle ({@code kernel.LiveMemfd} makes it
 * through JNA) share. Sizes and offsets are in pages; every mapping is of the whole file (MaxPages
 * pages) at offset 0. {@link CExport#notExportable} decides which steps are userspace-visible;
 * {@link #of} maps only those.
 */
public sealed interface MemfdSyscall {

  int PROT_READ = 0x1;
  int PROT_WRITE = 0x2;
  int MAP_SHARED = 0x01;
  int MAP_PRIVATE = 0x02;
  int FALLOC_FL_KEEP_SIZE = 0x01;
  int FALLOC_FL_PUNCH_HOLE = 0x02;

  /** memfd_create(flags | MFD_CLOEXEC); the "ro" file is open("/proc/self/fd/N", O_RDONLY) of it. */
  record MemfdCreate(Set<MfdFlag> flags) implements MemfdSyscall {
    public int bits() {
      int b = 0;
      for (MfdFlag f : flags) {
        b |= f.bit();
      }
      return b;
    }
  }

  /** fcntl(fd_f, F_ADD_SEALS, seals). */
  record AddSeals(File f, Set<Seal> seals) implements MemfdSyscall {
    public int bits() {
      int b = 0;
      for (Seal s : seals) {
        b |= s.bit();
      }
      return b;
    }
  }

  /** pwrite(rw, len pages of the user byte, at page pos): the pages written, or -errno. */
  record Pwrite(int pos, int len) implements MemfdSyscall {}

  /** ftruncate(rw, pages). */
  record Ftruncate(int pages) implements MemfdSyscall {}

  /** fchmod(rw, mode). */
  record Fchmod(int mode) implements MemfdSyscall {}

  /** fallocate(rw, mode, off, len); the spec's PUNCH_HOLE is PUNCH_HOLE|KEEP_SIZE, as the VFS requires. */
  record Fallocate(FallocMode mode, int off, int len) implements MemfdSyscall {
    public int modeBits() {
      return switch (mode) {
        case MODE_0 -> 0;
        case FALLOC_FL_KEEP_SIZE -> FALLOC_FL_KEEP_SIZE;
        case FALLOC_FL_PUNCH_HOLE -> FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
      };
    }

    /** The mode argument as C spells it ({@code sep} between the flags of a punch). */
    public String modeName(String sep) {
      return switch (mode) {
        case MODE_0 -> "0";
        case FALLOC_FL_KEEP_SIZE -> "FALLOC_FL_KEEP_SIZE";
        case FALLOC_FL_PUNCH_HOLE -> "FALLOC_FL_PUNCH_HOLE" + sep + "FALLOC_FL_KEEP_SIZE";
      };
    }
  }

  /** mmap(NULL, MaxPages pages, PROT_READ[|PROT_WRITE], MAP_SHARED|MAP_PRIVATE, fd_f, 0) into slot v. */
  record Mmap(int v, File f, boolean shared, boolean write) implements MemfdSyscall {
    public int prot() {
      return PROT_READ | (write ? PROT_WRITE : 0);
    }

    public int flags() {
      return shared ? MAP_SHARED : MAP_PRIVATE;
    }
  }

  /** mprotect(slot v, whole mapping, PROT_READ[|PROT_WRITE]). */
  record Mprotect(int v, boolean write) implements MemfdSyscall {
    public int prot() {
      return PROT_READ | (write ? PROT_WRITE : 0);
    }
  }

  /** munmap(slot v, whole mapping). */
  record Munmap(int v) implements MemfdSyscall {}

  /**
   * A load of page i of slot v, or a store filling it with the user byte (a whole page, as a
   * one-page write() leaves it), where a fault is a result: SIGBUS past EOF, SIGSEGV without
   * PROT_WRITE.
   */
  record Access(int v, int i, boolean store) implements MemfdSyscall {}

  /** pread(rw, one page at page i): 1 for a whole page, 0 at EOF. */
  record Pread(int i) implements MemfdSyscall {}

  /** The syscall for a step that {@link CExport#notExportable} accepts. */
  static MemfdSyscall of(MemfdStep s) {
    if (s instanceof MemfdStep.MemfdCreate m) {
      return new MemfdCreate(m.flags());
    }
    if (s instanceof MemfdStep.MemfdAddSeals a) {
      return new AddSeals(a.f(), a.s());
    }
    if (s instanceof MemfdStep.ShmemFileWriteIter w) {
      return new Pwrite(w.pos(), w.len());
    }
    if (s instanceof MemfdStep.ShmemSetattrSize z) {
      return new Ftruncate(z.newsize());
    }
    if (s instanceof MemfdStep.ShmemSetattrMode m) {
      return new Fchmod(m.mode());
    }
    if (s instanceof MemfdStep.ShmemFallocate f) {
      return new Fallocate(f.mode(), f.off(), f.len());
    }
    if (s instanceof MemfdStep.DoMmap m) {
      return new Mmap(m.v(), m.f(), m.shared(), m.write());
    }
    if (s instanceof MemfdStep.DoMprotectPkey p) {
      return new Mprotect(p.v(), p.write());
    }
    if (s instanceof MemfdStep.DoVmiMunmap u) {
      return new Munmap(u.v());
    }
    if (s instanceof MemfdStep.ShmemFault f) {
      return new Access(f.v(), f.i(), f.write());
    }
    if (s instanceof MemfdStep.ShmemReadISize r) {
      return new Pread(r.i());
    }
    throw new IllegalStateException("no syscall for " + s + " (CExport.notExportable should have refused it)");
  }
}
