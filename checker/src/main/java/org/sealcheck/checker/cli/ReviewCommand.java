package org.sealcheck.checker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.review.Review;
import org.sealcheck.checker.review.ReviewTable;
import picocli.CommandLine.ArgGroup;
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
    List<Review.Job> jobs = selection.jobs(layout);
    System.err.printf("sealcheck review: %d configs, %d at a time%n", jobs.size(), selection.jobs);
    List<ConfigOutcome> outcomes = Review.run(layout, jobs,
        new Review.Options(true, true, layout.counterexamples(), null, selection.jobs), System.err);
    ReviewTable.print(outcomes, System.out);
    return outcomes.stream().allMatch(ConfigOutcome::asExpected) ? Main.AS_EXPECTED : Main.UNEXPECTED;
  }
}
