package org.sealcheck.checker.tlc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.Progress;
import org.sealcheck.checker.tlc.CheckResult.Outcome;
import org.sealcheck.checker.tlc.CheckResult.Violation;
import org.sealcheck.checker.tlc.CheckResult.ViolationKind;
import org.sealcheck.model.state.SpecState;
import tlc2.TLC;
import tlc2.TLCGlobals;
import tlc2.output.EC;
import tlc2.output.MP;
import tlc2.output.MPRecorder;
import tlc2.output.OutputCollector;
import tlc2.tool.ModelChecker;
import tlc2.tool.TLCState;
import tlc2.tool.TLCStateInfo;

/**
 * Runs TLC in this JVM (no process spawn: a warm in-process run costs tens of milliseconds
 * against 0.7 s for a new JVM) and returns its findings as data.
 *
 * <p>Runs are serialized: tla2tools keeps the spec in statics, so two runs cannot overlap, and
 * each run invalidates any loaded {@link SpecExplorer}. TLC's text output is captured, never
 * printed; it is available in {@link CheckResult#output()}.
 */
public final class TlcModelChecker {

  /** Key under which {@link #checkAll} reports a deadlock when deadlock checking is on. */
  public static final String DEADLOCK = "(deadlock)";

  private static final Pattern IDENT = Pattern.compile("[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*");

  private final Consumer<Progress> progress;

  public TlcModelChecker() {
    this(Progress.NONE);
  }

  /** A checker that samples every run's state counts for {@code progress} while TLC explores. */
  public TlcModelChecker(Consumer<Progress> progress) {
    this.progress = progress;
  }

  /**
   * One TLC run (BFS) over the base cfg plus the requested invariants and action properties. TLC
   * stops at the first violation; with one worker its trace is a shortest one for that property.
   *
   * @throws BadInputException when a file is missing, the spec does not parse, or the cfg is wrong
   */
  public CheckResult check(CheckRequest r) {
    return run(r, null).result;
  }

  /** A run's classified result and, for a single exploration, what its recorder kept. */
  private record Run(CheckResult result, OnceRecorder once) {}

  /**
   * One TLC run. With {@code once} set, TLC runs with {@code -continue} under a generated root
   * module that extends the spec (see {@link OnceRecorder}), and the recorder keeps every
   * property's first violation instead of the run stopping at the first one.
   */
  private Run run(CheckRequest r, OnceRecorder once) {
    validate(r);
    Path specDirAbs = r.specDir().toAbsolutePath().normalize();
    Statics.LOCK.lock();
    Path tmp = null;
    try {
      Statics.reset();
      tmp = Files.createTempDirectory("sealcheck-tlc-");
      Path cfg = tmp.resolve(r.module() + ".cfg");
      Files.writeString(cfg, cfgText(r), StandardCharsets.UTF_8);
      Path root = specDirAbs.resolve(r.module() + ".tla");
      if (once != null) {
        root = tmp.resolve(OnceRecorder.ROOT + ".tla");
        Files.writeString(root, OnceRecorder.rootModule(r.module()), StandardCharsets.UTF_8);
      }
      Recorder rec = once != null ? once : new Recorder();
      MP.setRecorder(rec);

      List<String> args = new ArrayList<>(List.of(
          "-metadir", tmp.resolve("states").toString(),
          "-fpmem", Double.toString(r.fpMem()),
          // A fixed polynomial makes runs reproducible and matches SpecExplorer's FP64.Init(0).
          "-fp", "0",
          "-workers", Integer.toString(r.workers()),
          // Liveness only on the complete graph: TLC's periodic checks on the partial graph run
          // when wall-clock time says so, and find whichever lasso is there by then, so the
          // counterexample would depend on the machine's load.
          "-lncheck", "final"));
      if (!r.checkDeadlock()) {
        args.add("-deadlock");
      }
      if (once != null) {
        args.add("-continue");
      }
      args.addAll(List.of("-config", cfg.toString(), root.toString()));

      long t0 = System.nanoTime();
      if (once != null) {
        once.started(t0);
      }
      TLC tlc = new TLC();
      if (!tlc.handleParameters(args.toArray(String[]::new))) {
        throw new IllegalStateException("TLC rejected its arguments " + args + ": " + Statics.capturedOutput());
      }
      tlc.setResolver(new SpecResolver(specDirAbs));
      Thread sampler = startSampler(t0);
      int code;
      try {
        code = tlc.process();
      } finally {
        sampler.interrupt();
      }
      if (once != null) {
        // The tool is still loaded: the last report's shadowed properties can be evaluated.
        once.closeReport();
      }
      long wallMillis = (System.nanoTime() - t0) / 1_000_000;
      return new Run(classify(code, rec, wallMillis, Statics.capturedOutput(), r, specDirAbs), once);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a TLC run in a temporary directory", e);
    } finally {
      Statics.endRun(tmp);
    }
  }

  /**
   * Decides every requested invariant and step property in one TLC exploration, keeping each
   * property's first violation; with one worker that is a BFS-shortest one, the same trace that
   * {@link #checkAllByReruns} finds. A property violated in no reachable state or step holds.
   *
   * <p>The result also estimates what {@link #checkAllByReruns} would take, from this run's own
   * timings: each of its runs but the last repeats this run's exploration up to the first
   * violation of one property, so it costs about this run's time plus, per violated property, the
   * time to that property's first violation (this run is timed cold, the reruns would run warm).
   *
   * <p>Deadlock checking and temporal properties are not continued by TLC (it stops at the first
   * deadlock, and does not name the temporal property a lasso violates), so a request with
   * deadlock checking on, or with a property TLC treats as temporal, falls back to
   * {@link #checkAllByReruns}.
   */
  public CheckAllResult checkAll(CheckRequest r) {
    if (r.checkDeadlock()) {
      return checkAllByReruns(r);
    }
    List<String> invariants = new ArrayList<>(new LinkedHashSet<>(r.invariants()));
    List<String> actionProps = new ArrayList<>(new LinkedHashSet<>(r.actionProperties()));
    Run run = run(r.withProperties(invariants, actionProps), new OnceRecorder());
    CheckResult res = run.result();
    if (run.once().kind == ViolationKind.TEMPORAL) {
      // With -continue TLC's exit code no longer says a lasso was found; the recorder saw it.
      return checkAllByReruns(r);
    }
    TreeMap<String, PropertyVerdict> verdicts = new TreeMap<>();
    run.once().firstViolations().forEach((p, v) -> verdicts.put(p, PropertyVerdict.violated(v)));
    Optional<String> error = res.error();
    for (String p : concat(invariants, actionProps)) {
      verdicts.putIfAbsent(p, error.isPresent() ? PropertyVerdict.unknown() : PropertyVerdict.holds());
    }
    if (error.isEmpty() && !verdicts.keySet().equals(new java.util.TreeSet<>(concat(invariants, actionProps)))) {
      error = Optional.of("TLC reported a violation of "
          + com.google.common.collect.Sets.difference(verdicts.keySet(), new java.util.HashSet<>(concat(invariants, actionProps)))
          + ", which was not requested");
    }
    return new CheckAllResult(ImmutableSortedMap.copyOf(verdicts), res.stats(), 1, res.stats().wallMillis(), error,
        error.isPresent() ? -1 : run.once().rerunEstimateMillis(res.stats().wallMillis()));
  }

  /**
   * Decides every requested property the way a plain TLC user would: TLC stops at the first
   * violation, so the violated property is recorded (with its BFS-shortest trace) and dropped, and
   * TLC runs again until a run completes without error; every property still in that run holds.
   * One run per violated property plus a complete one; {@link #checkAll} does the same work in one.
   */
  public CheckAllResult checkAllByReruns(CheckRequest r) {
    TreeMap<String, PropertyVerdict> verdicts = new TreeMap<>();
    List<String> invariants = new ArrayList<>(new LinkedHashSet<>(r.invariants()));
    List<String> actionProps = new ArrayList<>(new LinkedHashSet<>(r.actionProperties()));
    CheckRequest current = r.withProperties(invariants, actionProps);
    long totalMillis = 0;
    int runs = 0;
    while (true) {
      CheckResult res = check(current);
      runs++;
      totalMillis += res.stats().wallMillis();
      switch (res.outcome()) {
        case NO_ERROR -> {
          invariants.forEach(p -> verdicts.put(p, PropertyVerdict.holds()));
          actionProps.forEach(p -> verdicts.put(p, PropertyVerdict.holds()));
          return new CheckAllResult(ImmutableSortedMap.copyOf(verdicts), res.stats(), runs, totalMillis,
              Optional.empty());
        }
        case ERROR -> {
          invariants.forEach(p -> verdicts.put(p, PropertyVerdict.unknown()));
          actionProps.forEach(p -> verdicts.put(p, PropertyVerdict.unknown()));
          return new CheckAllResult(ImmutableSortedMap.copyOf(verdicts), res.stats(), runs, totalMillis,
              res.error());
        }
        case VIOLATION -> {
          Violation v = res.violation().orElseThrow();
          verdicts.put(v.property(), PropertyVerdict.violated(v));
          boolean removed;
          if (v.kind() == ViolationKind.DEADLOCK) {
            removed = current.checkDeadlock();
            current = current.withCheckDeadlock(false);
          } else {
            removed = invariants.remove(v.property()) | actionProps.remove(v.property());
          }
          if (!removed) {
            // Without this guard a property TLC checks but we did not ask for would loop forever.
            invariants.forEach(p -> verdicts.putIfAbsent(p, PropertyVerdict.unknown()));
            actionProps.forEach(p -> verdicts.putIfAbsent(p, PropertyVerdict.unknown()));
            return new CheckAllResult(ImmutableSortedMap.copyOf(verdicts), res.stats(), runs, totalMillis,
                Optional.of("TLC reported a violation of " + v.property() + ", which was not requested"));
          }
          current = current.withProperties(invariants, actionProps);
        }
        default -> throw new AssertionError(res.outcome());
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Reads the running checker's counts every {@link Progress#INTERVAL_MILLIS} (TLC's own progress
   * report comes once a minute, fixed in TLCGlobals). The reads race with the worker; for a
   * progress line that is fine.
   */
  private Thread startSampler(long t0) {
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(Progress.INTERVAL_MILLIS);
          if (TLCGlobals.mainChecker instanceof ModelChecker mc && mc.theFPSet != null && mc.theStateQueue != null) {
            progress.accept(new Progress("TLC", mc.theFPSet.size(), mc.theStateQueue.size(), mc.getStatesGenerated(),
                (System.nanoTime() - t0) / 1_000_000));
          }
        }
      } catch (InterruptedException e) {
        // the run is over
      }
    }, "sealcheck-tlc-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void validate(CheckRequest r) {
    if (!Files.isDirectory(r.specDir())) {
      throw new BadInputException("spec directory not found: " + r.specDir());
    }
    Path tla = r.specDir().resolve(r.module() + ".tla");
    if (!Files.isRegularFile(tla)) {
      throw new BadInputException("spec file not found: " + tla);
    }
    if (!Files.isRegularFile(r.baseCfg())) {
      throw new BadInputException("cfg file not found: " + r.baseCfg());
    }
    for (String p : concat(r.invariants(), r.actionProperties())) {
      if (!IDENT.matcher(p).matches()) {
        throw new BadInputException("not a TLA+ identifier: '" + p + "' (invariants and properties are operator names)");
      }
    }
  }

  /**
   * The base cfg without its own INVARIANT and PROPERTY sections (a cfg lists what it checks, so
   * that it stands alone for plain TLC), then the requested properties.
   */
  private static String cfgText(CheckRequest r) throws IOException {
    String base = Files.readString(r.baseCfg(), StandardCharsets.UTF_8);
    CfgFile cfg;
    try {
      cfg = CfgFile.parse(base);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(r.baseCfg() + " " + e.getMessage());
    }
    StringBuilder sb = new StringBuilder(cfg.withoutProperties().render());
    r.invariants().forEach(i -> sb.append("INVARIANT ").append(i).append('\n'));
    r.actionProperties().forEach(p -> sb.append("PROPERTY ").append(p).append('\n'));
    return sb.toString();
  }

  private static CheckResult classify(int code, Recorder rec, long wallMillis, String out, CheckRequest r,
      Path specDirAbs) {
    RunStats stats = new RunStats(rec.distinct, rec.generated, rec.depth, wallMillis);
    Matcher assumption = ASSUMPTION_FALSE.matcher(out);
    if (assumption.find()) {
      // An ASSUME of the spec fails for this cfg's constants (a bound or a switch value the spec
      // rules out): the user's input, named by the ASSUME's own text.
      throw new BadInputException(r.baseCfg() + ": the spec's ASSUME at " + assumption.group(2) + ".tla line "
          + assumption.group(1) + " is false for this cfg" + assumeText(specDirAbs, assumption.group(2),
              Integer.parseInt(assumption.group(1))));
    }
    if (code == EC.NO_ERROR) {
      return new CheckResult(Outcome.NO_ERROR, Optional.empty(), stats, Optional.empty(), out);
    }
    if (rec.kind == ViolationKind.TEMPORAL && code == EC.TLC_TEMPORAL_PROPERTY_VIOLATED) {
      // TLC does not say which temporal property failed; a run checks one, so it is that one.
      List<String> requested = concat(r.invariants(), r.actionProperties());
      if (requested.size() != 1) {
        return new CheckResult(Outcome.ERROR, Optional.empty(), stats,
            Optional.of("a temporal property failed in a run that checked " + requested
                + ": check temporal properties one per run"), out);
      }
      int loop = rec.stutters ? rec.trace.size() - 1 : rec.loop;
      if (loop < 0 || loop >= rec.trace.size()) {
        return new CheckResult(Outcome.ERROR, Optional.empty(), stats,
            Optional.of("TLC's liveness counterexample has no loop TLC reported"), out);
      }
      Violation v = new Violation(requested.get(0), ViolationKind.TEMPORAL, rec.trace, loop, rec.stutters);
      return new CheckResult(Outcome.VIOLATION, Optional.of(v), stats, Optional.empty(), out);
    }
    if (rec.kind != null && rec.violated != null && isViolationCode(code)) {
      Violation v = new Violation(rec.violated, rec.kind, rec.trace);
      return new CheckResult(Outcome.VIOLATION, Optional.of(v), stats, Optional.empty(), out);
    }
    if (isBadInputCode(code) || out.contains("ConfigFileException")) {
      throw new BadInputException(badInputMessage(code, out, r, specDirAbs));
    }
    return new CheckResult(Outcome.ERROR, Optional.empty(), stats,
        Optional.of(TlcOutput.errorLine(out, specDirAbs, r.specDir()).orElse("TLC failed with error code " + code)),
        out);
  }

  private static final Pattern ASSUMPTION_FALSE =
      Pattern.compile("Assumption line (\\d+), col \\d+ to line \\d+, col \\d+ of module (\\w+) is false");

  /** ": ASSUME <text>" from the module's line, or nothing when it cannot be read. */
  private static String assumeText(Path specDir, String module, int line) {
    try {
      List<String> lines = Files.readAllLines(specDir.resolve(module + ".tla"), StandardCharsets.UTF_8);
      return line >= 1 && line <= lines.size() ? ": " + lines.get(line - 1).strip() : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean isViolationCode(int code) {
    return code == EC.TLC_INVARIANT_VIOLATED_BEHAVIOR || code == EC.TLC_INVARIANT_VIOLATED_INITIAL
        || code == EC.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR || code == EC.TLC_PROPERTY_VIOLATED_INITIAL
        || code == EC.TLC_DEADLOCK_REACHED;
  }

  private static boolean isBadInputCode(int code) {
    return code == EC.TLC_PARSING_FAILED || code == EC.TLC_PARSING_FAILED2 || code == EC.TLC_NO_MODULES
        || code == EC.TLC_STRING_MODULE_NOT_FOUND
        || (code >= EC.TLC_CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM && code <= EC.TLC_NO_MODULES)
        || code == EC.TLC_CONFIG_UNDEFINED_OR_NO_OPERATOR || code == EC.TLC_CONFIG_SUBSTITUTION_NON_CONSTANT
        || (code >= EC.CFG_ERROR_READING_FILE && code <= EC.CFG_EXPECTED_SYMBOL);
  }

  private static String badInputMessage(int code, String out, CheckRequest r, Path specDirAbs) {
    Optional<String> sany = TlcOutput.firstSanyError(out, specDirAbs, r.specDir());
    if (sany.isPresent()) {
      return sany.get();
    }
    String tlcLine = TlcOutput.errorLine(out, specDirAbs, r.specDir()).orElse("error code " + code);
    boolean cfgProblem = (code >= EC.TLC_CONFIG_VALUE_NOT_ASSIGNED_TO_CONSTANT_PARAM && code <= EC.TLC_CONFIG_NO_STATE_TYPE
        && code != EC.TLC_CANT_HANDLE_SUBSCRIPT && code != EC.TLC_CANT_HANDLE_CONJUNCT
        && code != EC.TLC_CANT_HANDLE_TOO_MANY_NEXT_STATE_RELS)
        || code == EC.TLC_CONFIG_UNDEFINED_OR_NO_OPERATOR || code == EC.TLC_CONFIG_SUBSTITUTION_NON_CONSTANT
        || (code >= EC.CFG_ERROR_READING_FILE && code <= EC.CFG_EXPECTED_SYMBOL) || out.contains("ConfigFileException");
    if (cfgProblem) {
      // The cfg TLC read is our temporary copy; name the user's file, and the added lines when they matter.
      boolean aboutRequested = concat(r.invariants(), r.actionProperties()).stream()
          .anyMatch(p -> Pattern.compile("\\b" + Pattern.quote(p) + "\\b").matcher(tlcLine).find());
      String added = aboutRequested ? " (with the requested INVARIANT/PROPERTY lines)" : "";
      return r.baseCfg() + added + ": " + tlcLine.replaceAll("/\\S*/" + Pattern.quote(r.module()) + "\\.cfg", r.baseCfg().toString());
    }
    return r.specDir().resolve(r.module() + ".tla") + ": " + tlcLine;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return ImmutableList.<String>builder().addAll(a).addAll(b).build();
  }

  /**
   * Collects what TLC reports through {@link MP} before formatting it as text. States are
   * converted on arrival because they refer to the spec's static variable table, which the next
   * run replaces.
   */
  static class Recorder extends MPRecorder {
    final List<SpecState> trace = new ArrayList<>();
    String violated;
    ViolationKind kind;
    int loop = -1;
    boolean stutters;
    long distinct = -1;
    long generated = -1;
    int depth = -1;

    @Override
    public synchronized void record(int code, Object... objs) {
      switch (code) {
        case EC.TLC_STATE_PRINT2 -> {
          if (objs.length > 0 && objs[0] instanceof TLCStateInfo info && info.state != null) {
            trace.add(TlcValues.toSpecState(info.state));
          }
        }
        case EC.TLC_INVARIANT_VIOLATED_BEHAVIOR -> violation(objs, ViolationKind.INVARIANT);
        case EC.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR -> violation(objs, ViolationKind.ACTION_PROPERTY);
        case EC.TLC_INVARIANT_VIOLATED_INITIAL, EC.TLC_PROPERTY_VIOLATED_INITIAL -> {
          violation(objs, ViolationKind.INITIAL_STATE_INVARIANT);
          // TLC records only the state's text here; the checker has just stored the state itself.
          TLCState init = OutputCollector.getInitialState();
          if (init != null && trace.isEmpty()) {
            trace.add(TlcValues.toSpecState(init));
          }
        }
        case EC.TLC_TEMPORAL_PROPERTY_VIOLATED -> {
          if (kind == null) {
            kind = ViolationKind.TEMPORAL;
          }
        }
        // "Back to state N" (1-based) closes a liveness counterexample's cycle; "Stuttering" ends
        // one that stutters forever in its last state.
        case EC.TLC_BACK_TO_STATE -> {
          if (objs.length > 0) {
            loop = (int) parseCount(objs[0]) - 1;
          }
        }
        case EC.TLC_STATE_PRINT3 -> stutters = true;
        case EC.TLC_DEADLOCK_REACHED -> {
          if (violated == null) {
            violated = DEADLOCK;
            kind = ViolationKind.DEADLOCK;
          }
        }
        case EC.TLC_STATS -> {
          if (objs.length >= 2) {
            generated = parseCount(objs[0]);
            distinct = parseCount(objs[1]);
          }
        }
        case EC.TLC_SEARCH_DEPTH -> {
          if (objs.length >= 1) {
            depth = (int) parseCount(objs[0]);
          }
        }
        default -> { }
      }
    }

    private void violation(Object[] objs, ViolationKind k) {
      if (violated == null && objs.length > 0 && objs[0] != null) {
        violated = objs[0].toString();
        kind = k;
      }
    }

    private static long parseCount(Object o) {
      String digits = String.valueOf(o).replaceAll("[^0-9]", "");
      return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }
  }
}
