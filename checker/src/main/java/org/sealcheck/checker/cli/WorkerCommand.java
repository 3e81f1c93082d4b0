package org.sealcheck.checker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sealcheck.checker.conform.Conformance;
import org.sealcheck.checker.conform.ConformanceResult;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.ConfigCheck;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.review.Review;
import org.sealcheck.checker.tlc.SpecExplorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The child side of {@link Review}: one config, in a JVM of its own. Not for people. */
@Command(name = "worker", hidden = true, description = "Check one config in this JVM (used by review).")
final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--spec", required = true) String spec;
  @Option(names = "--config", required = true) String config;
  @Option(names = "--out", required = true) Path out;
  @Option(names = "--no-tlc") boolean noTlc;
  @Option(names = "--conform") boolean conform;
  @Option(names = "--traces-dir") Path tracesDir;
  @Option(names = "--model-revision") String modelRevision;
  @Option(names = "--compare-reruns") boolean compareReruns;

  @Override
  public Integer call() throws Exception {
    ProjectLayout layout = ProjectLayout.locate();
    SpecExpectations s = Expectations.spec(layout, spec);
    ConfigExpectation c = s.config(config);
    ConfigOutcome o = noTlc
        ? new ConfigOutcome(spec, c.name(), c.revision(), 0, 0, 0, 0, 0, java.util.Map.of(), null, null)
        : ConfigCheck.run(layout, s, c, tracesDir, 1, compareReruns, Review::reportProgress);
    if (conform) {
      SpecExplorer ex = SpecExplorer.load(layout.specDir(spec), s.module(), ConfigCheck.cfgPath(layout, s, c));
      // Every invariant and step property of the config is compared too; liveness is not.
      // Every invariant and step property of the config is compared too; liveness is not.
      ConformanceResult r = Conformance.check(ex, Models.bind(spec, modelRevision == null ? c.revision() : modelRevision, ex),
          c.invariants(), c.stepProperties(), Review::reportProgress);
      o = o.withConformance(r);
    }
    Review.writeOutcome(o, out);
    return Main.AS_EXPECTED;
  }
}
