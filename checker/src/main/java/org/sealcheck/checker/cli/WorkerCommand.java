package org.sealcheck.checker.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sealcheck.checker.conform.Conformance;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.ModelUnavailableException;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.ConfigCheck;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.review.QuickBounds;
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
  @Option(names = "--quick") boolean quick;

  @Override
  public Integer call() throws Exception {
    ProjectLayout layout = ProjectLayout.locate();
    SpecExpectations s = Expectations.spec(layout, spec);
    ConfigExpectation c = s.config(config);
    Path cfg = ConfigCheck.cfgPath(layout, s, c);
    QuickBounds.Quick q = null;
    if (quick) {
      // The child's java.io.tmpdir is a directory of its own that the parent removes.
      q = QuickBounds.of(layout, s, c, Path.of(System.getProperty("java.io.tmpdir"), "sealcheck-quick"));
      cfg = q.cfg();
    }
    ConfigOutcome o = noTlc
        ? new ConfigOutcome(spec, c.name(), c.revision(), 0, 0, 0, 0, 0, java.util.Map.of(), null, null)
        : ConfigCheck.run(layout, s, c, cfg, quick, quick ? null : tracesDir, 1, compareReruns, Review::reportProgress);
    if (conform) {
      SpecExplorer ex = SpecExplorer.load(layout.specDir(spec), s.module(), cfg);
      ModelBinding<?> model;
      try {
        model = Models.bind(spec, modelRevision == null ? c.revision() : modelRevision, ex);
      } catch (ModelUnavailableException e) {
        // TLC's verdicts and traces stand; only the Java model's check is missing.
        model = null;
        o = o.withConformanceSkipped(e.getMessage());
      }
      if (model != null) {
        // Every invariant and step property of the config is compared too; liveness is not.
        o = o.withConformance(Conformance.check(ex, model, c.invariants(), c.stepProperties(), Review::reportProgress));
      }
    }
    if (q != null) {
      o = o.withQuickBounds(q.bounds());
    }
    Review.writeOutcome(o, out);
    return Main.AS_EXPECTED;
  }
}
