package org.sealcheck.checker.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.cli.Main;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdMachine;
import org.sealcheck.model.memfd.MemfdProperties;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MemfdSteps;
import org.sealcheck.model.memfd.MemfdSystem;
import org.sealcheck.checker.TestRevisions;

/**
 * {@code sealcheck export}: the C programs run green on this machine's kernel (and red when told
 * to expect the unfixed revision), the JUnit tests compile and pass (and fail when an expected value
 * is changed), and bad input is one line and exit 2.
 */
class ExportTest {

  private static final ProjectLayout LAYOUT = ProjectLayout.locate();

  @TempDir
  Path tmp;

  private static SpecComments comments(String spec) {
    return SpecComments.read(LAYOUT.specDir(spec).resolve(spec + ".tla"));
  }

  private static List<Path> traces(String spec) throws IOException {
    try (Stream<Path> s = Files.walk(LAYOUT.counterexamples().resolve(spec))) {
      return s.filter(p -> p.toString().endsWith(".itf.json")).sorted().collect(Collectors.toList());
    }
  }

  private static Path trace(String rel) {
    return LAYOUT.counterexamples().resolve(rel);
  }

  // ------------------------------------------------------------------ C

  private record Run(int exit, String out) {}

  private static boolean have(String cmd) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + cmd).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static Run run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
    return new Run(p.exitValue(), out);
  }

  /** Compiles {@code source} with cc -Wall -Werror and runs it. */
  private Run compileAndRun(String name, String source) throws IOException, InterruptedException {
    Path c = tmp.resolve(name + ".c");
    Files.writeString(c, source);
    Run cc = run(tmp, "cc", "-Wall", "-Werror", "-o", name, c.toString());
    assertEquals(0, cc.exit(), () -> "cc failed on " + name + ":\n" + cc.out());
    return run(tmp, tmp.resolve(name).toString());
  }

  @Test
  void everyExportableMemfdTraceRunsGreenOnThisKernel() throws Exception {
    assumeTrue(have("cc"), "no C compiler (cc) on this machine");
    int exported = 0;
    for (Path p : traces("MemfdSeals")) {
      ExportedTrace t = ExportedTrace.load(p);
      String source;
      try {
        source = CExport.generate(t, CExport.DEFAULT_KERNEL_REVISION, comments("MemfdSeals"));
      } catch (BadInputException e) {
        // Only traces of the patch revisions use steps userspace cannot take.
        assertFalse(TestRevisions.memfd(t.revision()).upstream(), p + " of an upstream kernel is refused: "
            + e.getMessage());
        assertTrue(e.getMessage().startsWith("trace " + p + " cannot be exported to C: step "), e.getMessage());
        continue;
      }
      exported++;
      Run r = compileAndRun("t" + exported, source);
      String[] lines = r.out().split("\n");
      assertEquals("TAP version 13", lines[0], r.out());
      if (lines[1].startsWith("1..0 # SKIP vm.memfd_noexec is ")) {
        // a trace of another vm.memfd_noexec than this machine's: KSFT_SKIP
        assertEquals(4, r.exit(), r.out());
        continue;
      }
      int plan = Integer.parseInt(lines[1].substring("1..".length()));
      // every step, then the probe of the property where userspace can observe it (the program
      // says why not where it cannot)
      boolean probed = !r.out().contains("\n# no probe: " + t.property() + " ");
      assertEquals(t.steps().size() + (probed ? 1 : 0), plan, r.out());
      long oks = Stream.of(lines).filter(l -> l.matches("ok \\d+ - .*")).count();
      assertFalse(r.out().contains("not ok"), p + ":\n" + r.out());
      assertEquals(plan, oks, r.out());
      assertEquals(0, r.exit(), p + ":\n" + r.out());
      if (probed) {
        String probe = Stream.of(lines).filter(l -> l.startsWith("ok " + plan + " - ")).findFirst().orElseThrow();
        assertTrue(probe.startsWith("ok " + plan + " - " + t.property() + ": "), r.out());
        assertTrue(probe.contains(" as " + CExport.DEFAULT_KERNEL_REVISION + " predicts"), probe);
      }
      // The trace's own revision is shown beside the prediction.
      assertTrue(r.out().contains("# " + t.revision() + " (the trace): "), r.out());
    }
    assertTrue(exported >= 6, "every upstream-revision trace exports; got " + exported);
  }

  @Test
  void theCProgramFailsWhenItExpectsTheUnfixedKernel() throws Exception {
    assumeTrue(have("cc"), "no C compiler (cc) on this machine");
    assumeKernel618();
    ExportedTrace t = ExportedTrace.load(trace("MemfdSeals/memfd-6.18-pre-3b041514/NoWriteAfterWriteSealProp.itf.json"));
    String source = CExport.generate(t, "memfd-6.18-pre-3b041514", comments("MemfdSeals"));
    Run r = compileAndRun("pre", source);
    assertEquals(1, r.exit(), r.out());
    // The fix (3b041514) makes F_ADD_SEALS(F_SEAL_EXEC) fail with EBUSY on this kernel.
    assertTrue(r.out().contains("not ok 4 - do_add_seals(FD_RW, F_SEAL_EXEC)"), r.out());
    // and the probe: the store through the mapping did land, but in a file the kernel left unsealed
    assertTrue(r.out().contains("not ok 6 - NoWriteAfterWriteSealProp: pread(page 0) of a write-sealed memfd after the "
        + "last step = 1 page of user data as memfd-6.18-pre-3b041514 predicts"), r.out());
  }

  private static void assumeKernel618() throws IOException {
    String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(); // uname -r
    assumeTrue(release.startsWith("6.18."), "the running kernel " + release + " is not 6.18 (memfd-6.18)");
  }

  @Test
  void theProbeFailsWhenItExpectsAKernelWithoutTheFix() throws Exception {
    // 6.18 maps a write-sealed memfd MAP_SHARED read-only; the model of 6.12 says EPERM (M-R1).
    assumeTrue(have("cc"), "no C compiler (cc) on this machine");
    assumeKernel618();
    ExportedTrace t = ExportedTrace.load(trace("MemfdSeals/memfd-6.12/WriteSealAllowsReadOnlyMapInv.itf.json"));
    Run r = compileAndRun("r612", CExport.generate(t, "memfd-6.12", comments("MemfdSeals")));
    assertEquals(1, r.exit(), r.out());
    // the steps agree on both kernels; only the probe tells them apart
    assertTrue(r.out().contains("\nok 1 - ") && r.out().contains("\nok 2 - "), r.out());
    assertTrue(r.out().contains("\nnot ok 3 - WriteSealAllowsReadOnlyMapInv: mmap(PROT_READ, MAP_SHARED) on a "
        + "write-sealed memfd = -EPERM as memfd-6.12 predicts"), r.out());
    assertTrue(r.out().contains("# Totals: pass:2 fail:1 skip:0 of 3"), r.out());
  }

  @Test
  void everyPropertyHasAProbeOrAReasonWhyNot() {
    ExportedTrace t = ExportedTrace.load(trace("MemfdSeals/memfd-6.12/WriteSealAllowsReadOnlyMapInv.itf.json"));
    MemfdMachine m = new MemfdMachine(new MemfdConfig(TestRevisions.memfd("memfd-6.18"), 2, 2, 0));
    List<MemfdStep> steps = List.of(MemfdSteps.parse(t.steps().get(0)));
    MemfdSystem created = m.apply(m.initial(), steps.get(0)).orElseThrow();
    int probes = 0;
    for (String property : MemfdProperties.names()) {
      PropertyProbe.Outcome o = PropertyProbe.of(property, m, m.initial(), created, m, steps);
      if (o instanceof PropertyProbe.NoProbe np) {
        assertFalse(np.why().isBlank(), property);
      } else {
        assertTrue(o instanceof PropertyProbe.Probe p && p.description().startsWith(property + ": "), property + ": " + o);
        probes++;
      }
    }
    assertEquals(6, probes, "the six properties userspace can observe");
  }

  @Test
  void aStoreToAReadOnlyMappingIsASigsegvNotACrash() throws Exception {
    // After this trace on 6.18, VMA 1 is a read-only shared mapping of an empty file: a store through
    // it is a SIGSEGV, a load a SIGBUS (past EOF); both come back from the child as results.
    assumeTrue(have("cc"), "no C compiler (cc) on this machine");
    // before the property probe, which mprotect()s VMA 1 writable
    Run r = runWithCode("probe", "MemfdSeals/memfd-6.18-pre-3b041514/NoWritableMappingUnderWriteSealInv.itf.json",
        "\t/* 4. The property itself", "\tret = do_access(1, 0, 1, &data);\n"
        + "\tksft_print_msg(\"store: %ld\\n\", ret);\n\tret = do_access(1, 0, 0, &data);\n"
        + "\tksft_print_msg(\"load: %ld\\n\", ret);\n");
    assertTrue(r.out().contains("# store: 1001"), r.out()); // FAULT_SIGSEGV
    assertTrue(r.out().contains("# load: 1000"), r.out()); // FAULT_SIGBUS
    assertTrue(r.out().contains("# Totals: pass:4 fail:0"), r.out());
  }

  @Test
  void aPrivateStoreStaysInItsCowCopyForTheNextLoad() throws Exception {
    // After this trace on 6.18, pages 0 and 1 hold user data and VMA 2 is free. A store through a
    // new MAP_PRIVATE mapping copies page 1; a hole punch then frees the file's page 1 but keeps the
    // copy (shmem_fallocate does not zap COWed pages): the private mapping still loads user data,
    // the shared one zeros. A store made in a forked child would have left no copy to load.
    assumeTrue(have("cc"), "no C compiler (cc) on this machine");
    assumeKernel618();
    Run r = runWithCode("cow", "MemfdSeals/debug-no-deny-writable/NoWriteAfterWriteSealProp.itf.json",
        "\tksft_finished();", "\tret = do_mmap(2, FD_RW, MAP_PRIVATE, PROT_READ | PROT_WRITE);\n"
        + "\tksft_print_msg(\"mmap: %ld\\n\", ret);\n"
        + "\tret = do_access(2, 1, 1, &data);\n\tksft_print_msg(\"store: %ld\\n\", ret);\n"
        + "\tret = do_fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 1, 1);\n"
        + "\tksft_print_msg(\"punch: %ld\\n\", ret);\n"
        + "\tret = do_access(2, 1, 0, &data);\n\tksft_print_msg(\"private: %ld %d\\n\", ret, data);\n"
        + "\tret = do_access(1, 1, 0, &data);\n\tksft_print_msg(\"shared: %ld %d\\n\", ret, data);\n");
    assertTrue(r.out().contains("# mmap: 0"), r.out());
    assertTrue(r.out().contains("# store: 0"), r.out());
    assertTrue(r.out().contains("# punch: 0"), r.out());
    assertTrue(r.out().contains("# private: 0 2"), r.out()); // DATA_USER: the COW copy
    assertTrue(r.out().contains("# shared: 0 1"), r.out()); // DATA_ZERO: the punched file page
  }

  /** The trace's C export for memfd-6.18 with {@code code} inserted before {@code marker}, compiled and run. */
  private Run runWithCode(String name, String trace, String marker, String code) throws Exception {
    String src = CExport.generate(ExportedTrace.load(trace(trace)), "memfd-6.18", comments("MemfdSeals"));
    String program = src.replace(marker, code + marker);
    assertNotEquals(src, program, () -> "no " + marker + " in the export of " + trace);
    return compileAndRun(name, program);
  }

  // ------------------------------------------------------------------ JUnit

  private static Path codeSource(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Compiles the generated test against the model and JUnit, and runs it with the JUnit launcher. */
  private TestExecutionSummary compileAndRunJunit(String className, String source) throws Exception {
    Path src = tmp.resolve("src").resolve(JunitExport.PACKAGE.replace('.', '/'));
    Files.createDirectories(src);
    Path file = src.resolve(className + ".java");
    Files.writeString(file, source);
    Path classes = Files.createDirectories(tmp.resolve("classes-" + className));
    String cp = Stream.of(MemfdMachine.class, org.junit.jupiter.api.Test.class,
            org.opentest4j.AssertionFailedError.class, org.apiguardian.api.API.class,
            com.google.common.collect.ImmutableSortedMap.class)
        .map(c -> {
          try {
            return codeSource(c).toString();
          } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
          }
        }).distinct().collect(Collectors.joining(java.io.File.pathSeparator));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "no system Java compiler (a JRE, not a JDK)");
    ByteArrayOutputStream diag = new ByteArrayOutputStream();
    int rc = javac.run(null, diag, diag, "-classpath", cp, "-d", classes.toString(), "-Xlint:all", "-Werror",
        file.toString());
    assertEquals(0, rc, () -> "javac:\n" + diag.toString(StandardCharsets.UTF_8) + "\n" + source);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> test = loader.loadClass(JunitExport.PACKAGE + "." + className);
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(test)).build(), listener);
      return listener.getSummary();
    }
  }

  private static String failures(TestExecutionSummary s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    s.printFailuresTo(new java.io.PrintWriter(new PrintStream(b, true, StandardCharsets.UTF_8), true), 5);
    return b.toString(StandardCharsets.UTF_8);
  }

  private void assertGeneratedTestPasses(String rel, String revision) throws Exception {
    ExportedTrace t = ExportedTrace.load(trace(rel));
    String rev = revision == null ? t.revision() : revision;
    String source = JunitExport.generate(t, rev, comments(t.spec()));
    TestExecutionSummary s = compileAndRunJunit(JunitExport.className(t, rev), source);
    assertEquals(1, s.getTestsFoundCount(), source);
    assertEquals(1, s.getTestsSucceededCount(), () -> failures(s) + "\n" + source);
  }

  @Test
  void junitExportsOfBothSpecsCompileAndPass() throws Exception {
    assertGeneratedTestPasses("MemfdSeals/memfd-6.12/WriteSealAllowsReadOnlyMapInv.itf.json", null);
    assertGeneratedTestPasses("MemfdSeals/v4/NoReadAfterSealProp.itf.json", null);
    assertGeneratedTestPasses("GuestMemInvalidation/v9-punch/NoStaleSpteInv.itf.json", null);
    // a lasso: the cycle is closed and judged by holdsOnCycle
    assertGeneratedTestPasses("GuestMemInvalidation/v9-bind-live/FaultCompletesProp.itf.json", null);
  }

  @Test
  void theJunitExportOnTheFixedRevisionAssertsThatThePropertyHolds() throws Exception {
    ExportedTrace t = ExportedTrace.load(trace("MemfdSeals/memfd-6.18-pre-3b041514/NoWriteAfterWriteSealProp.itf.json"));
    String fixed = JunitExport.generate(t, "memfd-6.18", comments("MemfdSeals"));
    assertTrue(fixed.contains("assertTrue(MemfdProperties.holds(\"NoWriteAfterWriteSealProp\""), fixed);
    assertTrue(fixed.contains("\"memfd_add_seals = -EBUSY\""), fixed);
    assertGeneratedTestPasses("MemfdSeals/memfd-6.18-pre-3b041514/NoWriteAfterWriteSealProp.itf.json", "memfd-6.18");
    String own = JunitExport.generate(t, t.revision(), comments("MemfdSeals"));
    assertTrue(own.contains("assertFalse(MemfdProperties.holds(\"NoWriteAfterWriteSealProp\""), own);
  }

  @Test
  void aGeneratedJunitTestFailsWhenAStepReturnsSomethingElse() throws Exception {
    ExportedTrace t = ExportedTrace.load(trace("MemfdSeals/memfd-6.18-pre-3b041514/NoWritableMappingUnderWriteSealInv.itf.json"));
    String source = JunitExport.generate(t, t.revision(), comments("MemfdSeals"));
    String broken = source.replace("\"memfd_add_seals = 0\"", "\"memfd_add_seals = -EBUSY\"");
    assertNotEquals(source, broken);
    TestExecutionSummary s = compileAndRunJunit(JunitExport.className(t, t.revision()), broken);
    assertEquals(1, s.getTestsFailedCount());
  }

  // ------------------------------------------------------------------ bad input

  private record Cli(int exit, String err, String out) {}

  private static Cli cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int rc = Main.execute(args);
      return new Cli(rc, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private void assertBadInput(Path out, String mentions, String... args) {
    Cli r = cli(args);
    assertEquals(Main.BAD_INPUT, r.exit(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("sealcheck: "), r.err());
    assertTrue(r.err().contains(mentions), r.err());
    assertFalse(Files.exists(out), "no output file on bad input");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws IOException {
    Path out = tmp.resolve("out.txt");
    assertBadInput(out, "no such file", "export", "--format", "junit", "-o", out.toString(),
        tmp.resolve("missing.itf.json").toString());
    Path malformed = tmp.resolve("malformed.itf.json");
    Files.writeString(malformed, "{\"#meta\": {\"spec\": ");
    assertBadInput(out, "malformed JSON", "export", "--format", "c", "-o", out.toString(), malformed.toString());
    String memfd = trace("MemfdSeals/memfd-6.12/WriteSealAllowsReadOnlyMapInv.itf.json").toString();
    assertBadInput(out, "pdf", "export", "--format", "pdf", "-o", out.toString(), memfd);
    assertBadInput(out, "only MemfdSeals", "export", "--format", "c", "-o", out.toString(),
        trace("GuestMemInvalidation/v9-punch/NoStaleSpteInv.itf.json").toString());
    assertBadInput(out, "step 3 (ShmemReadISize)", "export", "--format", "c", "-o", out.toString(),
        trace("MemfdSeals/v4/NoReadAfterSealProp.itf.json").toString());
    assertBadInput(out, "not a kernel that runs", "export", "--format", "c", "--kernel-revision", "v5",
        "-o", out.toString(), memfd);
    assertBadInput(out, "unknown MemfdSeals revision \"memfd-9.9\" (known: memfd-6.18", "export", "--format", "junit",
        "--kernel-revision", "memfd-9.9",
        "-o", out.toString(), memfd);
  }

  @Test
  void theCommandWritesTheFileItIsGiven() throws IOException {
    Path out = tmp.resolve("t.c");
    Cli r = cli("export", "--format", "c", "-o", out.toString(),
        trace("MemfdSeals/memfd-6.6/WriteSealAllowsReadOnlyMapInv.itf.json").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.readString(out).contains("int main(void)"));
    Cli j = cli("export", "--format", "junit", trace("MemfdSeals/memfd-6.6/WriteSealAllowsReadOnlyMapInv.itf.json").toString());
    assertEquals(0, j.exit(), j.err());
    assertTrue(j.out().contains("class Memfd66WriteSealAllowsReadOnlyMapInvTest"), j.out());
  }
}
