package org.sealcheck.checker.cli;

import java.util.concurrent.Callable;
import org.sealcheck.checker.review.ProjectLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "review", mixinStandardHelpOptions = true,
    description = {"The main job: model-check every revision of every spec with TLC, compare each verdict "
        + "with expected.json, write the counterexamples under counterexamples/, and check the Java model's "
        + "conformance to each config.", "Exit status: 0 all as expected, 1 anything unexpected, 2 bad input."})
final class ReviewCommand implements Callable<Integer> {

  @Mixin
  Selection selection;

  @Override
  public Integer call() {
    ProjectLayout layout = ProjectLayout.locate();
    return selection.runAndReport(layout, true, true, layout.counterexamples(), null);
  }
}
