package org.sealcheck.checker.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.sealcheck.checker.review.ConfigOutcome;

/** Writes the committed review's report to a directory, to look at by hand (not a test). */
final class RenderForLooking {
  public static void main(String[] args) {
    var layout = CommittedReview.layout();
    var outcomes = CommittedReview.outcomes(layout);
    Map<String, Long> rerun = new HashMap<>();
    for (ConfigOutcome o : outcomes) {
      rerun.put(ReportWriter.key(o), o.checkMillis() * (1 + o.properties().values().stream()
          .filter(p -> p.actual().equals("violated")).count()));
    }
    ReportWriter.write(layout, outcomes, Path.of(args[0]), new ReportWriter.Options(rerun, "Generated for looking."));
  }
}
