package org.sealcheck.checker.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ExpectationsWriter;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.Review;
import org.sealcheck.checker.review.Review.Job;
import org.sealcheck.checker.review.ReviewTable;
import org.sealcheck.checker.revision.Cfgs;
import picocli.CommandLine.Option;

/** Which configs a command runs: all, or those of one spec, or some revisions. */
final class Selection {

  @Option(names = "--spec", paramLabel = "SPEC", description = "Only this spec (a directory under specs/, e.g. MemfdSeals).")
  String spec;

  @Option(names = {"-r", "--revision"}, paramLabel = "REV", split = ",",
      description = "Only these revisions or configs (repeatable or comma-separated), e.g. memfd-6.18,v4 or v9-punch.")
  List<String> revisions = new ArrayList<>();

  @Option(names = "--long",
      description = "Also run the configs of the long profile (bigger instances; minutes each).")
  boolean includeLong;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "2",
      description = "Configs checked at once, each in its own JVM (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--compare-reruns",
      description = "Also decide every config's properties the plain-TLC way, one run per violated property, "
          + "and report the time the single exploration saves (the verdicts and traces must agree).")
  boolean compareReruns;

  @Option(names = "--quick",
      description = "A first verdict in seconds: each config at its spec's quick bounds (the MC_Quick* definitions "
          + "of the MC harness, the smallest that exercise every action), stated with the verdicts. A violation "
          + "those bounds are too small for is no surprise; no counterexample is written under counterexamples/.")
  boolean quick;

  @Option(names = "--accept",
      description = "Record the verdicts still \"unknown\" in expected.json (a scaffolded revision's), each "
          + "violation with an empty why for you to fill: the build fails until every violation has one.")
  boolean accept;

  @Option(names = "--json",
      description = "Print the verdicts as JSON on standard output (for CI) instead of the table.")
  boolean json;

  /**
   * Runs the selected configs (TLC and/or conformance, counterexamples written under {@code
   * tracesRoot} unless null, {@code modelRevision}'s Java model unless null), prints the verdict
   * table, and returns the exit status.
   */
  int runAndReport(ProjectLayout layout, boolean tlc, boolean conform, java.nio.file.Path tracesRoot,
      String modelRevision) {
    return report(layout, run(layout, tlc, conform, tracesRoot, modelRevision));
  }

  /** Runs the selected configs (see {@link #runAndReport}) and returns their outcomes. */
  List<ConfigOutcome> run(ProjectLayout layout, boolean tlc, boolean conform, java.nio.file.Path tracesRoot,
      String modelRevision) {
    if (quick && accept) {
      throw new BadInputException("--accept records verdicts at the config's own bounds: drop --quick");
    }
    List<Job> jobs = configs(layout);
    // A cfg that disagrees with revisions.json or expected.json would have TLC check something else.
    jobs.forEach(j -> Cfgs.requireCurrent(layout, j.spec(), j.config()));
    return Review.run(layout, jobs,
        new Review.Options(tlc, conform, quick ? null : tracesRoot, modelRevision, this.jobs, compareReruns, true, quick),
        System.err);
  }

  /** Prints the verdict table of {@code outcomes} (or, with --json, the verdicts) and returns the exit status. */
  int report(ProjectLayout layout, List<ConfigOutcome> outcomes) {
    if (json) {
      Review.printJson(outcomes, System.out);
    } else {
      ReviewTable.print(outcomes, System.out);
    }
    if (accept) {
      ExpectationsWriter.Accepted a = ExpectationsWriter.accept(layout, outcomes);
      PrintStream to = json ? System.err : System.out;
      a.recorded().forEach(r -> to.println("recorded " + r));
      to.printf("%d verdict%s recorded in expected.json%s%n", a.recorded().size(), a.recorded().size() == 1 ? "" : "s",
          a.violations() == 0 ? "" : "; write the why of the " + a.violations() + " violation"
              + (a.violations() == 1 ? "" : "s") + " (the build fails while one is empty)");
    }
    // The verdicts still to record are in the table; what else the build will want is said here.
    for (SpecExpectations s : specsOf(layout, outcomes)) {
      s.unfinished().stream().filter(u -> !u.contains("verdict not recorded"))
          .forEach(u -> System.err.println("to do: " + s.spec() + "/" + u));
    }
    return outcomes.stream().allMatch(ConfigOutcome::asExpected) ? Main.AS_EXPECTED : Main.UNEXPECTED;
  }

  /** The expectations (as on disk now) of the specs the outcomes belong to. */
  private static List<SpecExpectations> specsOf(ProjectLayout layout, List<ConfigOutcome> outcomes) {
    return outcomes.stream().map(ConfigOutcome::spec).distinct().map(s -> Expectations.spec(layout, s)).toList();
  }

  List<Job> configs(ProjectLayout layout) {
    if (jobs < 1) {
      throw new BadInputException("--jobs must be at least 1, not " + jobs);
    }
    List<SpecExpectations> specs = spec == null ? Expectations.loadAll(layout) : List.of(Expectations.spec(layout, spec));
    List<Job> out = new ArrayList<>();
    for (String r : revisions) {
      if (specs.stream().noneMatch(s -> s.configs().stream().anyMatch(c -> c.matches(r)))) {
        throw new BadInputException("unknown revision or config '" + r + "' (known: "
            + specs.stream().flatMap(s -> s.configs().stream())
                .flatMap(c -> java.util.stream.Stream.of(c.revision(), c.name())).distinct().sorted()
                .collect(java.util.stream.Collectors.joining(", ")) + ")");
      }
    }
    for (SpecExpectations s : specs) {
      // A config named explicitly runs even in the long profile.
      s.configs().stream()
          .filter(c -> revisions.isEmpty() ? includeLong || !c.longProfile()
              : revisions.stream().anyMatch(r -> c.name().equals(r) || c.revision().equals(r) && (includeLong || !c.longProfile())))
          .forEach(c -> out.add(new Job(s, c)));
    }
    return out;
  }
}
