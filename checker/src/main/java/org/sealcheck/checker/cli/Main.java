package org.sealcheck.checker.cli;

import java.io.PrintWriter;
import org.sealcheck.checker.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code sealcheck}: checks TLA+ specs of the memfd seal and guest_memfd invalidation protocols
 * with TLC, checks the Java reference model against them, and replays counterexamples.
 *
 * <p>Exit status, for every command: 0 = everything as expected; 1 = an unexpected result (a
 * verdict that differs from expected.json, a conformance mismatch, a trace that does not replay);
 * 2 = bad usage or input (one line on stderr, no stack trace).
 */
@Command(name = "sealcheck", mixinStandardHelpOptions = true, version = "sealcheck 0.1",
    description = "Model checker for the Linux memfd seal and guest_memfd invalidation protocols.",
    subcommands = {ReviewCommand.class, CheckCommand.class, ConformCommand.class, ValidateCommand.class,
        ReplayCommand.class, DiffCommand.class, ExportCommand.class, WorkerCommand.class, KernelCommand.class,
        CfgsCommand.class, NewRevisionCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:everything as expected", "1:an unexpected result", "2:bad usage or input"})
public final class Main implements Runnable {

  public static final int AS_EXPECTED = 0;
  public static final int UNEXPECTED = 1;
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command (review, check, conform, validate, replay, diff, export, kernel, new-revision, cfgs)");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit status (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("sealcheck: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
          + " --help')");
      return BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      PrintWriter err = c.getErr();
      if (ex instanceof BadInputException) {
        err.println("sealcheck: " + ex.getMessage());
        return BAD_INPUT;
      }
      err.println("sealcheck: internal error: " + ex);
      return UNEXPECTED;
    });
    return cl.execute(args);
  }
}
