package org.sealcheck.checker.mail;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.checker.export.MemfdSyscall;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MfdFlag;
import org.sealcheck.model.memfd.Seal;

/**
 * A MemfdSeals syscall ({@link MemfdSyscall}, the table the C export and the live-kernel oracle use)
 * written as strace writes it, with real arguments: sizes and offsets in bytes of 4096-byte pages,
 * {@code fd} for the memfd, {@code rofd} for it reopened O_RDONLY, a made-up address per mapping
 * slot ({@link #address}). The result is the caller's to append.
 */
final class MemfdCalls {

  static final int PAGE_SIZE = 4096;

  private MemfdCalls() {}

  /** The fd memfd_create() returns, as a process with stdin, stdout and stderr open gets it. */
  static final int FD = 3;

  /** Where mapping slot {@code v} is shown: 0x7f0000N00000 for slot N. */
  static String address(int v) {
    return "0x" + Long.toHexString(0x7f0000000000L + ((long) v << 20));
  }

  static String address(int v, int page) {
    return "0x" + Long.toHexString(0x7f0000000000L + ((long) v << 20) + (long) page * PAGE_SIZE);
  }

  /** The call, without its result; {@code mapped} is the size of every mapping (the whole file). */
  static String of(MemfdSyscall c, int mapped) {
    if (c instanceof MemfdSyscall.MemfdCreate m) {
      return "memfd_create(\"sealcheck\", " + flags(m.flags()) + ")";
    }
    if (c instanceof MemfdSyscall.AddSeals a) {
      return "fcntl(" + fd(a.f()) + ", F_ADD_SEALS, " + seals(a.seals()) + ")";
    }
    if (c instanceof MemfdSyscall.Pwrite w) {
      return "pwrite(fd, buf, " + bytes(w.len()) + ", " + bytes(w.pos()) + ")";
    }
    if (c instanceof MemfdSyscall.Ftruncate z) {
      return "ftruncate(fd, " + bytes(z.pages()) + ")";
    }
    if (c instanceof MemfdSyscall.Fchmod m) {
      return "fchmod(fd, 0" + Integer.toOctalString(m.mode()) + ")";
    }
    if (c instanceof MemfdSyscall.Fallocate f) {
      return "fallocate(fd, " + f.modeName("|") + ", " + bytes(f.off()) + ", " + bytes(f.len()) + ")";
    }
    if (c instanceof MemfdSyscall.Mmap m) {
      return "mmap(NULL, " + bytes(mapped) + ", " + prot(m.prot()) + ", " + (m.shared() ? "MAP_SHARED" : "MAP_PRIVATE")
          + ", " + fd(m.f()) + ", 0)";
    }
    if (c instanceof MemfdSyscall.Mprotect p) {
      return "mprotect(" + address(p.v()) + ", " + bytes(mapped) + ", " + prot(p.prot()) + ")";
    }
    if (c instanceof MemfdSyscall.Munmap u) {
      return "munmap(" + address(u.v()) + ", " + bytes(mapped) + ")";
    }
    if (c instanceof MemfdSyscall.Access a) {
      return (a.store() ? "store to " : "load from ") + address(a.v(), a.i());
    }
    MemfdSyscall.Pread r = (MemfdSyscall.Pread) c;
    return "pread(fd, buf, " + PAGE_SIZE + ", " + bytes(r.i()) + ")";
  }

  static String fd(File f) {
    return f == File.RW ? "fd" : "rofd";
  }

  static String bytes(int pages) {
    return Integer.toString(pages * PAGE_SIZE);
  }

  private static String prot(int prot) {
    return (prot & MemfdSyscall.PROT_WRITE) != 0 ? "PROT_READ|PROT_WRITE" : "PROT_READ";
  }

  private static String flags(Set<MfdFlag> flags) {
    return flags.isEmpty() ? "0" : sorted(flags, MfdFlag.class).stream().map(Enum::name)
        .collect(Collectors.joining("|"));
  }

  /** Seals as fcntl(2) takes them: F_SEAL_WRITE|F_SEAL_EXEC, in the kernel's bit order. */
  static String seals(Set<Seal> seals) {
    return seals.isEmpty() ? "0" : sorted(seals, Seal.class).stream()
        .map(s -> s == Seal.F_SEAL_0x8000 ? "0x8000" : s.name()).collect(Collectors.joining("|"));
  }

  private static <E extends Enum<E>> EnumSet<E> sorted(Set<E> s, Class<E> type) {
    EnumSet<E> out = EnumSet.noneOf(type);
    out.addAll(s);
    return out;
  }
}
