package org.sealcheck.checker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.Cfgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cfgs", mixinStandardHelpOptions = true,
    description = {"Check (or, with --write, regenerate) every cfg against revisions.json and expected.json: "
        + "Revision and the revision's switches come from revisions.json, the INVARIANT and PROPERTY lines from "
        + "expected.json; the config's own constants (actors, bounds) and directives are kept.",
        "Exit status: 0 every cfg current (or rewritten), 1 some cfg out of date, 2 bad input."})
final class CfgsCommand implements Callable<Integer> {

  @Option(names = "--spec", paramLabel = "SPEC", description = "Only this spec (a directory under specs/).")
  String spec;

  @Option(names = "--write", description = "Rewrite the cfgs that are out of date.")
  boolean write;

  @Override
  public Integer call() {
    ProjectLayout layout = ProjectLayout.locate();
    List<SpecExpectations> specs = spec == null ? Expectations.loadAll(layout) : List.of(Expectations.spec(layout, spec));
    List<Cfgs.Stale> stale = new ArrayList<>();
    int total = 0;
    for (SpecExpectations s : specs) {
      total += s.configs().size();
      stale.addAll(write ? Cfgs.write(layout, s) : Cfgs.stale(layout, s));
    }
    for (Cfgs.Stale st : stale) {
      System.out.println((write ? "wrote " : "out of date: ") + layout.show(st.cfg()) + (write ? "" : " (" + st.firstDifference() + ")"));
    }
    System.out.printf("%d cfgs, %d %s%n", total, stale.size(), write ? "rewritten" : "out of date");
    return write || stale.isEmpty() ? Main.AS_EXPECTED : Main.UNEXPECTED;
  }
}
