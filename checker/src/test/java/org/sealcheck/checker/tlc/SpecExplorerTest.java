package org.sealcheck.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sealcheck.checker.tlc.ToySpec.DIR;
import static org.sealcheck.checker.tlc.ToySpec.MODULE;
import static org.sealcheck.checker.tlc.ToySpec.initWithX;

import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.checker.tlc.SpecExplorer.Transition;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

class SpecExplorerTest {
  private SpecExplorer ex;

  @BeforeEach
  void load() {
    // Loaded per test: every TLC run elsewhere in this JVM invalidates an explorer.
    ex = SpecExplorer.load(DIR, MODULE, ToySpec.CFG_WITH_INVARIANTS);
  }

  private static ActionLabel label(String name, Object... kv) {
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    for (int i = 0; i < kv.length; i += 2) {
      b.put((String) kv[i], SpecValue.of((String) kv[i + 1]));
    }
    return new ActionLabel(name, b.build());
  }

  @Test
  void actionsAreNamedByOperatorWithBoundParameters() {
    // Next's disjuncts in order; within one, TLC enumerates a set of strings in the order the
    // strings were first interned in this JVM, which depends on what ran before: compare as a set.
    assertEquals(List.of("Inc", "AddSeal", "AddSeal", "AddSeal", "AddSeal", "Take", "Take", "Release", "Reset", "Idle"),
        ex.actions().stream().map(ActionLabel::name).toList());
    assertEquals(Set.of(
        label("Inc"),
        label("AddSeal", "f", "rw", "s", "F_SEAL_WRITE"),
        label("AddSeal", "f", "ro", "s", "F_SEAL_WRITE"),
        label("AddSeal", "f", "rw", "s", "F_SEAL_GROW"),
        label("AddSeal", "f", "ro", "s", "F_SEAL_GROW"),
        label("Take", "g", "rw"),
        label("Take", "g", "ro"),
        label("Release"),
        label("Reset"),
        label("Idle")), Set.copyOf(ex.actions()));
    assertEquals("AddSeal(f=\"rw\", s=\"F_SEAL_WRITE\")", label("AddSeal", "f", "rw", "s", "F_SEAL_WRITE").toString());
  }

  @Test
  void initialStateAndItsSuccessors() {
    assertEquals(List.of(initWithX(0)), ex.initStates());
    SpecState init = ex.initStates().get(0);
    List<Transition> succ = ex.successors(init);
    assertEquals(List.of("Inc", "AddSeal", "AddSeal", "AddSeal", "AddSeal", "Take", "Take", "Idle"),
        succ.stream().map(t -> t.label().name()).toList());
    assertEquals(initWithX(1), succ.get(0).next());

    Transition add = succ.stream().filter(t -> t.label().equals(label("AddSeal", "f", "rw", "s", "F_SEAL_WRITE")))
        .findFirst().orElseThrow();
    SpecState added = add.next();
    assertEquals(SpecValue.rec("ro", SpecValue.setOf(), "rw", SpecValue.setOf(SpecValue.of("F_SEAL_WRITE"))),
        added.get("seals"));
    assertEquals(SpecValue.seqOf(List.of(SpecValue.seqOf(List.of(SpecValue.of("rw"), SpecValue.of("F_SEAL_WRITE"))))),
        added.get("log"));

    // Stuttering successors are kept.
    Transition idle = succ.get(succ.size() - 1);
    assertEquals(label("Idle"), idle.label());
    assertEquals(init, idle.next());
  }

  @Test
  void modelValuesInCallerStatesAreRecognized() {
    // A state built by the caller (not produced by the explorer) with the model value as a string.
    SpecState fresh = initWithX(3);
    List<Transition> succ = ex.successors(fresh);
    assertTrue(succ.stream().anyMatch(t -> t.label().equals(label("Reset")) && t.next().equals(initWithX(0))));
    SpecState taken = succ.stream().filter(t -> t.label().name().equals("Take")).findFirst().orElseThrow().next();
    List<Transition> back = ex.successors(taken);
    assertTrue(back.stream().anyMatch(t -> t.label().equals(label("Release")) && t.next().equals(fresh)));
  }

  @Test
  void explainAgreesWithSuccessorsOnTheWholeStateSpace() {
    Set<SpecState> seen = new HashSet<>(ex.initStates());
    ArrayDeque<SpecState> queue = new ArrayDeque<>(seen);
    int transitions = 0;
    while (!queue.isEmpty()) {
      SpecState s = queue.poll();
      List<Transition> succ = ex.successors(s);
      Map<SpecState, Set<ActionLabel>> byTarget = new HashMap<>();
      for (Transition t : succ) {
        byTarget.computeIfAbsent(t.next(), k -> new HashSet<>()).add(t.label());
        if (seen.add(t.next())) {
          queue.add(t.next());
        }
      }
      for (Map.Entry<SpecState, Set<ActionLabel>> e : byTarget.entrySet()) {
        Optional<ActionLabel> why = ex.explain(s, e.getKey());
        assertTrue(why.isPresent(), () -> "no action explains a successor of\n" + s.toTla());
        assertTrue(e.getValue().contains(why.get()), () -> why.get() + " is not among " + e.getValue());
        // explain returns the first explaining action in getActions() order
        int first = e.getValue().stream().mapToInt(ex.actions()::indexOf).min().orElseThrow();
        assertEquals(ex.actions().get(first), why.get());
        transitions++;
      }
      // A state that is not a successor is explained by nothing.
      SpecState jump = initWithX((s.get("x").asLong() + 2) % 4);
      if (!byTarget.containsKey(jump)) {
        assertEquals(Optional.empty(), ex.explain(s, jump));
      }
    }
    assertEquals(ToySpec.DISTINCT_STATES, seen.size());
    assertTrue(transitions > seen.size());
  }

  @Test
  void invariants() {
    assertEquals(List.of("TypeOK", "XSmall"), ex.invariants());
    assertTrue(ex.invariantHolds("TypeOK", initWithX(3)));
    assertTrue(ex.invariantHolds("XSmall", initWithX(2)));
    assertFalse(ex.invariantHolds("XSmall", initWithX(3)));
    assertThrows(IllegalArgumentException.class, () -> ex.invariantHolds("Monotone", initWithX(0)));
  }

  @Test
  void propertiesAreEvaluatedByNameWhetherTheCfgListsThemOrNot() {
    SpecExplorer.Property small = ex.property("XSmallToo");
    assertFalse(small.isStep());
    assertTrue(ex.holds(small, initWithX(2)));
    assertFalse(ex.holds(small, initWithX(3)));
    assertEquals(Set.of("x"), small.reads());
    SpecExplorer.Property typeOk = ex.property("TypeOK");
    assertEquals(Set.of("x", "rec", "log", "owner"), typeOk.reads());
    // One part per conjunct, each with what it reads, in TLC's order.
    assertEquals(List.of(Set.of("x"), Set.of("rec", "log"), Set.of("owner")),
        typeOk.parts().stream().map(SpecExplorer.Part::reads).toList());
    assertTrue(ex.partHolds(typeOk.parts().get(0), initWithX(3)));
    assertFalse(ex.partHolds(typeOk.parts().get(0), initWithX(4)));
    assertFalse(ex.holds(typeOk, initWithX(4)));
    assertEquals(Set.of("rec", "log"), ex.property("Counted").reads(), "through LET");
    assertEquals(Set.of("seals"), ex.property("AnySealed").reads(), "through an operator call");
    assertTrue(ex.holds(ex.property("Counted"), initWithX(1)));

    // [][x' >= x]_x: TLC's implied action [A]_v, and A alone.
    SpecExplorer.Property mono = ex.property("MonotoneToo");
    assertTrue(mono.isStep());
    assertEquals(Set.of("x"), mono.reads());
    assertTrue(ex.holds(mono, initWithX(2), initWithX(3)));
    assertFalse(ex.holds(mono, initWithX(3), initWithX(0)));
    assertEquals(1, mono.parts().size());
    assertFalse(ex.partHolds(mono.parts().get(0), initWithX(3), initWithX(0)));

    // [][FALSE]_seals: A never holds, the property holds exactly where seals do not change.
    SpecExplorer.Property frozen = ex.property("SealsFrozen");
    assertEquals(Set.of(), frozen.reads());
    assertFalse(ex.partHolds(frozen.parts().get(0), initWithX(0), initWithX(1)));
    assertTrue(ex.holds(frozen, initWithX(0), initWithX(1)));
    Map<String, SpecValue> vars = new HashMap<>(initWithX(0).vars());
    vars.put("seals", SpecValue.rec("ro", SpecValue.setOf(), "rw", SpecValue.strings(List.of("F_SEAL_WRITE"))));
    SpecState sealed = SpecState.of(vars);
    assertFalse(ex.holds(frozen, initWithX(0), sealed));

    assertThrows(IllegalArgumentException.class, () -> ex.holds(mono, initWithX(0)));
    assertThrows(IllegalArgumentException.class, () -> ex.holds(small, initWithX(0), initWithX(1)));
    assertThrows(IllegalArgumentException.class, () -> ex.partHolds(mono.parts().get(0), initWithX(0)));
    assertThrows(IllegalArgumentException.class, () -> ex.property("Eventually"), "liveness");
    assertThrows(IllegalArgumentException.class, () -> ex.property("Inc"), "an action");
    assertThrows(IllegalArgumentException.class, () -> ex.property("Sealed"), "takes an argument");
    assertThrows(IllegalArgumentException.class, () -> ex.property("NoSuchThing"));
    vars.put("log", SpecValue.seqOf(List.of(SpecValue.seqOf(List.of(SpecValue.of("rw"), SpecValue.of("F_SEAL_WRITE"))))));
    SpecState logged = SpecState.of(vars);
    assertThrows(SpecEvaluationException.class, () -> ex.holds(ex.property("Crash"), logged));
  }

  @Test
  void constants() {
    assertEquals(SpecValue.of("toy-1"), ex.evalConstant("Revision"));
    assertEquals(SpecValue.of(3), ex.evalConstant("MaxX"));
    assertEquals(SpecValue.of("nobody"), ex.evalConstant("Nobody"));
    assertEquals(SpecValue.strings(List.of("ro", "rw")), ex.evalConstant("Files"));
    assertEquals(SpecValue.seqOf(List.of(SpecValue.of(1), SpecValue.of(4), SpecValue.of(9))), ex.evalConstant("Squares"));
    assertEquals(SpecValue.function(Map.of(SpecValue.of(2), SpecValue.of(2), SpecValue.of(3), SpecValue.of(3))),
        ex.evalConstant("Shifted"));
    assertEquals(4, ex.evalConstant("Powers").asSet().size());
    assertEquals(SpecValue.setOf(SpecValue.rec("a", SpecValue.of(1), "b", SpecValue.of("u")),
        SpecValue.rec("a", SpecValue.of(2), "b", SpecValue.of("u"))), ex.evalConstant("Shapes"));
    assertEquals(SpecValue.rec("files", SpecValue.strings(List.of("ro", "rw")), "max", SpecValue.of(3)),
        ex.evalConstant("Limits"));
    assertThrows(IllegalArgumentException.class, () -> ex.evalConstant("NoSuchThing"));
    assertThrows(SpecEvaluationException.class, () -> ex.evalConstant("TypeOK"));
  }

  @Test
  void wrongStatesAreRejected() {
    SpecState missingVar = SpecState.of(Map.of("x", SpecValue.of(0)));
    assertThrows(IllegalArgumentException.class, () -> ex.successors(missingVar));
  }

  @Test
  void aLaterRunInvalidatesTheExplorer() {
    new TlcModelChecker().check(new CheckRequest(DIR, MODULE, ToySpec.CFG, List.of("XSmall"), List.of()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ex.initStates());
    assertTrue(e.getMessage().contains("invalidated"), e.getMessage());
    SpecExplorer again = SpecExplorer.load(DIR, MODULE, ToySpec.CFG_WITH_INVARIANTS);
    assertEquals(List.of(initWithX(0)), again.initStates());
    assertEquals(10, again.actions().size());
  }

  @Test
  void brokenSpecIsBadInput() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> SpecExplorer.load(DIR, "Broken", ToySpec.CFG));
    assertEquals(DIR.resolve("Broken.tla") + " line 4, col 8: Unknown operator: `Foo'.", e.getMessage());
    assertThrows(BadInputException.class, () -> SpecExplorer.load(DIR, MODULE, DIR.resolve("Missing.cfg")));
  }
}
