package org.sealcheck.checker.cli;

import java.util.concurrent.Callable;
import org.sealcheck.checker.review.ProjectLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Model-check configs with TLC only (no conformance) and compare each verdict with "
        + "expected.json. Prints distinct states, time and each property's verdict per config.",
        "Exit status: 0 all as expected, 1 anything unexpected, 2 bad input."})
final class CheckCommand implements Callable<Integer> {

  @Mixin
  Selection selection;

  @Option(names = "--no-write", description = "Do not write counterexamples under counterexamples/.")
  boolean noWrite;

  @Override
  public Integer call() {
    ProjectLayout layout = ProjectLayout.locate();
    return selection.runAndReport(layout, true, false, noWrite ? null : layout.counterexamples(), null);
  }
}
