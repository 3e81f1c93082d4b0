package org.sealcheck.checker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.NewRevision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "new-revision", mixinStandardHelpOptions = true,
    description = {"Add a revision that recombines the switches of an existing one: its entry in the spec's "
        + "revisions.json (from BASE, with the switches set here), a cfg per config of BASE (every race, for "
        + "GuestMemInvalidation) with the same actors and bounds, and expected.json entries whose verdicts are "
        + "\"unknown\". Then `./sealcheck review -r NAME` shows the verdicts with their traces, and `--accept` "
        + "records them.",
        "Exit status: 0 written, 2 bad input (nothing written)."})
final class NewRevisionCommand implements Callable<Integer> {

  @Parameters(paramLabel = "NAME", description = "The new revision's name (lower case; it names cfgs and trace directories).")
  String name;

  @Option(names = "--from", required = true, paramLabel = "BASE", description = "The revision it starts from, e.g. memfd-6.18.")
  String base;

  @Option(names = "--set", paramLabel = "SWITCH=VALUE",
      description = "A switch the new revision changes, e.g. FutureWriteClearsMayWrite=false, NotifierUnit=loff_t, "
          + "GmemSupportedFlags=MMAP (a set: comma-separated, {} for none). Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--about", paramLabel = "TEXT", description = "One line saying what the revision is (default: BASE with the switches set).")
  String about;

  @Override
  public Integer call() {
    ProjectLayout layout = ProjectLayout.locate();
    NewRevision.Result r = NewRevision.create(layout, name, base, sets, about);
    r.files().forEach(f -> System.out.println("wrote " + layout.show(f)));
    System.out.printf("%s: revision %s from %s with %s; %d config%s: %s%n", r.spec(), name, base, r.changed(),
        r.configs().size(), r.configs().size() == 1 ? "" : "s", String.join(", ", r.configs()));
    System.out.println("next: ./sealcheck review -r " + name + "   (then --accept, and write each violation's why)");
    return Main.AS_EXPECTED;
  }
}
