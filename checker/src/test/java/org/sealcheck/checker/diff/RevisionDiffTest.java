package org.sealcheck.checker.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.diff.DiffResult.Flip;
import org.sealcheck.checker.diff.DiffResult.Trace;
import org.sealcheck.checker.review.ConfigCheck;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.PropertyExpectation;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;

/**
 * {@code sealcheck diff} on small configs: each distinguishing behaviour replays with TLC's own
 * evaluator (every step a step of the config that allows it, the last step not one of the other's),
 * flipped properties are those expected.json flips, and a config diffed with itself shows nothing.
 */
class RevisionDiffTest {

  private static final ProjectLayout LAYOUT = ProjectLayout.locate();

  /**
   * R1: 6.8's kvm_gmem_release() writes into a memslot that kvm_gmem_unbind() let be freed; 6.18
   * (with ae431059e75d) does not. The release configs are small enough to explore completely.
   */
  @Test
  void gmemReleaseBeforeAndAfterTheFix() {
    RevisionDiff.Pair pair = RevisionDiff.resolve(LAYOUT, "gmem-6.8-release", "gmem-6.18-release");
    DiffResult r = RevisionDiff.run(LAYOUT, pair, Integer.MAX_VALUE, null);
    assertTrue(r.a().complete() && r.b().complete());
    assertFalse(r.same());
    assertFlipsMatchExpected(pair, r, true);
    assertTrue(r.flips().stream().anyMatch(f -> f.property().equals("NoSlotUseAfterFreeInv")
        && "violated".equals(f.exploredA()) && "holds".equals(f.exploredB())), "the R1 flip: " + r.flips());
    Flip r1 = r.flips().stream().filter(f -> f.property().equals("NoSlotUseAfterFreeInv")).findFirst().orElseThrow();
    assertNotNull(r1.counterexampleA(), "the committed 6.8 counterexample");
    assertTrue(r1.counterexampleAOnB().startsWith("not a behaviour of gmem-6.18-release"), r1.counterexampleAOnB());
    assertTrue(r.violationsOnlyInA().stream().anyMatch(e -> e.what().contains("NoSlotUseAfterFreeInv")),
        "a state of 6.8 violates NoSlotUseAfterFreeInv, none of 6.18 does");
    assertNotNull(r.aNotB(), "6.8 has a behaviour 6.18 does not allow");
    assertReplays(pair.spec().module(), pair, r.aNotB(), pair.a(), pair.b());
    if (r.bNotA() != null) {
      assertReplays(pair.spec().module(), pair, r.bNotA(), pair.b(), pair.a());
    }
  }

  /**
   * v9's byte offsets: the first step where the two revisions part is the invalidation begin,
   * whose range is in bytes in v9 and in pages in v9-fixed. Bounded, to keep the test short.
   */
  @Test
  void v9ByteOffsetsAgainstTheFixedRevision() {
    RevisionDiff.Pair pair = RevisionDiff.resolve(LAYOUT, "v9-punch", "v9-fixed-punch");
    DiffResult r = RevisionDiff.run(LAYOUT, pair, 6, null);
    assertFalse(r.a().complete(), "bounded");
    assertFlipsMatchExpected(pair, r, false);
    assertTrue(r.flips().stream().map(Flip::property).collect(Collectors.toSet())
        .containsAll(Set.of("NoStaleSpteInv", "InvalidationCoversFreedPagesInv")), r.flips().toString());
    assertNotNull(r.aNotB());
    assertNotNull(r.bNotA());
    assertReplays(pair.spec().module(), pair, r.aNotB(), pair.a(), pair.b());
    assertReplays(pair.spec().module(), pair, r.bNotA(), pair.b(), pair.a());
    // Both traces part at the same step, the one that computes the invalidation range.
    Step lastA = r.aNotB().steps().get(r.aNotB().steps().size() - 1);
    Step lastB = r.bNotA().steps().get(r.bNotA().steps().size() - 1);
    assertEquals(lastA.label(), lastB.label());
    assertFalse(r.aNotB().instead().isEmpty(), "v9-fixed takes the same action to another state");
  }

  @Test
  void aConfigDiffedWithItselfShowsNothing() {
    RevisionDiff.Pair pair = RevisionDiff.resolve(LAYOUT, "gmem-6.18-release", "gmem-6.18-release");
    DiffResult r = RevisionDiff.run(LAYOUT, pair, Integer.MAX_VALUE, null);
    assertTrue(r.same(), "differences: " + r);
    assertTrue(r.constants().isEmpty());

    assertTrue(r.a().states() > 1 && r.a().states() == r.b().states());
  }

  /** The check behind "A's counterexample is not a behaviour of B" accepts a config's own counterexample. */
  @Test
  void aCommittedCounterexampleIsABehaviourOfItsOwnConfig() {
    RevisionDiff.Pair pair = RevisionDiff.resolve(LAYOUT, "gmem-6.8-release", "gmem-6.8-release");
    Path cex = ConfigCheck.traceFile(LAYOUT.counterexamples(), pair.spec().spec(), "gmem-6.8-release",
        "NoSlotUseAfterFreeInv");
    int steps = org.sealcheck.checker.trace.Itf.read(cex).states().size() - 1;
    SpecExplorer ex = SpecExplorer.load(LAYOUT.specDir(pair.spec().spec()), pair.spec().module(),
        ConfigCheck.cfgPath(LAYOUT, pair.spec(), pair.a()));
    RevisionGraph g = RevisionGraph.explore(ex, "gmem-6.8-release", new RevisionGraph.Tables(), List.of(),
        java.util.Map.of(), steps, null);
    assertEquals("a behaviour of gmem-6.8-release too", RevisionDiff.behaviourOf(g, cex));
    RevisionGraph shorter = RevisionGraph.explore(ex, "gmem-6.8-release", new RevisionGraph.Tables(), List.of(),
        java.util.Map.of(), steps - 2, null);
    assertTrue(RevisionDiff.behaviourOf(shorter, cex).contains("beyond the depth bound"));
  }

  @Test
  void theDistinguishingBehaviourIsAnItfTrace(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    RevisionDiff.Pair pair = RevisionDiff.resolve(LAYOUT, "v9-punch", "v9-fixed-punch");
    DiffResult r = RevisionDiff.run(LAYOUT, pair, 3, null);
    List<Path> files = DiffReport.writeTraces(r, tmp);
    assertEquals(2, files.size());
    var t = org.sealcheck.checker.trace.Itf.read(files.get(0));
    assertEquals(r.aNotB().steps().stream().map(Step::state).toList(), t.specStates());
    assertEquals("v9-punch", t.meta().get("config"));
    assertEquals("v9-fixed-punch", t.meta().get("rejected-by"));
    assertEquals(r.aNotB().steps().get(1).label().name(), t.states().get(1).meta().get("action"));
    String json = DiffReport.json(r);
    assertTrue(json.contains("\"behaviourOfANotB\""), json);
  }

  /**
   * Every property expected.json gives different verdicts is a flip, with those verdicts; a flip
   * with the same expectation on both sides is one the exploration found, which a complete
   * exploration must not (expected.json is checked by TLC on the same configs).
   */
  private static void assertFlipsMatchExpected(RevisionDiff.Pair pair, DiffResult r, boolean complete) {
    Set<String> props = new TreeSet<>(pair.a().properties().keySet());
    props.addAll(pair.b().properties().keySet());
    for (String p : props) {
      String xa = expect(pair.a(), p);
      String xb = expect(pair.b(), p);
      Optional<Flip> f = r.flips().stream().filter(x -> x.property().equals(p)).findFirst();
      if (!xa.equals(xb)) {
        assertTrue(f.isPresent(), p + " flips in expected.json (" + xa + " / " + xb + ") but not in " + r.flips());
        assertEquals(xa, f.get().expectedA());
        assertEquals(xb, f.get().expectedB());
      } else if (f.isPresent()) {
        assertFalse(complete, "a complete exploration disagrees with expected.json on " + f.get());
      }
      if (complete && f.isPresent() && f.get().exploredA() != null) {
        assertEquals(xa, f.get().exploredA(), p + " in A");
        assertEquals(xb, f.get().exploredB(), p + " in B");
      }
    }
  }

  private static String expect(ConfigExpectation c, String p) {
    PropertyExpectation e = c.properties().get(p);
    return e == null ? "-" : e.expect();
  }

  /**
   * Checks {@code t} with TLC's evaluator: its first state is an initial state of {@code allowing},
   * each step is one of its steps with the label the trace names; in {@code rejecting} every step but
   * the last is a step too and the last is not (or, for a one-state trace, the state is not initial).
   */
  private static void assertReplays(String module, RevisionDiff.Pair pair, Trace t, ConfigExpectation allowing,
      ConfigExpectation rejecting) {
    List<Step> steps = t.steps();
    assertEquals(allowing.name(), t.allowedBy());
    assertEquals(rejecting.name(), t.rejectedBy());
    Path dir = LAYOUT.specDir(pair.spec().spec());

    SpecExplorer a = SpecExplorer.load(dir, module, ConfigCheck.cfgPath(LAYOUT, pair.spec(), allowing));
    assertTrue(a.initStates().contains(steps.get(0).state()), "the first state is initial in " + allowing.name());
    for (int i = 1; i < steps.size(); i++) {
      Step from = steps.get(i - 1);
      Step step = steps.get(i);
      Optional<ActionLabel> l = a.explain(from.state(), step.state());
      assertTrue(l.isPresent(), "step " + i + " is a step of " + allowing.name());
      assertTrue(a.successors(from.state()).stream()
          .anyMatch(x -> x.label().equals(step.label()) && x.next().equals(step.state())),
          "step " + i + " is " + step.action() + " in " + allowing.name());
    }

    SpecExplorer b = SpecExplorer.load(dir, module, ConfigCheck.cfgPath(LAYOUT, pair.spec(), rejecting));
    if (steps.size() == 1) {
      assertFalse(b.initStates().contains(steps.get(0).state()));
      return;
    }
    assertTrue(b.initStates().contains(steps.get(0).state()), "the first state is initial in " + rejecting.name());
    for (int i = 1; i < steps.size() - 1; i++) {
      assertTrue(b.explain(steps.get(i - 1).state(), steps.get(i).state()).isPresent(),
          "step " + i + " is a step of " + rejecting.name());
    }
    int last = steps.size() - 1;
    assertTrue(b.explain(steps.get(last - 1).state(), steps.get(last).state()).isEmpty(),
        "the last step is not a step of " + rejecting.name());
    assertFalse(steps.get(last - 1).state().equals(steps.get(last).state()), "the last step is not a stutter");
  }
}
