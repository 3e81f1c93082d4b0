package org.sealcheck.checker.mail;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.replay.Replayer;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MemfdSteps;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * A counterexample read for telling: its metadata, the config's bounds, and step by step the
 * action (from each state's {@code #meta}) with the states before and after it. Nothing is
 * replayed: the mail shows the trace as TLC found it. A lasso's loop step, when it has one, is
 * step {@code size() + 1}, from the last state back to the loop state.
 */
final class TraceSteps {

  private final ItfTrace trace;
  private final String where;
  private final Map<String, SpecValue> constants = new TreeMap<>();

  TraceSteps(ItfTrace trace, String where) {
    this.trace = trace;
    this.where = where;
    if (trace.states().isEmpty()) {
      throw new BadInputException(where + ": the trace has no states");
    }
    if (trace.meta().get("constants") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> constants.put((String) k, Itf.decodeFromMeta(v, "#meta.constants." + k)));
    }
  }

  String meta(String key) {
    if (!(trace.meta().get(key) instanceof String s)) {
      throw new BadInputException(where + ": #meta has no \"" + key + "\" string");
    }
    return s;
  }

  /** A #meta string, or empty. */
  String metaOrEmpty(String key) {
    return trace.meta().get(key) instanceof String s ? s : "";
  }

  String spec() {
    return meta("spec");
  }

  String revision() {
    return meta("revision");
  }

  String property() {
    return meta("property");
  }

  SpecValue constant(String name) {
    SpecValue v = constants.get(name);
    if (v == null) {
      throw new BadInputException(where + ": #meta.constants has no " + name);
    }
    return v;
  }

  /** The number of steps (states after the first). */
  int size() {
    return trace.states().size() - 1;
  }

  /** The steps to tell: the trace's, and a lasso's loop step if it has one. */
  int steps() {
    return size() + (hasLoopStep() ? 1 : 0);
  }

  /** The index of the state a lasso loops back to, or -1. */
  int loop() {
    if (!(trace.meta().get("loop") instanceof Number n)) {
      return -1;
    }
    if (n.intValue() < 0 || n.intValue() > size()) {
      throw new BadInputException(where + ": #meta.loop must be the index of a state of the trace, not " + n);
    }
    return n.intValue();
  }

  /** Whether a lasso has a step that loops back (rather than stuttering in its last state). */
  boolean hasLoopStep() {
    return loop() >= 0 && trace.meta().get("loop-action") instanceof String
        && !Boolean.TRUE.equals(trace.meta().get("stutters"));
  }

  /** Step {@code i} (1-based; {@code size() + 1}: the loop step). */
  Step step(int i) {
    if (i == size() + 1) {
      Object params = trace.meta().getOrDefault("loop-params", Map.of());
      Object[] kv = params instanceof Map<?, ?> m ? m.entrySet().stream()
          .flatMap(e -> Stream.of(e.getKey(),
              Itf.decodeFromMeta(e.getValue(), "#meta.loop-params." + e.getKey())))
          .toArray() : new Object[0];
      return Step.of(meta("loop-action"), kv);
    }
    return Replayer.stepOf(trace.states().get(i), i);
  }

  MemfdStep memfdStep(int i) {
    Step s = step(i);
    try {
      return MemfdSteps.parse(s);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(where + ": step " + i + " " + s + " is not a MemfdSeals step: " + e.getMessage(), e);
    }
  }

  SpecState before(int i) {
    return trace.states().get(i - 1).state();
  }

  SpecState after(int i) {
    return i == size() + 1 ? trace.states().get(loop()).state() : trace.states().get(i).state();
  }

  String where() {
    return where;
  }
}
