package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.List;
import org.sealcheck.checker.export.MemfdSyscall;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.Seal;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * A MemfdSeals counterexample as the mail tells it. Three tasks: the process, whose steps are
 * syscalls ({@link MemfdSyscall}, through {@link MemfdCalls}) and loads and stores through its
 * mappings; a read() whose kernel path the revision splits into steps (v4, v5: the i_size read,
 * the inaccessible check and the copy), drawn as the pread() and the steps of
 * shmem_file_read_iter() under it; and the guest, storing through KVM (shmem_get_lock_pfn()). A
 * read the revision does not split is one pread() of the process.
 */
final class MemfdStory {

  static final Task PROCESS = new Task("process", "the process that owns fd (syscalls, loads and stores)");
  static final Task READER = new Task("reader", "a pread() of fd, in the steps of shmem_file_read_iter()");
  static final Task GUEST = new Task("guest", "the guest, writing the file through KVM");

  private final TraceSteps t;
  private final MemfdRevision rev;
  private final int maxPages;
  private final int vmas;
  private final List<Row> rows = new ArrayList<>();

  private MemfdStory(TraceSteps t, MemfdRevision rev) {
    this.t = t;
    this.rev = rev;
    this.maxPages = (int) t.constant("MaxPages").asLong();
    this.vmas = t.constant("Vmas").asSet().size();
  }

  static Story of(TraceSteps t, MemfdRevision rev) {
    return new MemfdStory(t, rev).tell();
  }

  private Story tell() {
    boolean ro = false;
    boolean mapped = false;
    boolean buf = false;
    boolean uffd = false;
    for (int i = 1; i <= t.steps(); i++) {
      MemfdStep s = t.memfdStep(i);
      ro |= (s instanceof MemfdStep.DoMmap m && m.f() == File.RO)
          || (s instanceof MemfdStep.MemfdAddSeals a && a.f() == File.RO);
      mapped |= s instanceof MemfdStep.DoMmap;
      buf |= s instanceof MemfdStep.ShmemFileWriteIter || s instanceof MemfdStep.ShmemReadISize
          || s instanceof MemfdStep.ShmemReadCheckSeal;
      uffd |= s instanceof MemfdStep.ShmemMfillAtomicPte;
    }
    for (int i = 1; i <= t.steps(); i++) {
      step(i, t.memfdStep(i), t.before(i), t.after(i), ro);
    }
    List<String> notes = new ArrayList<>();
    notes.add("Sizes and offsets are bytes, in 4096-byte pages (the model counts pages).");
    notes.add("fd is the memfd" + (ro ? "; rofd is the same file opened O_RDONLY through /proc/self/fd" : "")
        + ".");
    if (buf) {
      notes.add("buf holds the bytes userspace writes (the model's \"user data\").");
    }
    if (mapped) {
      notes.add("Addresses are made up: the model's mapping slot N is shown at 0x7f0000N00000.");
    }
    if (uffd) {
      notes.add("uffd is a userfaultfd with the mapping registered (UFFDIO_REGISTER_MODE_MISSING).");
    }
    return new Story("", rows, notes);
  }

  private void step(int i, MemfdStep s, SpecState before, SpecState after, boolean ro) {
    SpecValue ret = after.get("ret");
    long val = ret.apply(SpecValue.of("val")).asLong();
    String fn = ret.apply(SpecValue.of("fn")).asString();
    String data = ret.apply(SpecValue.of("data")).asString();
    String rdBefore = before.get("rd_pc").asString();
    String rdAfter = after.get("rd_pc").asString();
    Row main;
    if (s instanceof MemfdStep.ShmemGetLockPfn g) {
      main = add(new Row(GUEST, 0, "shmem_get_lock_pfn(inode, " + g.i() + ") = " + Errnos.kernel(fn, val)));
    } else if (s instanceof MemfdStep.ShmemMfillAtomicPte u) {
      main = add(new Row(PROCESS, 0, "ioctl(uffd, UFFDIO_COPY, {.dst = " + MemfdCalls.address(u.v(), u.i())
          + ", .len = " + MemfdCalls.PAGE_SIZE + "}) = " + Errnos.syscall(val)));
    } else if (isReaderStep(s) && !(rdBefore.equals("idle") && rdAfter.equals("idle"))) {
      main = readerStep(s, before, after, fn, val, data, rdBefore, rdAfter);
    } else {
      main = syscall(s, fn, val, data, ro);
    }
    List<String> changes = MemfdChanges.of(before, after,
        s instanceof MemfdStep.MemfdAddSeals a && val == 0 ? a.s() : null, maxPages, vmas);
    if (!changes.isEmpty()) {
      add(main.below("/* " + String.join("; ", changes) + " */"));
    }
  }

  private static boolean isReaderStep(MemfdStep s) {
    return s instanceof MemfdStep.ShmemReadISize || s instanceof MemfdStep.ShmemReadCheckSeal
        || s instanceof MemfdStep.ShmemReadCopy;
  }

  /** A step of a read() that the revision splits; the first one shows the pread() it is inside. */
  private Row readerStep(MemfdStep s, SpecState before, SpecState after, String fn, long val, String data,
      String rdBefore, String rdAfter) {
    int page = (int) (rdBefore.equals("idle") ? pageOf(s) : before.get("rd_index").asLong());
    Row inner;
    if (rdBefore.equals("idle")) {
      add(new Row(READER, 0, MemfdCalls.of(new MemfdSyscall.Pread(page), maxPages)));
    }
    if (s instanceof MemfdStep.ShmemReadISize) {
      inner = add(new Row(READER, 1, KernelNames.of("MemfdSeals", "ShmemReadISize") + " = "
          + MemfdCalls.bytes((int) before.get("i_size").asLong())));
    } else if (s instanceof MemfdStep.ShmemReadCheckSeal) {
      String flag = rev.fAllSeals().contains(Seal.F_SEAL_INACCESSIBLE) ? "F_SEAL_INACCESSIBLE" : "SHM_F_INACCESSIBLE";
      inner = add(new Row(READER, 1, flag + (fn.equals("none") ? " not set" : " set: " + Errnos.kernel(fn, val))));
    } else {
      long size = before.get("i_size").asLong();
      inner = add(new Row(READER, 1, page < size ? KernelNames.of("MemfdSeals", "ShmemReadCopy")
          : "i_size_read() = " + MemfdCalls.bytes((int) size) + ": EOF"));
    }
    if (rdAfter.equals("idle")) {
      long bytes = val > 0 ? val * MemfdCalls.PAGE_SIZE : val;
      return add(new Row(READER, 0, "pread() returns " + Errnos.syscall(bytes)
          + (data.equals("none") ? "" : ": " + MemfdChanges.data(data))));
    }
    return inner;
  }

  private static int pageOf(MemfdStep s) {
    if (s instanceof MemfdStep.ShmemReadISize r) {
      return r.i();
    }
    if (s instanceof MemfdStep.ShmemReadCheckSeal c) {
      return c.i();
    }
    return 0;
  }

  /** A step that is one syscall (or one access through a mapping) of the process. */
  private Row syscall(MemfdStep s, String fn, long val, String data, boolean ro) {
    // A read the revision does not split, or one refused at its first step: one whole pread().
    String call = MemfdCalls.of(s instanceof MemfdStep.ShmemReadCheckSeal c ? new MemfdSyscall.Pread(c.i())
        : MemfdSyscall.of(s), maxPages);
    if (s instanceof MemfdStep.MemfdCreate) {
      Row r = add(new Row(PROCESS, 0, val == 0 ? "fd = " + call + " = " + MemfdCalls.FD
          : call + " = " + Errnos.syscall(val)));
      if (val == 0 && ro) {
        add(new Row(PROCESS, 0, "rofd = open(\"/proc/self/fd/" + MemfdCalls.FD + "\", O_RDONLY) = "
            + (MemfdCalls.FD + 1)));
      }
      return r;
    }
    if (s instanceof MemfdStep.DoMmap m) {
      return add(new Row(PROCESS, 0, call + " = " + (val == 0 ? MemfdCalls.address(m.v()) : Errnos.syscall(val))));
    }
    if (s instanceof MemfdStep.ShmemFault f) {
      boolean sigbus = !Errnos.kernel(fn, val).equals("0");
      Row r = add(new Row(PROCESS, 0, call + ": " + (sigbus ? "SIGBUS" : f.write() ? "ok" : MemfdChanges.data(data))));
      if (sigbus) {
        add(r.below("shmem_fault() = " + Errnos.kernel(fn, val)));
      }
      return r;
    }
    boolean read = s instanceof MemfdStep.ShmemReadISize || s instanceof MemfdStep.ShmemReadCheckSeal;
    long bytes = (s instanceof MemfdStep.ShmemFileWriteIter || read) && val > 0 ? val * MemfdCalls.PAGE_SIZE : val;
    String copied = read && !data.equals("none") ? ": " + MemfdChanges.data(data) : "";
    return add(new Row(PROCESS, 0, call + " = " + Errnos.syscall(bytes) + copied));
  }

  private Row add(Row r) {
    rows.add(r);
    return r;
  }
}
