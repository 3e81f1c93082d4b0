package org.sealcheck.checker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.diff.DiffReport;
import org.sealcheck.checker.diff.DiffResult;
import org.sealcheck.checker.diff.RevisionDiff;
import org.sealcheck.checker.review.ProjectLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Compare two configs (revisions) of one spec over their complete reachable state graphs: "
        + "kinds of state (a variable, or one entry of a function, taking a value; which invariants a state "
        + "violates) reachable in one and not the other, actions taken in one and not the other, properties "
        + "whose verdict flips, and a shortest behaviour each allows that the other does not.",
        "Exit status: 0 the diff ran (differences are its answer), 2 bad input."})
final class DiffCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "A", description = "A config of specs/<Spec>/expected.json (e.g. v9-punch), "
      + "or a revision that has one config (e.g. memfd-6.18).")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "A config of the same spec.")
  String b;

  @Option(names = "--depth", paramLabel = "N",
      description = "Explore only states within N steps of an initial state (default: all). A bounded diff "
          + "says so: what it reports as only in A may be reachable in B deeper.")
  Integer depth;

  @Option(names = "--json", description = "Print the result as JSON (on stdout; progress stays on stderr).")
  boolean json;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Write each shortest distinguishing behaviour as an ITF trace into DIR "
          + "(<A>-not-<B>.itf.json, <B>-not-<A>.itf.json).")
  Path output;

  @Override
  public Integer call() throws IOException {
    if (output != null && Files.exists(output) && !Files.isDirectory(output)) {
      throw new BadInputException("-o " + output + " is a file; it must be a directory (created if missing)");
    }
    ProjectLayout layout = ProjectLayout.locate();
    RevisionDiff.Pair pair = RevisionDiff.resolve(layout, a, b);
    DiffResult r = RevisionDiff.run(layout, pair, depth == null ? Integer.MAX_VALUE : depth, System.err);
    if (json) {
      System.out.println(DiffReport.json(r));
    } else {
      DiffReport.print(r, System.out);
    }
    if (output != null) {
      List<Path> written = DiffReport.writeTraces(r, output);
      for (Path p : written) {
        System.err.println("diff: wrote " + layout.show(p));
      }
      if (written.isEmpty()) {
        System.err.println("diff: no distinguishing behaviour, nothing written to " + output);
      }
    }
    return Main.AS_EXPECTED;
  }
}
