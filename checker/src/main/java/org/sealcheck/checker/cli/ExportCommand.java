package org.sealcheck.checker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.export.CExport;
import org.sealcheck.checker.export.ExportedTrace;
import org.sealcheck.checker.export.JunitExport;
import org.sealcheck.checker.export.SpecComments;
import org.sealcheck.checker.mail.Mail;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.SpecRevisions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Turn a counterexample into a regression test: a JUnit 5 test on the Java model (--format junit, "
        + "both specs), or a kselftest-style C program that makes the trace's syscalls on the running kernel and "
        + "checks each result against the model of that kernel's revision, then probes the violated property itself "
        + "(--format c, MemfdSeals only); or the counterexample as plain text for a reply on a kernel list "
        + "(--format email: 80 columns, syscalls with their arguments, the race as a column per CPU).",
        "Exit status: 0 written, 2 bad input (including a trace with a step that cannot be a syscall)."})
final class ExportCommand implements Callable<Integer> {

  enum Format { junit, c, email }

  @Parameters(paramLabel = "TRACE", description = "An .itf.json file, e.g. "
      + "counterexamples/MemfdSeals/memfd-6.12/WriteSealAllowsReadOnlyMapInv.itf.json")
  Path file;

  @Option(names = "--format", required = true, paramLabel = "FORMAT",
      description = "junit (a JUnit 5 test source), c (a C program with TAP output) or email (plain text, 80 columns)")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to this file instead of stdout.")
  Path output;

  @Option(names = "--kernel-revision", paramLabel = "REV",
      description = "The revision the steps run on. c: the running kernel's (default: " + CExport.DEFAULT_KERNEL_REVISION
          + "); junit: default the trace's own (the test asserts the violation), or a fixed one (the test asserts "
          + "what the model says there); not for email, which tells the trace on its own revision.")
  String kernelRevision;

  @Override
  public Integer call() throws IOException {
    ExportedTrace trace = ExportedTrace.load(file);
    SpecComments comments = SpecComments.read(specFile(trace.spec()));
    String source = switch (format) {
      case junit -> JunitExport.generate(trace, kernelRevision == null ? trace.revision() : kernelRevision, comments);
      case c -> CExport.generate(trace, kernelRevision == null ? CExport.DEFAULT_KERNEL_REVISION : kernelRevision,
          comments);
      case email -> email(trace, comments);
    };
    if (output == null) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.print(source);
      out.flush();
    } else {
      writeAtomically(output, source);
    }
    return Main.AS_EXPECTED;
  }

  private String email(ExportedTrace trace, SpecComments comments) {
    if (kernelRevision != null) {
      throw new BadInputException("--kernel-revision does not apply to --format email, which tells the trace on its "
          + "own revision (" + trace.revision() + ")");
    }
    return Mail.render(trace.trace(), trace.file().toString(), comments,
        SpecRevisions.load(ProjectLayout.locate(), trace.spec()));
  }

  static Path specFile(String spec) {
    try {
      return ProjectLayout.locate().specDir(spec).resolve(spec + ".tla");
    } catch (BadInputException e) {
      return Path.of(spec + ".tla"); // no checkout: steps go without the spec's comments
    }
  }

  /** A temp file beside the target, then a move: never a half-written output. */
  private static void writeAtomically(Path target, String text) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new BadInputException(target + ": no such directory " + dir);
    }
    Path tmp = Files.createTempFile(dir, ".sealcheck-export", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
