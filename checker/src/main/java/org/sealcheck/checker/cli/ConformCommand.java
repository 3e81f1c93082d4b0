package org.sealcheck.checker.cli;

import java.util.concurrent.Callable;
import org.sealcheck.checker.review.ProjectLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "conform", mixinStandardHelpOptions = true,
    description = {"Check the Java model against the complete reachable state graph of each config, in both "
        + "directions: every Java step is a spec transition and every spec transition is a Java step; "
        + "and the Java model's verdict on each of the config's invariants (in every state) and step "
        + "properties (on every step) is the spec's. A mismatch is reported with the shortest path that "
        + "reaches it.",
        "Exit status: 0 the model conforms, 1 a mismatch, 2 bad input."})
final class ConformCommand implements Callable<Integer> {

  @Mixin
  Selection selection;

  @Option(names = "--model-revision", paramLabel = "REV",
      description = "Run the Java model of this revision against each selected config (a deliberate "
          + "mismatch: shows that conformance can fail).")
  String modelRevision;

  @Override
  public Integer call() {
    return selection.runAndReport(ProjectLayout.locate(), false, true, null, modelRevision);
  }
}
