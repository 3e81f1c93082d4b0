package org.sealcheck.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.checker.trace.Itf;

/** Every action of every spec has its lifelines in the report's table, and the table names no other. */
class RoutesTest {

  private final ProjectLayout layout = ProjectLayout.locate();

  /** The action names TLC splits the spec's Next into (SpecExplorer's labels), loaded with one cfg. */
  private Set<String> actionsOf(SpecExpectations s) {
    ConfigExpectation first = s.configs().stream().filter(c -> !c.longProfile()).findFirst().orElseThrow();
    SpecExplorer ex = SpecExplorer.load(layout.specDir(s.spec()), s.module(),
        layout.specDir(s.spec()).resolve(first.cfg()));
    return ex.actions().stream().map(SpecExplorer.ActionLabel::name).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyActionOfBothSpecsHasLifelines() {
    List<SpecExpectations> specs = Expectations.loadAll(layout);
    assertEquals(Set.of("GuestMemInvalidation", "MemfdSeals"),
        specs.stream().map(SpecExpectations::spec).collect(Collectors.toSet()));
    for (SpecExpectations s : specs) {
      Set<String> actions = actionsOf(s);
      assertTrue(actions.size() >= 10, s.spec() + ": suspiciously few actions " + actions);
      Set<String> unmapped = actions.stream().filter(a -> Routes.of(s.spec(), a).isEmpty())
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of(), unmapped, s.spec() + ": actions without lifelines in Routes");
      Set<String> stale = Routes.actions(s.spec()).stream().filter(a -> !actions.contains(a))
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of(), stale, s.spec() + ": Routes names actions that are not in the spec's Next");
    }
  }

  @Test
  void everyStepOfTheCommittedCounterexamplesHasLifelines() throws IOException {
    int steps = 0;
    try (Stream<Path> files = Files.walk(layout.counterexamples())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".itf.json")).sorted().toList()) {
        ItfTrace t = Itf.read(f);
        String spec = (String) t.meta().get("spec");
        for (ItfState st : t.states().subList(1, t.states().size())) {
          String action = (String) st.meta().get("action");
          assertTrue(Routes.of(spec, action).isPresent(), f + ": " + action + " has no lifelines");
          steps++;
        }
        Object loop = t.meta().get("loop-action");
        if (loop != null) {
          assertTrue(Routes.of(spec, (String) loop).isPresent(), f + ": loop step " + loop + " has no lifelines");
        }
      }
    }
    assertTrue(steps > 50, "only " + steps + " steps in the committed counterexamples");
  }

  @Test
  void anUnknownActionIsReportedAsUnmapped() {
    assertFalse(Routes.of("MemfdSeals", "NoSuchAction").isPresent());
    assertFalse(Routes.of("NoSuchSpec", "MemfdCreate").isPresent());
    // The same kernel function plays a different part in each spec.
    assertEquals(Map.of("MemfdSeals", false, "GuestMemInvalidation", true),
        Map.of("MemfdSeals", Routes.of("MemfdSeals", "ShmemFallocate").orElseThrow().self(),
            "GuestMemInvalidation", Routes.of("GuestMemInvalidation", "ShmemFallocate").orElseThrow().self()));
  }
}
