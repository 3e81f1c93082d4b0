package org.sealcheck.checker.export;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.SpecRevisions;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.KernelFn;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdMachine;
import org.sealcheck.model.memfd.MemfdProperties;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MemfdSteps;
import org.sealcheck.model.memfd.MemfdSystem;
import org.sealcheck.model.memfd.PageContent;
import org.sealcheck.model.memfd.Ret;
import org.sealcheck.model.memfd.Seal;
import org.sealcheck.model.memfd.VmFlag;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * A MemfdSeals counterexample as a kselftest-style C program (TAP 13 output, exit status
 * KSFT_PASS = 0 when every test is ok, KSFT_FAIL = 1 otherwise, KSFT_SKIP = 4 when the machine's
 * vm.memfd_noexec differs from the trace's bound) that makes the trace's syscalls on the running
 * kernel.
 *
 * <p>The trace comes from a revision that is usually not the running kernel (an older kernel, a
 * seeded bug, a 2022 patch revision). So the expected results are not the trace's: the steps are run
 * again on the Java model configured as the running kernel's revision ({@code kernelRevision},
 * memfd-6.18 by default), and each syscall must return what the model predicts there; what the
 * trace's own revision returned is printed beside it as a TAP comment, so the output shows where a
 * fix changed the outcome. After each step the program also checks the seals (F_GET_SEALS) and the
 * size (fstat) against the model.
 *
 * <p>The last test probes the violated property itself (see {@link PropertyProbe}): one more call
 * whose outcome shows the property, for instance a read-only MAP_SHARED mmap() of the write-sealed
 * file for WriteSealAllowsReadOnlyMapInv, with the outcome the same model predicts. A property
 * userspace cannot observe gets a TAP comment saying why instead.
 *
 * <p>Spec action -> syscall ({@link MemfdSyscall}, the table the live-kernel oracle uses too;
 * page = sysconf(_SC_PAGESIZE); the file is mapped whole, MaxPages pages, at every DoMmap):
 *
 * <pre>
 *   MemfdCreate(flags)          memfd_create(flags | MFD_CLOEXEC); the "ro" file is
 *                               open("/proc/self/fd/N", O_RDONLY) of it
 *   MemfdAddSeals(f, s)         fcntl(fd_f, F_ADD_SEALS, s)
 *   ShmemFileWriteIter(pos,len) pwrite(rw, len pages, at page pos): pages written or -errno
 *   ShmemSetattrSize(n)         ftruncate(rw, n pages)
 *   ShmemSetattrMode(m)         fchmod(rw, m)
 *   ShmemFallocate(mode,off,len) fallocate(rw, 0 | KEEP_SIZE | PUNCH_HOLE|KEEP_SIZE, ...)
 *   DoMmap(v, f, shared, write) mmap(MaxPages pages, PROT_READ[|PROT_WRITE], MAP_SHARED|MAP_PRIVATE, fd_f)
 *   DoMprotectPkey(v, write)    mprotect(vma v, PROT_READ[|PROT_WRITE])
 *   DoVmiMunmap(v)              munmap(vma v)
 *   ShmemFault(v, i, write)     a load (or a store filling the page with the user byte) at page i
 *                               of vma v, under a SIGBUS/SIGSEGV handler: the signal is the result,
 *                               the program never dies; a load says zero, user data or neither
 *   ShmemReadISize(i)           pread(rw, 1 page at page i), only where it is the whole read()
 *                               (a revision without a seal check: the spec's read is then atomic)
 * </pre>
 *
 * <p>Not exported (the trace is refused with one line): ShmemReadCheckSeal, ShmemReadCopy and, in
 * v4/v5, ShmemReadISize are kernel-internal sub-steps of one read(); their interleaving with other
 * calls is the point of those traces and cannot be forced from userspace, and mapping the whole
 * path to a single pread() would run it atomically, a different behaviour. ShmemGetLockPfn is a
 * guest store through KVM into a patch that never merged, not a syscall. ShmemMfillAtomicPte needs a
 * userfaultfd registration this exporter does not generate. A seal or memfd_create flag the
 * running kernel does not have (F_SEAL_INACCESSIBLE, F_SEAL_AUTO_ALLOCATE, MFD_INACCESSIBLE) has
 * no bit that would mean the same there (the patches used 0x20, today's F_SEAL_EXEC), so a trace
 * with one is refused as well. F_SEAL_0x8000 is exported as that bit: undefined in every revision,
 * EINVAL everywhere.
 */
public final class CExport {

  private CExport() {}

  /** The revision of the kernel these machines run. */
  public static final String DEFAULT_KERNEL_REVISION = "memfd-6.18";

  /**
   * The program's source.
   *
   * @throws BadInputException when the trace is not a MemfdSeals trace, a step cannot be done from
   *     userspace (see the class comment), or {@code kernelRevision} is not an upstream kernel
   */
  public static String generate(ExportedTrace t, String kernelRevision, SpecComments comments) {
    if (!t.spec().equals("MemfdSeals")) {
      throw new BadInputException("trace " + t.file() + " cannot be exported to C: only MemfdSeals traces can ("
          + t.spec() + " needs KVM and a guest)");
    }
    ProjectLayout layout = ProjectLayout.locate();
    MemfdRevision target = SpecRevisions.memfd(layout, kernelRevision);
    if (!target.upstream()) {
      throw new BadInputException("--kernel-revision " + kernelRevision + " is not a kernel that runs: use an upstream "
          + "revision (memfd-6.18, memfd-6.12, memfd-6.6, ...)");
    }
    MemfdRevision own = SpecRevisions.memfd(layout, t.revision());
    Map<String, SpecValue> c = t.constants();
    int maxPages = (int) c.get("MaxPages").asLong();
    int vmas = c.get("Vmas").asSet().size();
    int scope = (int) c.get("MemfdNoexecScope").asLong();
    List<MemfdStep> steps = new ArrayList<>();
    for (int i = 0; i < t.steps().size(); i++) {
      MemfdStep s = MemfdSteps.parse(t.steps().get(i));
      String why = notExportable(s, own, target);
      if (why != null) {
        throw new BadInputException("trace " + t.file() + " cannot be exported to C: step " + (i + 1) + " ("
            + s.action() + ") " + why);
      }
      steps.add(s);
    }
    return new Writer(t, target, new MemfdMachine(new MemfdConfig(target, maxPages, vmas, scope)),
        new MemfdMachine(new MemfdConfig(own, maxPages, vmas, scope)), steps, comments).write();
  }

  /**
   * Why step {@code s} cannot be a syscall on {@code target}, or null if it can. The one list of
   * what userspace can do: the live-kernel oracle ({@code org.sealcheck.checker.kernel}) draws its
   * alphabet through it too.
   */
  public static String notExportable(MemfdStep s, MemfdRevision own, MemfdRevision target) {
    if (s instanceof MemfdStep.MemfdCreate m && !target.mfdFlags().containsAll(m.flags())) {
      return "passes a memfd_create() flag " + target + " does not have (" + m.flags() + ")";
    }
    if (s instanceof MemfdStep.MemfdAddSeals a) {
      for (Seal seal : a.s()) {
        if (seal != Seal.F_SEAL_0x8000 && !target.fAllSeals().contains(seal)) {
          return "adds " + seal + ", which " + target + " does not have and whose patch bit means another seal there";
        }
      }
    }
    if (s instanceof MemfdStep.ShmemReadISize && own.hasSealCheck()) {
      return "is the i_size read inside shmem_file_read_iter() of " + own
          + ", a kernel-internal sub-step whose interleaving userspace cannot force";
    }
    if (s instanceof MemfdStep.ShmemReadCheckSeal || s instanceof MemfdStep.ShmemReadCopy) {
      return "is a kernel-internal sub-step of shmem_file_read_iter(), whose interleaving userspace cannot force";
    }
    if (s instanceof MemfdStep.ShmemGetLockPfn) {
      return "is a guest store through KVM (shmem_get_lock_pfn()), not a syscall";
    }
    if (s instanceof MemfdStep.ShmemMfillAtomicPte) {
      return "is UFFDIO_COPY, which needs a userfaultfd registration the exporter does not generate";
    }
    return null;
  }

  private static final class Writer {
    private final ExportedTrace t;
    private final MemfdRevision target;
    private final MemfdMachine model;
    private final MemfdMachine ownModel;
    private final List<MemfdStep> steps;
    private final SpecComments comments;
    private final StringBuilder out = new StringBuilder();
    private int tests;

    Writer(ExportedTrace t, MemfdRevision target, MemfdMachine model, MemfdMachine ownModel, List<MemfdStep> steps,
        SpecComments comments) {
      this.t = t;
      this.target = target;
      this.model = model;
      this.ownModel = ownModel;
      this.steps = steps;
      this.comments = comments;
    }

    String write() {
      List<String> body = new ArrayList<>();
      MemfdSystem now = model.initial();
      MemfdSystem before = now;
      for (int i = 0; i < steps.size(); i++) {
        MemfdStep s = steps.get(i);
        int n = i + 1;
        tests++;
        String doc = comments.of(s.action());
        body.add("");
        body.add("\t/* " + n + ". " + cComment(s.toStep() + (doc.isEmpty() ? "" : ": " + doc)) + " */");
        String traceRet = describe(traceRet(n));
        Optional<MemfdSystem> next = model.apply(now, s);
        if (next.isPresent()) {
          Ret r = next.get().ret();
          body.add("\tksft_print_msg(" + cStr(t.revision() + " (the trace): " + traceRet + "; " + target
              + " (this kernel, per the model): " + describe(r) + (describe(r).equals(traceRet) ? "" : "  <- differs")
              + "\\n") + ");");
          body.add("\tret = " + call(s) + ";");
          body.add("\tcheck(" + n + ", " + cStr(label(s)) + ", ret, " + expected(s, r) + ", " + data(r) + ", "
              + sealBits(next.get().seals()) + ", " + (next.get().fdInstalled() ? next.get().iSize() : -1) + ");");
          before = now;
          now = next.get();
        } else if (s instanceof MemfdStep.ShmemFault f && now.mm().vma(f.v()) != null && f.write()
            && !now.mm().vma(f.v()).has(VmFlag.VM_WRITE)) {
          // The spec leaves a store to a VMA without VM_WRITE out (the CPU faults before shmem is
          // asked): the kernel's answer is SIGSEGV, and nothing changes.
          body.add("\tksft_print_msg(" + cStr(t.revision() + " (the trace): " + traceRet + "; " + target
              + " (this kernel): the mapping is read-only there, so the store is a SIGSEGV\\n") + ");");
          body.add("\tret = " + call(s) + ";");
          body.add("\tcheck(" + n + ", " + cStr(label(s)) + ", ret, FAULT_SIGSEGV, DATA_ANY, "
              + sealBits(now.seals()) + ", " + now.iSize() + ");");
        } else {
          body.add("\tksft_print_msg(" + cStr(t.revision() + " (the trace): " + traceRet + "\\n") + ");");
          body.add("\tksft_test_result_skip(" + n + ", " + cStr(label(s) + ": not possible on " + target
              + " (" + disabledReason(now, s) + ")") + ");");
        }
      }
      // A step property is judged on the last step that was possible on the target.
      String verdict = (MemfdProperties.isStepProperty(t.property()) ? MemfdProperties.holds(t.property(), before, now)
          : MemfdProperties.holds(t.property(), now)) ? "holds" : "is violated";
      probe(body, PropertyProbe.of(t.property(), model, before, now, ownModel, steps));
      header();
      line("int main(void)");
      line("{");
      line("\tlong ret;");
      line("");
      line("\tpage = sysconf(_SC_PAGESIZE);");
      line("\tbuf = malloc(" + model.config().maxPages() + " * page);");
      line("\tif (!buf)");
      line("\t\treturn KSFT_FAIL;");
      line("\tmemset(buf, USER_BYTE, " + model.config().maxPages() + " * page);");
      line("\tksft_print_header();");
      line("\tif (memfd_noexec_scope() != " + model.config().memfdNoexecScope() + ") {");
      line("\t\tprintf(\"1..0 # SKIP vm.memfd_noexec is %d, the trace assumes " + model.config().memfdNoexecScope()
          + "\\n\", memfd_noexec_scope());");
      line("\t\treturn KSFT_SKIP;");
      line("\t}");
      line("\tksft_set_plan(" + tests + ");");
      line("\tksft_print_msg(" + cStr("trace: " + t.file().toString().replace('\\', '/') + "\\n") + ");");
      line("\tksft_print_msg(" + cStr(t.property() + " on " + t.revision() + ": "
          + (t.description().isEmpty() ? "violated" : t.description()) + "\\n") + ");");
      line("\tksft_print_msg(" + cStr("expected results: the Java model of " + target + "\\n") + ");");
      body.forEach(this::line);
      line("");
      line("\tksft_print_msg(" + cStr(t.property() + " on " + target + " after these steps, per the model: "
          + verdict + " (on " + t.revision() + ": violated)\\n") + ");");
      line("\tksft_finished();");
      line("}");
      return out.toString();
    }

    /** The last test: the property itself, observed on the running kernel (see PropertyProbe). */
    private void probe(List<String> body, PropertyProbe.Outcome o) {
      body.add("");
      if (o instanceof PropertyProbe.NoProbe np) {
        body.add("\t/* " + cComment(t.property() + ": no probe. " + np.why()) + " */");
        body.add("\tksft_print_msg(" + cStr("no probe: " + np.why() + "\\n") + ");");
        return;
      }
      int n = ++tests;
      if (o instanceof PropertyProbe.Skip sk) {
        body.add("\tksft_test_result_skip(" + n + ", " + cStr(sk.description()) + ");");
        return;
      }
      PropertyProbe.Probe p = (PropertyProbe.Probe) o;
      body.add("\t/* " + n + ". " + cComment("The property itself, on this kernel: " + p.description()) + " */");
      body.add("\tret = " + p.call() + ";");
      body.add("\tcheck(" + n + ", " + cStr(p.description()) + ", ret, " + p.want() + ", " + p.wantData() + ", "
          + sealBits(p.after().seals()) + ", " + p.after().iSize() + ");");
    }

    private Ret traceRet(int index) {
      SpecValue r = t.trace().states().get(index).state().vars().get("ret");
      String fn = r.apply(SpecValue.of("fn")).asString();
      KernelFn kfn = KernelFn.NONE;
      for (KernelFn k : KernelFn.values()) {
        if (k.specName().equals(fn)) {
          kfn = k;
        }
      }
      PageContent data = PageContent.NONE;
      String d = r.apply(SpecValue.of("data")).asString();
      for (PageContent p : PageContent.values()) {
        if (p.specName().equals(d)) {
          data = p;
        }
      }
      return new Ret(kfn, (int) r.apply(SpecValue.of("val")).asLong(), data);
    }

    private String disabledReason(MemfdSystem now, MemfdStep s) {
      if (!now.fdInstalled()) {
        return "memfd_create() failed there";
      }
      if (s instanceof MemfdStep.DoMmap m) {
        return "VMA slot " + m.v() + " is still mapped there";
      }
      return "there is no mapping in that VMA slot there";
    }

    /** The C call that performs {@code s} ({@link MemfdSyscall}); each returns the model's ret.val convention. */
    private String call(MemfdStep s) {
      MemfdSyscall c = MemfdSyscall.of(s);
      if (c instanceof MemfdSyscall.MemfdCreate m) {
        return "do_memfd_create(" + (m.flags().isEmpty() ? "0"
            : m.flags().stream().map(Enum::name).collect(Collectors.joining(" | "))) + ")";
      }
      if (c instanceof MemfdSyscall.AddSeals a) {
        return "do_add_seals(" + fd(a.f()) + ", " + sealNames(a.seals()) + ")";
      }
      if (c instanceof MemfdSyscall.Pwrite w) {
        return "do_pwrite(" + w.pos() + ", " + w.len() + ")";
      }
      if (c instanceof MemfdSyscall.Ftruncate z) {
        return "do_ftruncate(" + z.pages() + ")";
      }
      if (c instanceof MemfdSyscall.Fchmod m) {
        return "do_fchmod(0" + Integer.toOctalString(m.mode()) + ")";
      }
      if (c instanceof MemfdSyscall.Fallocate f) {
        return "do_fallocate(" + f.modeName(" | ") + ", " + f.off() + ", " + f.len() + ")";
      }
      if (c instanceof MemfdSyscall.Mmap m) {
        return "do_mmap(" + m.v() + ", " + fd(m.f()) + ", " + (m.shared() ? "MAP_SHARED" : "MAP_PRIVATE") + ", "
            + prot(m.prot()) + ")";
      }
      if (c instanceof MemfdSyscall.Mprotect p) {
        return "do_mprotect(" + p.v() + ", " + prot(p.prot()) + ")";
      }
      if (c instanceof MemfdSyscall.Munmap u) {
        return "do_munmap(" + u.v() + ")";
      }
      if (c instanceof MemfdSyscall.Access a) {
        return "do_access(" + a.v() + ", " + a.i() + ", " + (a.store() ? "1" : "0") + ", &data)";
      }
      MemfdSyscall.Pread r = (MemfdSyscall.Pread) c;
      return "do_pread(" + r.i() + ", &data)";
    }

    private static String prot(int prot) {
      return (prot & MemfdSyscall.PROT_WRITE) != 0 ? "PROT_READ | PROT_WRITE" : "PROT_READ";
    }

    private String label(MemfdStep s) {
      return call(s).replace(", &data", "") + " [" + s.action() + "]";
    }

    /** The expected return value as C: 0, a count, -EPERM, FAULT_SIGBUS. */
    private static String expected(MemfdStep s, Ret r) {
      if (r.fn() == KernelFn.SHMEM_FAULT && r.val() == Errno.VM_FAULT_SIGBUS) {
        return "FAULT_SIGBUS";
      }
      return Errno.describe(r.val());
    }

    private static String data(Ret r) {
      return switch (r.data()) {
        case NONE -> "DATA_ANY";
        case ZERO -> "DATA_ZERO";
        case USER -> "DATA_USER";
        case GUEST -> throw new IllegalStateException("guest data cannot appear on an upstream kernel");
      };
    }

    private static String describe(Ret r) {
      if (r.fn() == KernelFn.SHMEM_FAULT && r.val() == Errno.VM_FAULT_SIGBUS) {
        return "shmem_fault = VM_FAULT_SIGBUS";
      }
      return r.toString();
    }

    private static String fd(File f) {
      return f == File.RW ? "FD_RW" : "FD_RO";
    }

    private static String sealNames(Set<Seal> seals) {
      if (seals.isEmpty()) {
        return "0";
      }
      return seals.stream().map(s -> s == Seal.F_SEAL_0x8000 ? "0x8000" : s.name()).collect(Collectors.joining(" | "));
    }

    private static String sealBits(Set<Seal> seals) {
      EnumSet<Seal> s = EnumSet.noneOf(Seal.class);
      s.addAll(seals);
      return sealNames(s);
    }

    private void header() {
      line("// SPDX-License-Identifier: GPL-2.0");
      line("/*");
      line(" * " + cComment(t.property() + " on " + t.revision() + ", replayed on the running kernel."));
      if (!t.description().isEmpty()) {
        line(" *");
        line(" * " + cComment(t.description()));
      }
      line(" *");
      line(" * " + cComment("Generated by sealcheck export --format c from " + t.file().toString().replace('\\', '/')
          + ". Each step of the trace is one syscall; each must return what the Java model of " + target
          + " predicts (the running kernel's revision), and leave the seals (F_GET_SEALS) and the size (fstat) "
          + "the model predicts. What the trace's own revision (" + t.revision() + ") returned is printed as a "
          + "TAP comment. A load or store runs with a SIGBUS/SIGSEGV handler, so the signal is a result, not a crash."));
      line(" *");
      line(" * Build and run: cc -Wall -Werror -o t this.c && ./t    (TAP 13; exit 0 iff every test is ok)");
      line(" */");
      line("#define _GNU_SOURCE");
      line("#include <errno.h>");
      line("#include <fcntl.h>");
      line("#include <setjmp.h>");
      line("#include <signal.h>");
      line("#include <stdarg.h>");
      line("#include <stdio.h>");
      line("#include <stdlib.h>");
      line("#include <string.h>");
      line("#include <sys/mman.h>");
      line("#include <sys/stat.h>");
      line("#include <unistd.h>");
      line("");
      PRELUDE.lines().forEach(this::line);
      line("#define VMAS " + model.config().vmas());
      line("#define MAX_PAGES " + model.config().maxPages());
      line("static char *vma[VMAS + 1];");
      line("");
      HELPERS.lines().forEach(this::line);
    }

    private void line(String s) {
      out.append(s).append('\n');
    }
  }

  private static String cComment(String s) {
    return s.replace("*/", "* /");
  }

  private static String cStr(String s) {
    // \\n in s is meant as C's newline escape; everything else is escaped.
    return "\"" + s.replace("\\n", "\u0000").replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%")
        .replace("\u0000", "\\n") + "\"";
  }

  /** A tiny self-contained stand-in for tools/testing/selftests/kselftest.h (no kernel tree here). */
  private static final String PRELUDE = """
      /* kselftest.h, the part used here */
      #define KSFT_PASS 0
      #define KSFT_FAIL 1
      #define KSFT_SKIP 4
      static int ksft_pass, ksft_fail, ksft_skip, ksft_plan;

      static inline void ksft_print_header(void) { printf("TAP version 13\\n"); }
      static inline void ksft_set_plan(int n) { ksft_plan = n; printf("1..%d\\n", n); }
      static inline void ksft_print_msg(const char *fmt, ...)
      {
      	va_list ap;

      	va_start(ap, fmt);
      	printf("# ");
      	vprintf(fmt, ap);
      	va_end(ap);
      	fflush(stdout);
      }
      static inline void ksft_test_result(int ok, int n, const char *msg)
      {
      	printf("%s %d - %s\\n", ok ? "ok" : "not ok", n, msg);
      	fflush(stdout);
      	if (ok)
      		ksft_pass++;
      	else
      		ksft_fail++;
      }
      static inline void ksft_test_result_skip(int n, const char *msg)
      {
      	printf("ok %d - %s # SKIP\\n", n, msg);
      	ksft_skip++;
      }
      static inline void ksft_finished(void)
      {
      	printf("# Totals: pass:%d fail:%d skip:%d of %d\\n", ksft_pass, ksft_fail, ksft_skip, ksft_plan);
      	exit(ksft_fail == 0 && ksft_pass + ksft_skip == ksft_plan ? KSFT_PASS : KSFT_FAIL);
      }

      #ifndef MFD_NOEXEC_SEAL
      #define MFD_NOEXEC_SEAL 0x0008U
      #endif
      #ifndef MFD_EXEC
      #define MFD_EXEC 0x0010U
      #endif
      #ifndef F_SEAL_FUTURE_WRITE
      #define F_SEAL_FUTURE_WRITE 0x0010
      #endif
      #ifndef F_SEAL_EXEC
      #define F_SEAL_EXEC 0x0020
      #endif

      /* The byte userspace writes (write(), a store through a mapping): the model's "user" data. */
      #define USER_BYTE 0x55
      /* A load or store that faults: the signal is the result (the model's VM_FAULT_SIGBUS; SIGSEGV). */
      #define FAULT_SIGBUS 1000
      #define FAULT_SIGSEGV 1001
      /* What a load or read() must see: no data (DATA_ANY), zeros, or the user byte. */
      #define DATA_ANY 0
      #define DATA_ZERO 1
      #define DATA_USER 2
      #define FD_RW 0
      #define FD_RO 1
      """;

  private static final String HELPERS = """
      static long page;
      static char *buf;
      static int fds[2] = { -1, -1 };
      static int data;

      static inline int memfd_noexec_scope(void)
      {
      	FILE *f = fopen("/proc/sys/vm/memfd_noexec", "r");
      	int v = 0;

      	if (f) {
      		if (fscanf(f, "%d", &v) != 1)
      			v = 0;
      		fclose(f);
      	}
      	return v;
      }

      static inline long do_memfd_create(unsigned int flags)
      {
      	char path[64];
      	int fd = memfd_create("sealcheck", flags | MFD_CLOEXEC);

      	if (fd < 0)
      		return -errno;
      	fds[FD_RW] = fd;
      	/* The same inode opened O_RDONLY: FMODE_READ only (the model's "ro" file). */
      	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
      	fds[FD_RO] = open(path, O_RDONLY | O_CLOEXEC);
      	if (fds[FD_RO] < 0)
      		return -1000 - errno;
      	return 0;
      }

      static inline long do_add_seals(int f, int seals)
      {
      	return fcntl(fds[f], F_ADD_SEALS, seals) < 0 ? -errno : 0;
      }

      /* write() of len pages at page pos: the pages written, or -errno if none was. */
      static inline long do_pwrite(int pos, int len)
      {
      	ssize_t n = pwrite(fds[FD_RW], buf, len * page, pos * page);

      	if (n < 0)
      		return -errno;
      	return n % page ? -2000 - n : n / page;
      }

      static inline long do_ftruncate(int pages)
      {
      	return ftruncate(fds[FD_RW], pages * page) < 0 ? -errno : 0;
      }

      static inline long do_fchmod(mode_t mode)
      {
      	return fchmod(fds[FD_RW], mode) < 0 ? -errno : 0;
      }

      static inline long do_fallocate(int mode, int off, int len)
      {
      	return fallocate(fds[FD_RW], mode, off * page, len * page) < 0 ? -errno : 0;
      }

      static inline long do_mmap(int v, int f, int flags, int prot)
      {
      	void *p = mmap(NULL, MAX_PAGES * page, prot, flags, fds[f], 0);

      	if (p == MAP_FAILED)
      		return -errno;
      	vma[v] = p;
      	return 0;
      }

      static inline long do_mprotect(int v, int prot)
      {
      	return mprotect(vma[v], MAX_PAGES * page, prot) < 0 ? -errno : 0;
      }

      static inline long do_munmap(int v)
      {
      	if (munmap(vma[v], MAX_PAGES * page) < 0)
      		return -errno;
      	vma[v] = NULL;
      	return 0;
      }

      /*
       * A load or a store at page i of mapping v, made by this process with a SIGBUS/SIGSEGV
       * handler armed: a fault past EOF (SIGBUS) or a store to a read-only mapping (SIGSEGV) is
       * the result, the access has no effect, and the program carries on. In this process, not a
       * forked child, so that a store to a MAP_PRIVATE mapping leaves its COW copy for later loads.
       * A load reports whether the page was all zero or all the user byte; a store fills the page.
       */
      static sigjmp_buf fault_jmp __attribute__((unused));
      static volatile sig_atomic_t fault_armed __attribute__((unused));

      static inline void on_fault(int sig)
      {
      	if (!fault_armed) {
      		signal(sig, SIG_DFL);
      		raise(sig);
      		return;
      	}
      	fault_armed = 0;
      	siglongjmp(fault_jmp, sig);
      }

      static inline long do_access(int v, int i, int store, int *seen)
      {
      	static int handled;
      	volatile char *p = vma[v] + i * page;
      	volatile int zero = 1, user = 1;
      	volatile long k;
      	int sig;

      	*seen = DATA_ANY;
      	if (!handled) {
      		struct sigaction sa;

      		memset(&sa, 0, sizeof(sa));
      		sa.sa_handler = on_fault;
      		sigemptyset(&sa.sa_mask);
      		sigaction(SIGBUS, &sa, NULL);
      		sigaction(SIGSEGV, &sa, NULL);
      		handled = 1;
      	}
      	sig = sigsetjmp(fault_jmp, 1);
      	if (sig)
      		return sig == SIGBUS ? FAULT_SIGBUS : sig == SIGSEGV ? FAULT_SIGSEGV : -3000 - sig;
      	fault_armed = 1;
      	for (k = 0; k < page; k++) {
      		if (store) {
      			p[k] = USER_BYTE;
      		} else {
      			zero &= p[k] == 0;
      			user &= p[k] == USER_BYTE;
      		}
      	}
      	fault_armed = 0;
      	if (!store)
      		*seen = zero ? DATA_ZERO : user ? DATA_USER : DATA_ANY;
      	return 0;
      }

      /*
       * mmap() of the whole file, unmapped again at once: only whether the mapping can be made (a
       * property probe), so that the file's state stays what the model has.
       */
      static inline long do_mmap_probe(int f, int flags, int prot)
      {
      	void *p = mmap(NULL, MAX_PAGES * page, prot, flags, fds[f], 0);

      	if (p == MAP_FAILED)
      		return -errno;
      	return munmap(p, MAX_PAGES * page) < 0 ? -1000 - errno : 0;
      }

      static inline long do_get_seals(void)
      {
      	int seals = fcntl(fds[FD_RW], F_GET_SEALS);

      	return seals < 0 ? -errno : seals;
      }

      /* The size in pages (fstat), or -errno; a size that is not whole pages is -2000 - bytes. */
      static inline long do_size_pages(void)
      {
      	struct stat st;

      	if (fstat(fds[FD_RW], &st) < 0)
      		return -errno;
      	return st.st_size % page ? -2000 - st.st_size : st.st_size / page;
      }

      /* read() of one page at page i: 1 page, 0 at EOF, or -errno. */
      static inline long do_pread(int i, int *seen)
      {
      	ssize_t n = pread(fds[FD_RW], buf, page, i * page);
      	int k, zero = 1, user = 1;

      	*seen = DATA_ANY;
      	if (n < 0)
      		return -errno;
      	for (k = 0; k < n; k++) {
      		zero &= buf[k] == 0;
      		user &= buf[k] == USER_BYTE;
      	}
      	if (n > 0)
      		*seen = zero ? DATA_ZERO : user ? DATA_USER : DATA_ANY;
      	memset(buf, USER_BYTE, MAX_PAGES * page);
      	return n == page ? 1 : n == 0 ? 0 : -2000 - n;
      }

      /*
       * Test n: the call returned want (and, for a load or read(), saw want_data), and the file has
       * the seals and size (in pages; -1 before memfd_create) the model predicts.
       */
      static inline void check(int n, const char *what, long got, long want, int want_data, int want_seals,
      		  long want_pages)
      {
      	int ok = got == want && (want_data == DATA_ANY || data == want_data);
      	struct stat st;

      	if (!ok)
      		ksft_print_msg("%s returned %ld (data %d), the model says %ld (data %d)\\n",
      			       what, got, data, want, want_data);
      	if (fds[FD_RW] >= 0 && want_pages >= 0) {
      		int seals = fcntl(fds[FD_RW], F_GET_SEALS);

      		if (seals != want_seals) {
      			ksft_print_msg("F_GET_SEALS is 0x%x, the model says 0x%x\\n", seals, want_seals);
      			ok = 0;
      		}
      		if (fstat(fds[FD_RW], &st) < 0 || st.st_size != want_pages * page) {
      			ksft_print_msg("the size is %ld bytes, the model says %ld pages\\n",
      				       (long)st.st_size, want_pages);
      			ok = 0;
      		}
      	}
      	data = DATA_ANY;
      	ksft_test_result(ok, n, what);
      }
      """;
}
