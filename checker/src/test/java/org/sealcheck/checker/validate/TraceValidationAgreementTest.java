package org.sealcheck.checker.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.TransitionChecker;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * The step-by-step validation (one FastTool, each step judged on its pair of states) and TLC's own
 * model checker on a trace spec must give the same verdict on every trace: traces of the correct
 * model (accepted), traces of a mutated model that the spec rejects somewhere, and traces
 * corrupted by hand.
 */
class TraceValidationAgreementTest {

  private final ProjectLayout layout = ProjectLayout.locate();

  private record Corpus(List<List<Step>> steps, List<List<SpecState>> states) {
    void add(RandomSchedules.Run r) {
      steps.add(r.steps());
      states.add(r.states());
    }

    void add(List<Step> s, List<SpecState> st) {
      steps.add(s);
      states.add(st);
    }
  }

  private static List<RandomSchedules.Run> runs(ModelBinding<?> b, long seed, int n, int steps) {
    List<RandomSchedules.Run> out = new ArrayList<>();
    var alphabet = b.machine().alphabet();
    for (long s : RandomSchedules.seeds(seed, n)) {
      out.add(RandomSchedules.run(b.machine(), alphabet, s, steps));
    }
    return out;
  }

  /** {@code states} with variable {@code var} of state {@code k} replaced. */
  private static List<SpecState> corrupt(List<SpecState> states, int k, String var, SpecValue v) {
    List<SpecState> out = new ArrayList<>(states);
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    states.get(k).vars().forEach((name, val) -> b.put(name, name.equals(var) ? v : val));
    out.set(k, new SpecState(b.buildOrThrow()));
    return out;
  }

  private static List<Verdict> validate(TransitionChecker checker, TraceValidator.Mode mode, Corpus c) {
    return validate(new TraceValidator(checker, mode), c);
  }

  private static List<Verdict> validate(TraceValidator v, Corpus c) {
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < c.states().size(); i++) {
      out.add(v.validate(c.steps().get(i), c.states().get(i)));
    }
    return out;
  }

  @Test
  void memfdVerdictsAgreeWithTlcOnCorrectMutatedAndCorruptedTraces() {
    Path specDir = layout.specDir("MemfdSeals");
    Path cfg = specDir.resolve("memfd-6.18.cfg");
    SpecExplorer explorer = SpecExplorer.load(specDir, "MCMemfdSeals", cfg);
    TransitionChecker checker = TransitionChecker.of(explorer);
    Corpus c = new Corpus(new ArrayList<>(), new ArrayList<>());

    List<RandomSchedules.Run> good = runs(Models.bind("MemfdSeals", "memfd-6.18", explorer), 7, 12, 30);
    good.forEach(c::add);
    int mutatedFrom = c.states().size();
    runs(Models.bind("MemfdSeals", "debug-no-deny-writable", explorer), 7, 12, 30).forEach(c::add);
    int corruptFrom = c.states().size();

    RandomSchedules.Run g = good.get(0);
    assertTrue(g.states().size() > 10, "the corpus needs a trace long enough to corrupt");
    // Not an initial state: the memfd already has an fd.
    c.add(g.steps(), corrupt(g.states(), 0, "fd_installed", SpecValue.of(true)));
    // A step that returns a value no action returns.
    SpecValue.Rec ret = (SpecValue.Rec) g.states().get(5).get("ret");
    java.util.TreeMap<String, SpecValue> wrongRet = new java.util.TreeMap<>(ret.fields());
    wrongRet.put("val", SpecValue.of(-12345));
    c.add(g.steps(), corrupt(g.states(), 5, "ret", new SpecValue.Rec(ImmutableSortedMap.copyOf(wrongRet))));
    // A state skipped: two steps in one.
    List<SpecState> skipped = new ArrayList<>(g.states());
    skipped.remove(3);
    List<Step> skippedSteps = new ArrayList<>(g.steps());
    skippedSteps.remove(2);
    c.add(skippedSteps, skipped);
    // The last state's i_size out of the spec's bounds.
    c.add(g.steps(), corrupt(g.states(), g.states().size() - 1, "i_size", SpecValue.of(99)));

    List<Verdict> ours = validate(checker, TraceValidator.Mode.LABEL, c);
    for (int i = 0; i < mutatedFrom; i++) {
      assertTrue(ours.get(i).accepted(), "trace " + i + " of the correct model: " + ours.get(i));
    }
    assertTrue(ours.subList(mutatedFrom, corruptFrom).stream().anyMatch(v -> !v.accepted()),
        "the spec must reject some trace of debug-no-deny-writable");
    assertEquals(0, ours.get(corruptFrom).index(), ours.get(corruptFrom).toString());
    assertEquals(5, ours.get(corruptFrom + 1).index(), ours.get(corruptFrom + 1).toString());
    assertFalse(ours.get(corruptFrom + 2).accepted());
    assertEquals(g.states().size() - 1, ours.get(corruptFrom + 3).index());

    // The three ways of judging a step agree.
    assertVerdictsEqual(ours, validate(checker, TraceValidator.Mode.NEXT, c));
    assertVerdictsEqual(ours, validate(checker, TraceValidator.Mode.ENUMERATE, c));
    assertMemoChangesNothing(checker, c, ours);

    // TLC's run comes last: it loads another root module, which invalidates the explorer.
    List<TlcAgreement.Disagreement> d = TlcAgreement.check(specDir, "MCMemfdSeals", cfg,
        explorer.modelValueNames(), c.states(), ours);
    assertEquals(List.of(), d);
  }

  @Test
  void guestMemVerdictsAgreeWithTlcWithModelValuesAndWithoutSymmetry() {
    Path specDir = layout.specDir("GuestMemInvalidation");
    Path cfg = specDir.resolve("gmem-6.18-punch.cfg");
    SpecExplorer explorer = SpecExplorer.load(specDir, "MCGuestMemInvalidation", cfg);
    Set<String> modelValues = explorer.modelValueNames();
    assertTrue(modelValues.contains("p1"), "the config has model values: " + modelValues);
    TransitionChecker checker = TransitionChecker.of(explorer);
    Corpus c = new Corpus(new ArrayList<>(), new ArrayList<>());
    List<RandomSchedules.Run> good = runs(Models.bind("GuestMemInvalidation", "gmem-6.18", explorer), 3, 6, 25);
    good.forEach(c::add);
    // The v9 model hands the notifiers byte offsets: its traces leave the 6.18 spec somewhere, or
    // at least must be judged the same way by both.
    runs(Models.bind("GuestMemInvalidation", "v9", explorer), 3, 6, 25).forEach(c::add);
    RandomSchedules.Run g = good.stream().filter(r -> r.states().size() > 8).findFirst().orElseThrow();
    c.add(g.steps(), corrupt(g.states(), 4, "mmu_invalidate_seq", SpecValue.of(7)));

    List<Verdict> ours = validate(checker, TraceValidator.Mode.LABEL, c);
    for (int i = 0; i < good.size(); i++) {
      assertTrue(ours.get(i).accepted(), "trace " + i + " of the correct model: " + ours.get(i));
    }
    assertEquals(4, ours.get(ours.size() - 1).index(), ours.get(ours.size() - 1).toString());
    assertMemoChangesNothing(checker, c, ours);
    assertEquals(List.of(), TlcAgreement.check(specDir, "MCGuestMemInvalidation", cfg, modelValues, c.states(), ours));
  }

  /**
   * With the memo, one validator judging the whole corpus twice (the corrupted traces share their
   * other states with the good ones, and the second pass is answered by the memo alone) gives the
   * same verdicts, reasons and relabelled counts.
   */
  private static void assertMemoChangesNothing(TransitionChecker checker, Corpus c, List<Verdict> ours) {
    for (TraceValidator.Mode mode : List.of(TraceValidator.Mode.LABEL, TraceValidator.Mode.NEXT)) {
      TraceValidator memo = new TraceValidator(checker, mode, true);
      List<Verdict> first = validate(memo, c);
      long evaluated = memo.evaluations();
      List<Verdict> second = validate(memo, c);
      assertTrue(memo.memoized() > 0, "the memo holds transitions");
      assertTrue(memo.evaluations() - evaluated < evaluated, "the second pass mostly hits the memo");
      assertVerdictsEqual(ours, first);
      assertVerdictsEqual(ours, second);
      if (mode == TraceValidator.Mode.LABEL) {
        assertEquals(ours, first);
        assertEquals(ours, second);
      }
    }
  }

  /** Same acceptance and rejection point (reasons may differ in wording between modes). */
  private static void assertVerdictsEqual(List<Verdict> expected, List<Verdict> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).accepted(), actual.get(i).accepted(), "trace " + i);
      assertEquals(expected.get(i).index(), actual.get(i).index(), "trace " + i);
    }
  }
}
