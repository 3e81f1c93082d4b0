package org.sealcheck.checker.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sealcheck.checker.diff.DiffResult.Example;
import org.sealcheck.checker.diff.DiffResult.Flip;
import org.sealcheck.checker.diff.DiffResult.Side;
import org.sealcheck.checker.diff.DiffResult.Trace;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/** A {@link DiffResult} as text, as JSON, and its distinguishing behaviours as ITF traces. */
public final class DiffReport {

  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private DiffReport() {}

  // ------------------------------------------------------------------ text

  public static void print(DiffResult r, PrintStream out) {
    out.printf("%s: A = %s (revision %s), B = %s (revision %s)%n", r.spec(), r.a().config(), r.a().revision(),
        r.b().config(), r.b().revision());
    if (!r.constants().isEmpty()) {
      out.println("constants that differ (A / B): " + String.join("; ", r.constants()));
    }
    out.println("explored: A " + side(r.a()) + "; B " + side(r.b()));
    if (!r.a().complete() || !r.b().complete()) {
      out.println("BOUNDED: states beyond the depth bound were not explored, so \"only in\" below means "
          + "\"not within the bound\"");
    }
    if (r.same()) {
      out.println("no difference: the same kinds of state, actions, verdicts and behaviours");
      return;
    }

    out.println();
    out.println("Properties that flip (expected.json; for invariants, also what the exploration found):");
    if (r.flips().isEmpty()) {
      out.println("  none");
    }
    for (Flip f : r.flips()) {
      out.printf("  %-36s %-13s A: %s  B: %s%n", f.property(), f.kind(), verdict(f.expectedA(), f.exploredA()),
          verdict(f.expectedB(), f.exploredB()));
      if (f.counterexampleA() != null) {
        out.println("      A's counterexample: " + f.counterexampleA() + ": " + f.counterexampleAOnB());
      }
      if (f.counterexampleB() != null) {
        out.println("      B's counterexample: " + f.counterexampleB() + ": " + f.counterexampleBOnA());
      }
    }
    examples(out, "Kinds of state only in A (variable or entry = value; a shortest path to one)", r.kindsOnlyInA());
    examples(out, "Kinds of state only in B", r.kindsOnlyInB());
    examples(out, "Invariant outcomes only in A (which invariants a state violates)", r.violationsOnlyInA());
    examples(out, "Invariant outcomes only in B", r.violationsOnlyInB());
    examples(out, "Actions taken only in A", r.actionsOnlyInA());
    examples(out, "Actions taken only in B", r.actionsOnlyInB());
    examples(out, "Actions with these parameters taken only in A", r.labelsOnlyInA());
    examples(out, "Actions with these parameters taken only in B", r.labelsOnlyInB());
    trace(out, "A", "B", r.aNotB());
    trace(out, "B", "A", r.bNotA());
  }

  private static String side(Side s) {
    return String.format("%,d states (up to outputs), %,d transitions, depth %d%s, %.1f s", s.states(), s.transitions(),
        s.depth(), s.complete() ? "" : " (bounded)", s.millis() / 1000.0);
  }

  private static String verdict(String expected, String explored) {
    return explored == null || explored.equals(expected) ? expected : expected + " (explored: " + explored + ")";
  }

  private static void examples(PrintStream out, String title, List<Example> xs) {
    out.println();
    out.printf("%s: %s%n", title, xs.isEmpty() ? "none" : xs.size());
    int width = Math.min(60, xs.stream().mapToInt(x -> x.what().length()).max().orElse(0));
    for (Example x : xs) {
      out.printf("  %-" + width + "s  %s%n", x.what(), pathLine(x.path()));
    }
  }

  /** A path on one line: its length and the action names. */
  private static String pathLine(List<Step> path) {
    int n = path.size() - 1;
    if (n == 0) {
      return "(an initial state)";
    }
    return "(" + n + (n == 1 ? " step: " : " steps: ")
        + path.subList(1, path.size()).stream().map(s -> s.label().name()).collect(Collectors.joining(", ")) + ")";
  }

  private static void trace(PrintStream out, String allowed, String rejected, Trace t) {
    out.println();
    if (t == null) {
      out.printf("Every behaviour of %s is one of %s%n", allowed, rejected);
      return;
    }
    out.printf("Shortest behaviour of %s (%s) that %s (%s) does not allow: %d states%n", allowed, t.allowedBy(),
        rejected, t.rejectedBy(), t.steps().size());
    steps(out, t.steps());
    out.println("  " + t.why());
    if (!t.instead().isEmpty()) {
      SpecState from = t.steps().get(t.steps().size() - 2).state();
      for (Step s : t.instead()) {
        out.printf("  %s instead: %s%n", t.rejectedBy(), s.action());
        s.state().changedSince(from).forEach((k, v) -> out.printf("         %s = %s%n", k, v.toTla()));
      }
    }
  }

  private static void steps(PrintStream out, List<Step> steps) {
    out.println("  state  action");
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      out.printf("  %5d  %s%n", i, s.action());
      Map<String, SpecValue> shown = i == 0 ? s.state().vars() : s.state().changedSince(steps.get(i - 1).state());
      shown.forEach((k, v) -> out.printf("         %s = %s%n", k, v.toTla()));
    }
  }

  // ------------------------------------------------------------------ JSON

  public static String json(DiffResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spec", r.spec());
    m.put("a", r.a());
    m.put("b", r.b());
    m.put("constantsThatDiffer", r.constants());
    m.put("same", r.same());
    m.put("flips", r.flips());
    m.put("kindsOnlyInA", examples(r.kindsOnlyInA()));
    m.put("kindsOnlyInB", examples(r.kindsOnlyInB()));
    m.put("invariantOutcomesOnlyInA", examples(r.violationsOnlyInA()));
    m.put("invariantOutcomesOnlyInB", examples(r.violationsOnlyInB()));
    m.put("actionsOnlyInA", examples(r.actionsOnlyInA()));
    m.put("actionsOnlyInB", examples(r.actionsOnlyInB()));
    m.put("labelsOnlyInA", examples(r.labelsOnlyInA()));
    m.put("labelsOnlyInB", examples(r.labelsOnlyInB()));
    m.put("behaviourOfANotB", traceJson(r.aNotB()));
    m.put("behaviourOfBNotA", traceJson(r.bNotA()));
    try {
      return MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the diff as JSON", e);
    }
  }

  private static List<Object> examples(List<Example> xs) {
    List<Object> out = new ArrayList<>();
    for (Example x : xs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", x.what());
      m.put("path", x.path().subList(1, x.path().size()).stream().map(DiffReport::actionJson).toList());
      m.put("state", stateJson(x.path().get(x.path().size() - 1).state()));
      out.add(m);
    }
    return out;
  }

  private static Object traceJson(Trace t) {
    if (t == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allowedBy", t.allowedBy());
    m.put("rejectedBy", t.rejectedBy());
    m.put("why", t.why());
    List<Object> steps = new ArrayList<>();
    for (Step s : t.steps()) {
      Map<String, Object> st = actionJson(s);
      st.put("state", stateJson(s.state()));
      steps.add(st);
    }
    m.put("steps", steps);
    List<Object> instead = new ArrayList<>();
    for (Step s : t.instead()) {
      Map<String, Object> st = actionJson(s);
      st.put("state", stateJson(s.state()));
      instead.add(st);
    }
    m.put("instead", instead);
    return m;
  }

  private static Map<String, Object> actionJson(Step s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", s.label() == null ? "Init" : s.label().name());
    m.put("params", params(s));
    return m;
  }

  private static Map<String, Object> params(Step s) {
    Map<String, Object> p = new LinkedHashMap<>();
    if (s.label() != null) {
      s.label().params().forEach((k, v) -> p.put(k, Itf.encodeForMeta(v)));
    }
    return p;
  }

  private static Map<String, Object> stateJson(SpecState s) {
    Map<String, Object> m = new LinkedHashMap<>();
    s.vars().forEach((k, v) -> m.put(k, Itf.encodeForMeta(v)));
    return m;
  }

  // ------------------------------------------------------------------ ITF

  /**
   * The behaviour as an ITF trace: each state's {@code #meta} has the action and its parameters,
   * the top-level one the spec, the config that allows it and the one that does not.
   */
  public static ItfTrace itf(String spec, DiffResult.Side allowedSide, Trace t) {
    List<ItfState> states = new ArrayList<>();
    for (int i = 0; i < t.steps().size(); i++) {
      Step s = t.steps().get(i);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("index", i);
      meta.put("action", s.label() == null ? "Init" : s.label().name());
      if (s.label() != null) {
        meta.put("params", params(s));
      }
      states.add(ItfState.of(meta, s.state()));
    }
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("format", "ITF");
    top.put("format-description", "https://apalache-mc.org/docs/adr/015adr-trace.html");
    top.put("source", "sealcheck diff: a shortest behaviour of " + t.allowedBy() + " that " + t.rejectedBy()
        + " does not allow");
    top.put("spec", spec);
    top.put("config", t.allowedBy());
    top.put("revision", allowedSide.revision());
    top.put("kind", "diff");
    top.put("rejected-by", t.rejectedBy());
    top.put("description", t.why());
    top.put("constants", t.constants());
    return new ItfTrace(ImmutableSortedMap.copyOf(top), List.copyOf(t.steps().get(0).state().vars().keySet()), states);
  }

  /** Writes the distinguishing behaviours under {@code dir}; returns the files written. */
  public static List<Path> writeTraces(DiffResult r, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (r.aNotB() != null) {
      Path p = dir.resolve(r.a().config() + "-not-" + r.b().config() + ".itf.json");
      Itf.write(itf(r.spec(), r.a(), r.aNotB()), p);
      out.add(p);
    }
    if (r.bNotA() != null) {
      Path p = dir.resolve(r.b().config() + "-not-" + r.a().config() + ".itf.json");
      Itf.write(itf(r.spec(), r.b(), r.bNotA()), p);
      out.add(p);
    }
    return out;
  }
}
