package org.sealcheck.checker.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.replay.ReplayResult;
import org.sealcheck.checker.replay.Replayer;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * A counterexample ready to export: its metadata, the bounds TLC used, and its steps. Loading
 * replays it on its own revision, so that nothing is exported from a trace the model does not
 * reproduce.
 *
 * @param file where it was read from (as given)
 * @param trace the ITF trace
 * @param steps the step of each state after the first (index 0 is state 1's step)
 * @param constants the config's bounds from {@code #meta.constants}
 * @param loop for a lasso (liveness) trace, the index of the state the cycle returns to; -1 otherwise
 * @param loopStep for a lasso that does not stutter, the step that closes the cycle; null otherwise
 */
public record ExportedTrace(Path file, ItfTrace trace, List<Step> steps, Map<String, SpecValue> constants,
    int loop, Step loopStep) {

  public static ExportedTrace load(Path file) {
    ItfTrace trace = Itf.read(file);
    ExportedTrace t = new ExportedTrace(file, trace, stepsOf(trace), constantsOf(file, trace), loopOf(trace),
        loopStepOf(trace));
    ReplayResult r = Replayer.replay(trace, Models.bind(t.spec(), t.revision(), t.constants()));
    if (!r.violationReproduced()) {
      throw new BadInputException(file + ": does not reproduce on the Java model of " + t.revision() + ": "
          + (r.reproduced() ? t.property() + " holds at the end" : r.divergence()));
    }
    return t;
  }

  public String spec() {
    return meta(trace, file, "spec");
  }

  public String revision() {
    return meta(trace, file, "revision");
  }

  public String config() {
    return meta(trace, file, "config");
  }

  public String property() {
    return meta(trace, file, "property");
  }

  /** The one-line reason the trace is kept ({@code #meta.description}), or empty. */
  public String description() {
    return trace.meta().get("description") instanceof String s ? s : "";
  }

  public String kind() {
    return trace.meta().get("kind") instanceof String s ? s : "invariant";
  }

  public boolean isLasso() {
    return loop >= 0;
  }

  private static List<Step> stepsOf(ItfTrace trace) {
    List<Step> out = new ArrayList<>();
    for (int i = 1; i < trace.states().size(); i++) {
      out.add(Replayer.stepOf(trace.states().get(i), i));
    }
    return out;
  }

  private static Map<String, SpecValue> constantsOf(Path file, ItfTrace trace) {
    if (!(trace.meta().get("constants") instanceof Map<?, ?> m)) {
      throw new BadInputException(file + ": #meta has no \"constants\" (the bounds of the config it came from)");
    }
    Map<String, SpecValue> out = new TreeMap<>();
    m.forEach((k, v) -> out.put((String) k, Itf.decodeFromMeta(v, "#meta.constants." + k)));
    return out;
  }

  private static int loopOf(ItfTrace trace) {
    return trace.meta().get("loop") instanceof Number n ? n.intValue() : -1;
  }

  private static Step loopStepOf(ItfTrace trace) {
    if (!(trace.meta().get("loop-action") instanceof String name) || Boolean.TRUE.equals(trace.meta().get("stutters"))) {
      return null;
    }
    List<Object> kv = new ArrayList<>();
    if (trace.meta().get("loop-params") instanceof Map<?, ?> p) {
      p.forEach((k, v) -> {
        kv.add(k);
        kv.add(Itf.decodeFromMeta(v, "#meta.loop-params." + k));
      });
    }
    return Step.of(name, kv.toArray());
  }

  private static String meta(ItfTrace t, Path file, String key) {
    if (!(t.meta().get(key) instanceof String s)) {
      throw new BadInputException(file + ": #meta has no \"" + key + "\" string");
    }
    return s;
  }
}
