package org.sealcheck.checker.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.PropertyExpectation;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.state.SpecValue;

/**
 * Every counterexample under counterexamples/ replayed on the Java model: each step reproduced,
 * the violation shown at the last state by the model's own property code; the trace read
 * losslessly (TLC trace -> ITF -> Java replay -> ITF is byte-identical); and on the revision that
 * fixed it (expected.json's fixedIn), the trace is rejected or the property holds.
 */
class CounterexampleReplayTest {

  static List<Path> traces() throws IOException {
    Path root = ProjectLayout.locate().counterexamples();
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".itf.json")).sorted().toList();
    }
  }

  static ModelBinding<?> bindingFor(ItfTrace t, String revision) {
    @SuppressWarnings("unchecked")
    Map<String, Object> constants = (Map<String, Object>) t.meta().get("constants");
    Map<String, SpecValue> bounds = new TreeMap<>();
    constants.forEach((k, v) -> bounds.put(k, Itf.decodeFromMeta(v, k)));
    return Models.bind((String) t.meta().get("spec"), revision, bounds);
  }

  @Test
  void thereAreCounterexamplesToReplay() throws IOException {
    long expectedViolations = Expectations.loadAll(ProjectLayout.locate()).stream()
        .flatMap(s -> s.configs().stream())
        .flatMap(c -> c.properties().values().stream())
        .filter(e -> e.expected() == Expectations.Expect.VIOLATED).count();
    assertEquals(expectedViolations, traces().size(), "one committed counterexample per expected violation");
  }

  /**
   * On the fix, the deadlock's steps replay, but the stutter that follows is no fair behaviour:
   * the fix's kvm_gmem_error_folio(), which does not wait for the invalidate lock, is enabled
   * there, strongly fair, and never taken. Judging the cycle alone would call it a hang.
   */
  @Test
  void aStutterWhereTheFixCanStepIsNoCounterexample() throws IOException {
    Path p = ProjectLayout.locate().counterexamples()
        .resolve("GuestMemInvalidation/gmem-6.18-mf-punch-live/FallocateReturnsProp.itf.json");
    ItfTrace t = Itf.read(p);
    ReplayResult onFix = Replayer.replay(t, bindingFor(t, "gmem-6.18-error-folio-fix"));
    assertFalse(onFix.reproduced());
    assertTrue(onFix.divergence().contains("SF_vars(KvmGmemErrorFolio): enabled on the cycle and never taken"), onFix.divergence());
    assertTrue(Replayer.replay(t, bindingFor(t, "gmem-6.18")).violationReproduced());
  }

  @TestFactory
  Stream<DynamicTest> everyCounterexampleReplays() throws IOException {
    ProjectLayout layout = ProjectLayout.locate();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : traces()) {
      String name = layout.show(p);
      tests.add(DynamicTest.dynamicTest(name + " replays and violates its property", () -> {
        ItfTrace t = Itf.read(p);
        ReplayResult r = Replayer.replay(t, bindingFor(t, (String) t.meta().get("revision")));
        assertTrue(r.reproduced(), () -> name + ": " + r.divergence());
        assertFalse(r.propertyHolds(), name + ": every step replayed but the Java model says "
            + t.meta().get("property") + " holds at the end");
        // Lossless: the Java model's states, written back as ITF with the trace's metadata, are the file.
        List<ItfState> states = new ArrayList<>();
        for (int i = 0; i < t.states().size(); i++) {
          states.add(new ItfState(t.states().get(i).meta(), r.steps().get(i).state()));
        }
        assertEquals(Files.readString(p), Itf.toJson(new ItfTrace(t.meta(), t.vars(), states)));
      }));
      ItfTrace t = Itf.read(p);
      String spec = (String) t.meta().get("spec");
      PropertyExpectation e = Expectations.spec(layout, spec).config((String) t.meta().get("config"))
          .properties().get((String) t.meta().get("property"));
      if (e != null && e.fixedIn() != null) {
        ConfigExpectation fix = Expectations.spec(layout, spec).config(e.fixedIn());
        tests.add(DynamicTest.dynamicTest(name + " on " + fix.revision() + " (the fix): rejected or harmless", () -> {
          ReplayResult r = Replayer.replay(t, bindingFor(t, fix.revision()));
          assertFalse(r.violationReproduced(), name + " still shows the violation on " + fix.revision());
          PropertyExpectation onFix = fix.properties().get((String) t.meta().get("property"));
          assertTrue(onFix == null || onFix.expected() == Expectations.Expect.HOLDS,
              "expected.json says the property is violated on the fixed revision too");
        }));
      }
    }
    return tests.stream();
  }
}
