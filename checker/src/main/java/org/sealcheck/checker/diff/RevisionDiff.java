package org.sealcheck.checker.diff;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.diff.DiffResult.Example;
import org.sealcheck.checker.diff.DiffResult.Flip;
import org.sealcheck.checker.diff.DiffResult.Side;
import org.sealcheck.checker.diff.DiffResult.Trace;
import org.sealcheck.checker.review.ConfigCheck;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.PropertyExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * The behaviours two configs of one spec differ in: kinds of state, actions, property verdicts,
 * and a shortest behaviour each allows that the other does not.
 *
 * <p>Both configs are the same module with other constants (the Revision at least), so they share
 * the variables, and a behaviour of A is one of B iff its first state is an initial state of B and
 * each of its steps is a step of B. tla2tools holds one spec per JVM, so A is loaded and explored,
 * its graph kept in Java ({@link RevisionGraph}), then B; the comparison runs on the two graphs
 * without TLC. The distinguishing behaviours come from a breadth-first walk of the states both reach
 * along the same path (over steps both take): the first step one config takes there and the other
 * does not ends a shortest behaviour of the first that the second does not allow. Stuttering steps
 * are not compared: every behaviour may stutter.
 *
 * <p>The explorations are complete (unreduced: no VIEW other than dropping the outputs, {@code ret}
 * and MemfdSeals's ghost {@code arg}; no symmetry) unless a depth bound is given; a bounded diff
 * says so, since a kind "only in A" may then be reachable in B beyond the bound.
 */
public final class RevisionDiff {

  private RevisionDiff() {}

  /** The two configs to compare, resolved in one spec's expected.json. */
  public record Pair(SpecExpectations spec, ConfigExpectation a, ConfigExpectation b) {}

  /**
   * Finds configs {@code a} and {@code b} (config names, or revisions that name one config) in
   * the checkout's expected.json files.
   *
   * @throws BadInputException when one is unknown or ambiguous, or they belong to different specs
   */
  public static Pair resolve(ProjectLayout layout, String a, String b) {
    List<SpecExpectations> specs = Expectations.loadAll(layout);
    Map.Entry<SpecExpectations, ConfigExpectation> ca = Expectations.config(specs, a);
    Map.Entry<SpecExpectations, ConfigExpectation> cb = Expectations.config(specs, b);
    if (!ca.getKey().spec().equals(cb.getKey().spec())) {
      throw new BadInputException("'" + a + "' is a config of " + ca.getKey().spec() + " and '" + b + "' of "
          + cb.getKey().spec() + ": diff compares two configs of one spec");
    }
    return new Pair(ca.getKey(), ca.getValue(), cb.getValue());
  }

  /**
   * Explores A, then B (each up to {@code depthBound} steps; {@link Integer#MAX_VALUE} for all),
   * and compares them. Progress goes to {@code progress} when it is not null.
   */
  public static DiffResult run(ProjectLayout layout, Pair pair, int depthBound, PrintStream progress) {
    if (depthBound < 0) {
      throw new BadInputException("--depth must be at least 0, not " + depthBound);
    }
    Path specDir = layout.specDir(pair.spec().spec());
    List<String> invariants = new ArrayList<>(new LinkedHashSet<>(concat(pair.a().invariants(), pair.b().invariants())));
    RevisionGraph.Tables tables = new RevisionGraph.Tables();
    Path tmp;
    try {
      tmp = Files.createTempDirectory("sealcheck-diff-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    try {
      RevisionGraph ga = explore(layout, pair.spec(), pair.a(), specDir, tmp, invariants, tables, depthBound, progress);
      RevisionGraph gb = explore(layout, pair.spec(), pair.b(), specDir, tmp, invariants, tables, depthBound, progress);
      return compare(layout, pair, ga, gb);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static RevisionGraph explore(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c, Path specDir,
      Path tmp, List<String> invariants, RevisionGraph.Tables tables, int depthBound, PrintStream progress) {
    Path cfg = ConfigCheck.cfgPath(layout, spec, c);
    Path withInvariants = tmp.resolve(c.name() + ".cfg");
    try {
      StringBuilder sb = new StringBuilder(Files.readString(cfg)).append('\n');
      invariants.forEach(i -> sb.append("INVARIANT ").append(i).append('\n'));
      Files.writeString(withInvariants, sb);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + layout.show(cfg) + ": " + e.getMessage());
    }
    if (progress != null) {
      progress.printf("diff: exploring %s (%s)%s%n", c.name(), layout.show(cfg),
          depthBound == Integer.MAX_VALUE ? "" : " up to depth " + depthBound);
    }
    SpecExplorer ex = SpecExplorer.load(specDir, spec.module(), withInvariants);
    Map<String, SpecValue> constants = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    names.add("Revision");
    try {
      names.addAll(Models.constants(spec.spec()));
    } catch (BadInputException noModel) {
      // A spec without a Java model: only the Revision is compared.
    }
    for (String n : names) {
      constants.put(n, ex.evalConstant(n));
    }
    RevisionGraph g = RevisionGraph.explore(ex, c.name(), tables, invariants, constants, depthBound, progress);
    if (progress != null) {
      progress.printf("diff: %s: %,d states (up to outputs), %,d transitions, depth %d, %.1f s%n", c.name(), g.size(),
          g.transitions, g.maxDepth, g.millis / 1000.0);
    }
    return g;
  }

  /** Compares two explored graphs of configs of one spec. */
  static DiffResult compare(ProjectLayout layout, Pair pair, RevisionGraph ga, RevisionGraph gb) {
    List<String> constants = new ArrayList<>();
    ga.constants.forEach((k, va) -> {
      SpecValue vb = gb.constants.get(k);
      if (!va.equals(vb)) {
        constants.add(k + ": " + va.toTla() + " / " + (vb == null ? "-" : vb.toTla()));
      }
    });

    Traces traces = distinguishingTraces(ga, gb);
    return new DiffResult(pair.spec().spec(),
        side(pair.a(), ga), side(pair.b(), gb), constants,
        onlyIn(ga, gb.kinds.keySet(), ga.kinds, Kind::toString, true),
        onlyIn(gb, ga.kinds.keySet(), gb.kinds, Kind::toString, true),
        onlyIn(ga, gb.violations.keySet(), ga.violations, RevisionDiff::violationText, false),
        onlyIn(gb, ga.violations.keySet(), gb.violations, RevisionDiff::violationText, false),
        actionsOnlyIn(ga, gb), actionsOnlyIn(gb, ga),
        labelsOnlyIn(ga, gb), labelsOnlyIn(gb, ga),
        flips(layout, pair, ga, gb), traces.aNotB, traces.bNotA);
  }

  private static Side side(ConfigExpectation c, RevisionGraph g) {
    return new Side(c.name(), c.revision(), g.size(), g.transitions, g.maxDepth, g.complete, g.millis);
  }

  private static <K> List<Example> onlyIn(RevisionGraph g, Set<K> other, Map<K, RevisionGraph.Example> mine,
      Function<K, String> text, boolean sort) {
    List<K> keys = mine.keySet().stream().filter(k -> !other.contains(k)).collect(Collectors.toList());
    if (sort) {
      @SuppressWarnings("unchecked")
      List<Comparable<Object>> c = (List<Comparable<Object>>) keys;
      Collections.sort(c);
    }
    return keys.stream().map(k -> new Example(text.apply(k), g.pathTo(mine.get(k)))).collect(Collectors.toList());
  }

  private static String violationText(SortedSet<String> violated) {
    return violated.isEmpty() ? "every invariant holds" : "violates " + String.join(", ", violated);
  }

  private static List<Example> actionsOnlyIn(RevisionGraph g, RevisionGraph other) {
    Set<String> otherNames = other.labelIds().stream().map(id -> other.tables.label(id).name())
        .collect(Collectors.toSet());
    Map<String, RevisionGraph.Example> first = new TreeMap<>();
    g.labelsSeen.forEach((id, ex) -> {
      String name = g.tables.label(id).name();
      if (!otherNames.contains(name)) {
        first.putIfAbsent(name, ex);
      }
    });
    List<Example> out = new ArrayList<>();
    first.forEach((name, ex) -> out.add(new Example(name, g.pathTo(ex))));
    return out;
  }

  private static List<Example> labelsOnlyIn(RevisionGraph g, RevisionGraph other) {
    Set<String> otherNames = other.labelIds().stream().map(id -> other.tables.label(id).name())
        .collect(Collectors.toSet());
    Map<String, RevisionGraph.Example> first = new TreeMap<>();
    g.labelsSeen.forEach((id, ex) -> {
      String name = g.tables.label(id).name();
      if (otherNames.contains(name) && !other.labelsSeen.containsKey(id)) {
        first.putIfAbsent(g.tables.label(id).toString(), ex);
      }
    });
    List<Example> out = new ArrayList<>();
    first.forEach((label, ex) -> out.add(new Example(label, g.pathTo(ex))));
    return out;
  }

  // ------------------------------------------------------------------ properties

  private static List<Flip> flips(ProjectLayout layout, Pair pair, RevisionGraph ga, RevisionGraph gb) {
    Set<String> props = new LinkedHashSet<>(pair.a().properties().keySet());
    props.addAll(pair.b().properties().keySet());
    List<Flip> out = new ArrayList<>();
    for (String p : props) {
      PropertyExpectation ea = pair.a().properties().get(p);
      PropertyExpectation eb = pair.b().properties().get(p);
      String kind = (ea != null ? ea : eb).liveness() ? "liveness" : p.endsWith("Prop") ? "step property" : "invariant";
      String xa = ea == null ? "-" : ea.expect();
      String xb = eb == null ? "-" : eb.expect();
      String oa = kind.equals("invariant") ? explored(ga, p) : null;
      String ob = kind.equals("invariant") ? explored(gb, p) : null;
      if (!xa.equals(xb) || (oa != null && !oa.equals(ob))) {
        Path ca = counterexample(layout, pair, pair.a(), p);
        Path cb = counterexample(layout, pair, pair.b(), p);
        out.add(new Flip(p, kind, xa, xb, oa, ob, ca == null ? null : layout.show(ca), cb == null ? null : layout.show(cb),
            ca == null ? null : behaviourOf(gb, ca), cb == null ? null : behaviourOf(ga, cb)));
      }
    }
    return out;
  }

  /** What the exploration says of an invariant: "violated", "holds", or "holds up to depth N". */
  private static String explored(RevisionGraph g, String invariant) {
    if (!g.invariants.contains(invariant)) {
      return null;
    }
    boolean violated = g.violations.keySet().stream().anyMatch(s -> s.contains(invariant));
    return violated ? "violated" : g.complete ? "holds" : "holds up to depth " + g.depthBound;
  }

  private static Path counterexample(ProjectLayout layout, Pair pair, ConfigExpectation c, String property) {
    Path f = ConfigCheck.traceFile(layout.counterexamples(), pair.spec().spec(), c.name(), property);
    return Files.isRegularFile(f) ? f : null;
  }

  /**
   * Whether the states of a committed counterexample (for a lasso, its states in order, the loop
   * back left out) form a behaviour of {@code g}'s config, read off {@code g}'s graph: a fixed
   * kernel should not allow its predecessor's counterexample.
   */
  static String behaviourOf(RevisionGraph g, Path trace) {
    List<SpecState> states = Itf.read(trace).specStates();
    if (states.isEmpty()) {
      return "an empty trace";
    }
    if (!g.initStates.contains(states.get(0))) {
      return "not a behaviour of " + g.config + ": its first state is not an initial state there";
    }
    for (int i = 1; i < states.size(); i++) {
      SpecState from = states.get(i - 1);
      SpecState to = states.get(i);
      if (from.equals(to)) {
        continue;
      }
      int n = g.node(from);
      long[] edges = n < 0 ? null : g.edges(n);
      if (edges == null) {
        return "state " + (i - 1) + " is beyond the depth bound of " + g.config;
      }
      int target = g.node(to);
      int output = g.hasOutput ? g.tables.knownOutput(g.outputValue(to)) : 0;
      boolean taken = false;
      for (long e : edges) {
        taken |= RevisionGraph.edgeTarget(e) == target && RevisionGraph.edgeOutput(e) == output;
      }
      if (!taken) {
        return "not a behaviour of " + g.config + ": it has no step from state " + (i - 1) + " to state " + i;
      }
    }
    return "a behaviour of " + g.config + " too";
  }

  // ------------------------------------------------------------------ distinguishing behaviours

  private record Traces(Trace aNotB, Trace bNotA) {}

  /**
   * Breadth-first over the states A and B both reach along the same path. Nodes are A's; a node is
   * in the walk only if B has a node with the same state (up to the outputs); the state on the path
   * is the node's with the outputs of the step that reached it.
   */
  static Traces distinguishingTraces(RevisionGraph ga, RevisionGraph gb) {
    int[] bToA = new int[gb.size()];
    int[] aToB = new int[ga.size()];
    Arrays.fill(aToB, -1);
    for (int b = 0; b < gb.size(); b++) {
      bToA[b] = ga.node(gb.representative(b));
      if (bToA[b] >= 0) {
        aToB[bToA[b]] = b;
      }
    }
    Trace aNotB = null;
    Trace bNotA = null;
    for (SpecState s : ga.initStates) {
      if (aNotB == null && !gb.initStates.contains(s)) {
        aNotB = trace(ga, gb, List.of(new Step(null, s)), "not an initial state of " + gb.config, List.of());
      }
    }
    for (SpecState s : gb.initStates) {
      if (bNotA == null && !ga.initStates.contains(s)) {
        bNotA = trace(gb, ga, List.of(new Step(null, s)), "not an initial state of " + ga.config, List.of());
      }
    }

    int[] parent = new int[ga.size()];
    Arrays.fill(parent, -2);
    long[] via = new long[ga.size()];
    int[] output = new int[ga.size()];
    Map<Integer, SpecState> roots = new HashMap<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (SpecState s : ga.initStates) {
      int a = ga.node(s);
      if (gb.initStates.contains(s) && parent[a] == -2) {
        parent[a] = -1;
        output[a] = ga.outputId(s);
        roots.put(a, s);
        queue.add(a);
      }
    }
    while (!queue.isEmpty() && (aNotB == null || bNotA == null)) {
      int a = queue.poll();
      int b = aToB[a];
      long[] ea = ga.edges(a);
      long[] eb = gb.edges(b);
      if (ea == null || eb == null) {
        continue;
      }
      int cur = output[a];
      Set<Long> stepsA = new HashSet<>();
      for (long e : ea) {
        stepsA.add(stepKey(RevisionGraph.edgeOutput(e), RevisionGraph.edgeTarget(e)));
      }
      Set<Long> stepsB = new HashSet<>();
      for (long e : eb) {
        int t = bToA[RevisionGraph.edgeTarget(e)];
        if (t >= 0) {
          stepsB.add(stepKey(RevisionGraph.edgeOutput(e), t));
        }
      }
      if (aNotB == null) {
        for (long e : ea) {
          if (!RevisionGraph.stutters(a, cur, e)
              && !stepsB.contains(stepKey(RevisionGraph.edgeOutput(e), RevisionGraph.edgeTarget(e)))) {
            aNotB = rejected(ga, gb, path(ga, a, parent, via, output, roots), e, b);
            break;
          }
        }
      }
      if (bNotA == null) {
        for (long e : eb) {
          int t = bToA[RevisionGraph.edgeTarget(e)];
          if (!RevisionGraph.stutters(b, cur, e)
              && (t < 0 || !stepsA.contains(stepKey(RevisionGraph.edgeOutput(e), t)))) {
            bNotA = rejected(gb, ga, path(ga, a, parent, via, output, roots), e, a);
            break;
          }
        }
      }
      for (long e : ea) {
        int t = RevisionGraph.edgeTarget(e);
        if (parent[t] == -2 && stepsB.contains(stepKey(RevisionGraph.edgeOutput(e), t))) {
          parent[t] = a;
          via[t] = e;
          output[t] = RevisionGraph.edgeOutput(e);
          queue.add(t);
        }
      }
    }
    return new Traces(aNotB, bNotA);
  }

  private static long stepKey(int output, int target) {
    return ((long) target << 16) | output;
  }

  /** The path to A-node {@code n} in the walk, as full states (the same in A and B). */
  private static List<Step> path(RevisionGraph ga, int n, int[] parent, long[] via, int[] output,
      Map<Integer, SpecState> roots) {
    List<Step> out = new ArrayList<>();
    for (int m = n; m >= 0; m = parent[m]) {
      if (parent[m] == -1) {
        out.add(0, new Step(null, roots.get(m)));
      } else {
        out.add(0, new Step(ga.tables.label(RevisionGraph.edgeLabel(via[m])), ga.withOutput(ga.representative(m), output[m])));
      }
    }
    return out;
  }

  /**
   * The trace {@code prefix} + the step {@code edge} of {@code allowing}, which {@code rejecting}
   * (at its node {@code rejectingNode}, the prefix's last state) does not take.
   */
  private static Trace rejected(RevisionGraph allowing, RevisionGraph rejecting, List<Step> prefix, long edge,
      int rejectingNode) {
    int label = RevisionGraph.edgeLabel(edge);
    List<Step> steps = new ArrayList<>(prefix);
    steps.add(new Step(allowing.tables.label(label), allowing.target(edge)));
    List<Step> instead = new ArrayList<>();
    for (long e : rejecting.edges(rejectingNode)) {
      if (RevisionGraph.edgeLabel(e) == label) {
        instead.add(new Step(rejecting.tables.label(label), rejecting.target(e)));
      }
    }
    String why = rejecting.config + " has no step from state " + (steps.size() - 2) + " to state " + (steps.size() - 1)
        + (instead.isEmpty() ? " (" + allowing.tables.label(label).name() + " with these parameters is disabled there)"
            : " (its " + allowing.tables.label(label).name() + " leads elsewhere)");
    return trace(allowing, rejecting, steps, why, instead);
  }

  private static Trace trace(RevisionGraph allowing, RevisionGraph rejecting, List<Step> steps, String why,
      List<Step> instead) {
    Map<String, Object> constants = new LinkedHashMap<>();
    allowing.constants.forEach((k, v) -> constants.put(k, Itf.encodeForMeta(v)));
    return new Trace(allowing.config, rejecting.config, List.copyOf(steps), why, List.copyOf(instead), constants);
  }

  private static List<String> concat(List<String> x, List<String> y) {
    List<String> out = new ArrayList<>(x);
    out.addAll(y);
    return out;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary cfg is harmless.
    }
  }
}
