package org.sealcheck.checker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.ConfigCheck;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.TransitionChecker;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.checker.validate.RandomSchedules;
import org.sealcheck.checker.validate.TlcAgreement;
import org.sealcheck.checker.validate.TraceValidator;
import org.sealcheck.checker.validate.Validation;
import org.sealcheck.checker.validate.Validation.TraceResult;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.step.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Run the Java model under seeded random schedules and validate each trace against the "
        + "spec's transition relation (the first state initial, every step a transition of Next, outputs "
        + "included), with the spec loaded once in this JVM.",
        "Exit status: 0 every trace accepted (and, with --tlc, TLC agrees), 1 a trace rejected or a "
            + "disagreement with TLC, 2 bad input."})
final class ValidateCommand implements Callable<Integer> {

  @Option(names = {"-r", "--revision"}, paramLabel = "CONFIG", required = true,
      description = "The config (a cfg name in specs/<Spec>/expected.json, e.g. memfd-6.18 or gmem-6.18-punch),"
          + " or a revision that has exactly one config.")
  String config;

  @Option(names = "--spec", paramLabel = "SPEC", description = "The spec the config belongs to (default: the one that has it).")
  String spec;

  @Option(names = {"-n", "--traces"}, paramLabel = "N", defaultValue = "1000",
      description = "How many random traces (default: ${DEFAULT-VALUE}).")
  int traces;

  @Option(names = "--steps", paramLabel = "S", defaultValue = "50",
      description = "The most steps per trace; a trace ends earlier where no step is enabled (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
      description = "The seed every trace's schedule derives from (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--model-revision", paramLabel = "REV",
      description = "Run the Java model of this revision against the config's spec (a deliberate mismatch: "
          + "shows that validation can reject).")
  String modelRevision;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR",
      description = "Write every trace to DIR/trace-NNNNN.itf.json (ITF, as in counterexamples/, with the verdict in #meta).")
  Path out;

  @Option(names = "--json", description = "Print the verdicts as one JSON object instead of text.")
  boolean json;

  @Option(names = {"-j", "--threads"}, paramLabel = "N",
      description = "Threads that run the model and validate (default: the number of processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "LABEL",
      description = "How a step is judged: LABEL (the trace's action, then the others), NEXT (Next on the "
          + "pair) or ENUMERATE (the target among all successors). Same verdicts, different cost (default: ${DEFAULT-VALUE}).")
  TraceValidator.Mode mode;

  @Option(names = "--tlc",
      description = "Also validate the traces with TLC's model checker on a generated trace spec (one run "
          + "after this one) and compare the verdicts. For small N.")
  boolean tlc;

  @Option(names = "--limit",
      description = "Also measure the limit: how many successors per second TLC's evaluator generates from the "
          + "states of the first 200 traces (one thread), against the validated steps per second.")
  boolean limit;

  @Option(names = "--no-memo",
      description = "Evaluate every step with TLC. By default each distinct (state, step, state) triple is "
          + "evaluated once and its verdict reused (the verdicts are the same; this is for measuring).")
  boolean noMemo;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "0", hidden = true,
      description = "Run and judge N traces of another seed first, untimed (benchmarks: the JIT warms up).")
  int warmup;

  @Override
  public Integer call() {
    if (traces < 1) {
      throw new BadInputException("--traces must be at least 1, not " + traces);
    }
    if (steps < 0) {
      throw new BadInputException("--steps must not be negative, not " + steps);
    }
    if (threads < 1) {
      throw new BadInputException("--threads must be at least 1, not " + threads);
    }
    ProjectLayout layout = ProjectLayout.locate();
    Map.Entry<SpecExpectations, ConfigExpectation> sel = select(layout);
    SpecExpectations s = sel.getKey();
    ConfigExpectation c = sel.getValue();
    Path specDir = layout.specDir(s.spec());
    Path cfg = ConfigCheck.cfgPath(layout, s, c);
    String modelRev = modelRevision == null ? c.revision() : modelRevision;
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new BadInputException("--out " + out + " exists and is not a directory");
    }

    SpecExplorer explorer = SpecExplorer.load(specDir, s.module(), cfg);
    Map<String, Object> constants = new LinkedHashMap<>();
    Models.constantsOf(s.spec(), explorer).forEach((k, v) -> constants.put(k, Itf.encodeForMeta(v)));
    ModelBinding<?> binding = Models.bind(s.spec(), modelRev, explorer);
    TransitionChecker checker = TransitionChecker.of(explorer);
    if (warmup > 0) {
      Validation.run(binding.machine(), checker, new Validation.Options(warmup, steps, ~seed, threads, mode, false, !noMemo));
    }
    long gc0 = gcMillis();
    Validation.Result r = Validation.run(binding.machine(), checker,
        new Validation.Options(traces, steps, seed, threads, mode, out != null || tlc, !noMemo));
    gcSeconds = (gcMillis() - gc0) / 1e3;

    double successorRate = -1;
    if (limit) {
      List<List<SpecState>> sample = new ArrayList<>();
      long[] seeds = RandomSchedules.seeds(seed, Math.min(200, traces));
      var alphabet = binding.machine().alphabet();
      for (long sd : seeds) {
        sample.add(RandomSchedules.run(binding.machine(), alphabet, sd, steps).states());
      }
      successorRate = Validation.successorRate(checker, sample, 3);
    }
    List<TlcAgreement.Disagreement> disagreements = null;
    if (tlc) {
      List<List<SpecState>> states = r.traces().stream().map(t -> t.run().states()).toList();
      disagreements = TlcAgreement.check(specDir, s.module(), cfg, explorer.modelValueNames(), states,
          r.traces().stream().map(TraceResult::verdict).toList());
    }
    List<String> files = out == null ? null : write(r, s, c, modelRev, constants);

    if (json) {
      printJson(r, s, c, modelRev, files, disagreements, successorRate);
    } else {
      printText(r, s, c, modelRev, files, disagreements, successorRate);
    }
    boolean ok = r.accepted() == r.traces().size() && (disagreements == null || disagreements.isEmpty());
    return ok ? Main.AS_EXPECTED : Main.UNEXPECTED;
  }

  /** Time the JVM's collectors report for the validation run (stop-the-world pauses, for these collectors). */
  private double gcSeconds;

  private static long gcMillis() {
    long t = 0;
    for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, b.getCollectionTime());
    }
    return t;
  }

  /** The config named by -r (and --spec): by cfg name, else the only config of that revision. */
  private Map.Entry<SpecExpectations, ConfigExpectation> select(ProjectLayout layout) {
    return Expectations.config(
        spec == null ? Expectations.loadAll(layout) : List.of(Expectations.spec(layout, spec)), config);
  }


  private List<String> write(Validation.Result r, SpecExpectations s, ConfigExpectation c, String modelRev,
      Map<String, Object> constants) {
    List<String> files = new ArrayList<>();
    int width = Math.max(5, Integer.toString(r.traces().size() - 1).length());
    try {
      Files.createDirectories(out);
      for (TraceResult t : r.traces()) {
        Path file = out.resolve(String.format("trace-%0" + width + "d.itf.json", t.index()));
        Itf.write(itf(t, s, c, modelRev, constants), file);
        files.add(file.toString());
      }
    } catch (IOException | UncheckedIOException e) {
      throw new BadInputException("cannot write traces under " + out + ": " + e.getMessage());
    }
    return files;
  }

  static ItfTrace itf(TraceResult t, SpecExpectations s, ConfigExpectation c, String modelRev,
      Map<String, Object> constants) {
    RandomSchedules.Run run = t.run();
    List<ItfState> states = new ArrayList<>();
    for (int i = 0; i < run.states().size(); i++) {
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("index", i);
      if (i == 0) {
        meta.put("action", "Init");
      } else {
        Step step = run.steps().get(i - 1);
        meta.put("action", step.action());
        Map<String, Object> params = new LinkedHashMap<>();
        step.params().forEach((k, v) -> params.put(k, Itf.encodeForMeta(v)));
        meta.put("params", params);
      }
      states.add(ItfState.of(meta, run.states().get(i)));
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("format", "ITF");
    top.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
    top.put("source", "sealcheck validate: a seeded random schedule of the Java model");
    top.put("spec", s.spec());
    top.put("config", c.name());
    top.put("revision", c.revision());
    top.put("model-revision", modelRev);
    top.put("seed", Long.toString(run.seed()));
    top.put("verdict", t.verdict().accepted() ? "accepted" : "rejected");
    if (!t.verdict().accepted()) {
      top.put("rejected-at", t.verdict().index());
      top.put("reason", t.verdict().reason());
    }
    top.put("constants", constants);
    return new ItfTrace(com.google.common.collect.ImmutableSortedMap.copyOf(top),
        List.copyOf(run.states().get(0).vars().keySet()), states);
  }

  private static String stepInto(TraceResult t) {
    int k = t.verdict().index();
    return k <= 0 || t.run() == null || k - 1 >= t.run().steps().size() ? "Init" : t.run().steps().get(k - 1).toString();
  }

  private void printText(Validation.Result r, SpecExpectations s, ConfigExpectation c, String modelRev,
      List<String> files, List<TlcAgreement.Disagreement> disagreements, double successorRate) {
    long accepted = r.accepted();
    double secs = r.wallNanos() / 1e9;
    System.out.printf("%s/%s, Java model %s: %d random traces of up to %d steps (seed %d)%n", s.spec(), c.name(),
        modelRev, r.traces().size(), steps, seed);
    System.out.printf("  %d accepted, %d rejected; %d steps in %.2f s (%.0f traces/s; CPU time: model %.2f s,"
        + " spec %.2f s; %d threads, mode %s)%n", accepted, r.traces().size() - accepted, r.steps(), secs,
        r.traces().size() / secs, r.modelNanos() / 1e9, r.validateNanos() / 1e9, threads, mode);
    System.out.printf("  TLC evaluated %d steps (%s)%n", r.evaluations(), noMemo ? "no memo"
        : "the others repeat a transition already judged");
    long relabelled = r.traces().stream().mapToLong(t -> t.verdict().relabelled()).sum();
    if (relabelled > 0) {
      System.out.printf("  %d steps were taken by a spec action other than the one the trace names%n", relabelled);
    }
    int shown = 0;
    for (TraceResult t : r.traces()) {
      if (!t.verdict().accepted() && shown++ < 10) {
        System.out.printf("  trace %d (seed %d): rejected at state %d, step %s: %s%n", t.index(), t.seed(),
            t.verdict().index(), stepInto(t), t.verdict().reason());
      }
    }
    if (shown > 10) {
      System.out.printf("  ... and %d more rejected (--json lists all)%n", shown - 10);
    }
    if (successorRate >= 0) {
      double perSpecSecond = r.steps() / (r.validateNanos() / 1e9);
      double wall = r.steps() / (r.wallNanos() / 1e9);
      System.out.printf("  limit: TLC generates %.0f successors/s from these states (one thread); validation judges"
          + " %.0f steps per spec CPU-second (ratio %.2f) and %.0f steps/s end to end (ratio %.2f)%n",
          successorRate, perSpecSecond, perSpecSecond / successorRate, wall, wall / successorRate);
    }
    if (files != null) {
      System.out.printf("  traces written to %s%n", out);
    }
    if (disagreements != null) {
      System.out.printf("  TLC's trace spec: %s%n", disagreements.isEmpty()
          ? "the same verdict on every trace" : disagreements.size() + " traces with a different verdict");
      disagreements.stream().limit(10).forEach(d -> System.out.println("    " + d));
    }
  }

  private void printJson(Validation.Result r, SpecExpectations s, ConfigExpectation c, String modelRev,
      List<String> files, List<TlcAgreement.Disagreement> disagreements, double successorRate) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("spec", s.spec());
    o.put("config", c.name());
    o.put("revision", c.revision());
    o.put("modelRevision", modelRev);
    o.put("seed", seed);
    o.put("maxSteps", steps);
    o.put("traces", r.traces().size());
    o.put("accepted", r.accepted());
    o.put("rejected", r.traces().size() - r.accepted());
    o.put("steps", r.steps());
    o.put("seconds", r.wallNanos() / 1e9);
    o.put("tracesPerSecond", r.traces().size() / (r.wallNanos() / 1e9));
    o.put("threads", threads);
    o.put("mode", mode.name());
    o.put("modelSeconds", r.modelNanos() / 1e9);
    o.put("specSeconds", r.validateNanos() / 1e9);
    o.put("gcSeconds", gcSeconds);
    o.put("memo", !noMemo);
    o.put("evaluations", r.evaluations());
    o.put("distinctModelStates", r.distinctModelStates());
    if (successorRate >= 0) {
      o.put("successorsPerSecond", successorRate);
    }
    if (disagreements != null) {
      o.put("tlcAgrees", disagreements.isEmpty());
      o.put("tlcDisagreements", disagreements.stream().map(Object::toString).toList());
    }
    List<Map<String, Object>> vs = new ArrayList<>();
    for (TraceResult t : r.traces()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("trace", t.index());
      v.put("seed", t.seed());
      v.put("steps", t.length());
      v.put("verdict", t.verdict().accepted() ? "accepted" : "rejected");
      if (!t.verdict().accepted()) {
        v.put("state", t.verdict().index());
        v.put("step", stepInto(t));
        v.put("reason", t.verdict().reason());
      }
      if (files != null) {
        v.put("file", files.get(t.index()));
      }
      vs.add(v);
    }
    o.put("verdicts", vs);
    ObjectMapper m = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    try {
      System.out.println(m.writeValueAsString(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
