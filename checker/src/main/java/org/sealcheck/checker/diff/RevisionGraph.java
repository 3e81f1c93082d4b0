package org.sealcheck.checker.diff;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.checker.tlc.SpecExplorer.Transition;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.state.ViewKey;

/**
 * The reachable state graph of one config, kept in Java so that it outlives the loaded spec
 * (tla2tools holds one spec per JVM, so revision A is unloaded before revision B is explored).
 *
 * <p><b>Nodes are states up to the output variables.</b> Both specs end every step by setting
 * {@code ret} (what the kernel function returned), MemfdSeals also its ghost {@code arg} (the step's
 * label), and no action reads them, so two states that differ only in them have the same steps out
 * of them, with the same outputs on each target: the spec's VIEW and the conformance walk rely on the
 * same fact. A node is such a class, expanded once from the first state that reached it (its
 * representative, on a BFS-shortest path); each edge keeps the outputs its step sets, so a full
 * state on any path is a node's representative with that edge's outputs, and steps are still
 * compared in full. A spec without output variables gets one node per state.
 *
 * <p><b>Edges</b> are packed into longs: target node (high 32 bits), output value id (16 bits) and
 * action label id (16 bits), both ids from {@link Tables}, which both revisions share so that their
 * edges compare directly.
 *
 * <p><b>Kinds.</b> While exploring it records, for every {@link Kind} (a variable's projection taking
 * a value) and every set of violated state invariants, the first node in BFS order that has it, i.e.
 * a shortest path to an example.
 */
final class RevisionGraph {

  /** The variable that holds what a step returned (both specs: "output of the last step"). */
  static final String OUTPUT = "ret";

  /**
   * The output variables, those of them a spec has: {@link #OUTPUT}, and MemfdSeals's ghost
   * {@code arg}, the step's own label, which the kinds leave out (the actions taken are compared
   * by label already).
   */
  static final List<String> OUTPUTS = List.of(OUTPUT, "arg");

  private static final int NO_LABEL = 0xFFFF;
  private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  /** Action labels and output values, numbered once for both revisions. */
  static final class Tables {
    private final List<ActionLabel> labels = new ArrayList<>();
    private final Map<ActionLabel, Integer> labelIds = new HashMap<>();
    private final List<SpecValue> outputs = new ArrayList<>();
    private final Map<SpecValue, Integer> outputIds = new HashMap<>();

    int label(ActionLabel l) {
      return labelIds.computeIfAbsent(l, k -> {
        labels.add(k);
        if (labels.size() >= NO_LABEL) {
          throw new IllegalStateException("more than " + (NO_LABEL - 1) + " action labels");
        }
        return labels.size() - 1;
      });
    }

    ActionLabel label(int id) {
      return labels.get(id);
    }

    int output(SpecValue v) {
      return outputIds.computeIfAbsent(v, k -> {
        outputs.add(k);
        if (outputs.size() > 0xFFFF) {
          throw new IllegalStateException("more than 65535 distinct values of " + OUTPUTS);
        }
        return outputs.size() - 1;
      });
    }

    /** The id of an output value some step has set, or -1. */
    int knownOutput(SpecValue v) {
      Integer id = outputIds.get(v);
      return id == null ? -1 : id;
    }

    SpecValue output(int id) {
      return outputs.get(id);
    }
  }

  /** Where an example of a kind is: the target of {@code edge} out of {@code node}, or {@code node} itself (edge 0, node's own state). */
  record Example(int node, long edge, boolean viaEdge) {}

  final String config;
  final Tables tables;
  final boolean hasOutput;
  /** The output variables of this spec (of {@link #OUTPUTS}), in that order. */
  final List<String> outputs;
  final List<SpecState> initStates;
  final int depthBound;
  final Map<String, SpecValue> constants;

  private final Map<ViewKey, Integer> ids = new HashMap<>();
  private final List<SpecState> reps = new ArrayList<>();
  private int[] parent = new int[1024];
  private long[] parentEdge = new long[1024];
  private int[] depth = new int[1024];
  private final List<long[]> edges = new ArrayList<>();

  /** Kinds, each with its first example in BFS order. */
  final Map<Kind, Example> kinds = new LinkedHashMap<>();
  /** Sets of violated invariants, each with its first example (a node). */
  final Map<SortedSet<String>, Example> violations = new LinkedHashMap<>();
  /** Action labels (ids) on some reachable transition, with the first transition that has each. */
  final Map<Integer, Example> labelsSeen = new LinkedHashMap<>();
  final List<String> invariants;

  long transitions;
  int maxDepth;
  /** Whether every reachable state was expanded (no depth bound cut the exploration). */
  boolean complete = true;
  long millis;

  private RevisionGraph(String config, Tables tables, List<String> outputs, List<SpecState> initStates,
      int depthBound, List<String> invariants, Map<String, SpecValue> constants) {
    this.config = config;
    this.tables = tables;
    this.outputs = List.copyOf(outputs);
    this.hasOutput = !outputs.isEmpty();
    this.initStates = initStates;
    this.depthBound = depthBound;
    this.invariants = invariants;
    this.constants = constants;
  }

  /**
   * Explores {@code explorer}'s spec breadth-first, up to {@code depthBound} steps (a state at that
   * depth is recorded but not expanded), evaluating {@code invariants} (INVARIANTs of the loaded cfg)
   * on every state. Prints progress to {@code progress} every ten seconds when it is not null.
   */
  static RevisionGraph explore(SpecExplorer explorer, String config, Tables tables, List<String> invariants,
      Map<String, SpecValue> constants, int depthBound, PrintStream progress) {
    long t0 = System.nanoTime();
    List<String> outputs = OUTPUTS.stream().filter(explorer.variables()::contains).toList();
    List<SpecState> inits = explorer.initStates();
    RevisionGraph g = new RevisionGraph(config, tables, outputs, inits, depthBound, List.copyOf(invariants),
        constants);
    for (SpecState s : inits) {
      g.add(s, -1, pack(0, g.outputId(s), NO_LABEL), 0);
    }
    long nextReport = t0 + PROGRESS_EVERY_NANOS;
    for (int n = 0; n < g.reps.size(); n++) {
      SpecState s = g.reps.get(n);
      g.recordKinds(explorer, n, s);
      if (g.depth[n] >= depthBound) {
        g.complete = false;
        g.edges.add(null);
        continue;
      }
      List<Transition> succ = explorer.successors(s);
      long[] out = new long[succ.size()];
      for (int i = 0; i < out.length; i++) {
        Transition t = succ.get(i);
        int label = tables.label(t.label());
        int output = g.outputId(t.next());
        Integer known = g.ids.get(g.key(t.next()));
        int target = known != null ? known : g.reps.size();
        long edge = pack(target, output, label);
        if (known == null) {
          g.add(t.next(), n, edge, g.depth[n] + 1);
        }
        out[i] = edge;
        g.labelsSeen.putIfAbsent(label, new Example(n, edge, true));
        if (g.outputs.contains(OUTPUT)) {
          g.kinds.putIfAbsent(Kind.whole(OUTPUT, t.next().get(OUTPUT)), new Example(n, edge, true));
        }
      }
      g.edges.add(out);
      g.transitions += out.length;
      if (progress != null && System.nanoTime() > nextReport) {
        nextReport = System.nanoTime() + PROGRESS_EVERY_NANOS;
        progress.printf("diff: %s: %,d states expanded of %,d found, %,d transitions, depth %d, %d s%n", config,
            n + 1, g.reps.size(), g.transitions, g.depth[n], (System.nanoTime() - t0) / 1_000_000_000L);
      }
    }
    g.millis = (System.nanoTime() - t0) / 1_000_000;
    return g;
  }

  private void recordKinds(SpecExplorer explorer, int n, SpecState s) {
    Example here = new Example(n, 0, false);
    for (Kind k : Kind.of(s, outputs)) {
      kinds.putIfAbsent(k, here);
    }
    if (outputs.contains(OUTPUT) && parent[n] < 0) {
      kinds.putIfAbsent(Kind.whole(OUTPUT, s.get(OUTPUT)), here);
    }
    ImmutableSortedSet.Builder<String> violated = ImmutableSortedSet.naturalOrder();
    for (String inv : invariants) {
      if (!explorer.invariantHolds(inv, s)) {
        violated.add(inv);
      }
    }
    violations.putIfAbsent(violated.build(), here);
  }

  private int add(SpecState s, int from, long edge, int d) {
    int n = reps.size();
    if (n == parent.length) {
      parent = Arrays.copyOf(parent, 2 * n);
      parentEdge = Arrays.copyOf(parentEdge, 2 * n);
      depth = Arrays.copyOf(depth, 2 * n);
    }
    reps.add(s);
    ids.put(key(s), n);
    parent[n] = from;
    parentEdge[n] = edge;
    depth[n] = d;
    maxDepth = Math.max(maxDepth, d);
    return n;
  }

  // ------------------------------------------------------------------ queries

  int size() {
    return reps.size();
  }

  /** The node of {@code s} (a state of any revision of the same spec), or -1. */
  int node(SpecState s) {
    Integer n = ids.get(key(s));
    return n == null ? -1 : n;
  }

  /** The first state that reached node {@code n}. */
  SpecState representative(int n) {
    return reps.get(n);
  }

  /** The edges out of {@code n}, or null when the depth bound left it unexpanded. */
  long[] edges(int n) {
    return edges.get(n);
  }

  int depth(int n) {
    return depth[n];
  }

  int outputId(SpecState s) {
    return hasOutput ? tables.output(outputValue(s)) : 0;
  }

  /** The outputs of {@code s} as one value: the output variable's, or the tuple of them. */
  SpecValue outputValue(SpecState s) {
    if (outputs.size() == 1) {
      return s.get(outputs.get(0));
    }
    return SpecValue.seqOf(outputs.stream().map(s::get).toList());
  }

  /** The full state an edge leads to: its target's representative with the edge's output. */
  SpecState target(long edge) {
    return withOutput(reps.get(edgeTarget(edge)), edgeOutput(edge));
  }

  SpecState withOutput(SpecState s, int output) {
    if (!hasOutput || outputValue(s).equals(tables.output(output))) {
      return s;
    }
    SpecValue value = tables.output(output);
    Map<String, SpecValue> byName = new HashMap<>();
    if (outputs.size() == 1) {
      byName.put(outputs.get(0), value);
    } else {
      List<SpecValue> parts = ((SpecValue.Seq) value).elems();
      for (int i = 0; i < outputs.size(); i++) {
        byName.put(outputs.get(i), parts.get(i));
      }
    }
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    s.vars().forEach((k, v) -> b.put(k, byName.getOrDefault(k, v)));
    return new SpecState(b.buildOrThrow());
  }

  /**
   * A shortest path to node {@code n}: the steps from an initial state, each as the label id
   * (NO_LABEL for the initial state) and the full state it leads to.
   */
  List<Step> pathTo(int n) {
    List<Step> out = new ArrayList<>();
    for (int m = n; m >= 0; m = parent[m]) {
      long e = parentEdge[m];
      out.add(0, new Step(edgeLabel(e) == NO_LABEL ? null : tables.label(edgeLabel(e)), reps.get(m)));
    }
    return out;
  }

  /** A shortest path to an example of a kind. */
  List<Step> pathTo(Example ex) {
    List<Step> p = pathTo(ex.node());
    if (ex.viaEdge()) {
      p.add(new Step(tables.label(edgeLabel(ex.edge())), target(ex.edge())));
    }
    return p;
  }

  static long pack(int target, int output, int label) {
    return ((long) target << 32) | ((long) output << 16) | label;
  }

  static int edgeTarget(long e) {
    return (int) (e >>> 32);
  }

  static int edgeOutput(long e) {
    return (int) ((e >>> 16) & 0xFFFF);
  }

  static int edgeLabel(long e) {
    return (int) (e & 0xFFFF);
  }

  /** Whether an edge, followed from a state with output {@code fromOutput}, leaves node {@code n} unchanged. */
  static boolean stutters(int n, int fromOutput, long e) {
    return edgeTarget(e) == n && edgeOutput(e) == fromOutput;
  }

  Set<Integer> labelIds() {
    return labelsSeen.keySet();
  }

  private ViewKey key(SpecState s) {
    return new ViewKey(s, outputs);
  }
}
