package org.sealcheck.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;

/**
 * The build's model check: TLC on every config of every spec, each verdict compared with
 * expected.json, the Java model's conformance checked on each config, and every counterexample
 * TLC finds compared byte for byte with the one committed under counterexamples/ (so that the
 * replayed traces are the ones the current specs produce).
 */
class ExpectedOutcomesTest {

  static final boolean LONG = Boolean.getBoolean("sealcheck.long");

  @TestFactory
  Stream<DynamicTest> everyConfigIsAsExpected() throws IOException {
    ProjectLayout layout = ProjectLayout.locate();
    List<Review.Job> jobs = new ArrayList<>();
    List<String> unfinished = new ArrayList<>();
    for (SpecExpectations s : Expectations.loadAll(layout)) {
      // The long profile (mvn -Plong) adds the configs too big for the default build, and the
      // conformance checks expected.json leaves to it ("conformance": "long").
      s.configs().stream().filter(c -> LONG || !c.longProfile()).forEach(c -> jobs.add(new Review.Job(s, c)));
      s.unfinished().forEach(u -> unfinished.add(s.spec() + "/" + u));
    }
    assertEquals(Expectations.loadAll(layout).stream().mapToLong(s -> s.configs().stream()
        .filter(c -> LONG || !c.longProfile()).count()).sum(), jobs.size());
    Path traces = Files.createTempDirectory("sealcheck-traces");
    List<ConfigOutcome> outcomes = Review.run(layout, jobs, new Review.Options(true, true, traces, null, 2, false, LONG), System.out);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    ReviewTable.print(outcomes, new PrintStream(table, true, StandardCharsets.UTF_8));
    System.out.println(table.toString(StandardCharsets.UTF_8));

    List<DynamicTest> tests = new ArrayList<>();
    // A verdict still "unknown", or an expected violation without its why, is unfinished work.
    tests.add(DynamicTest.dynamicTest("every verdict is recorded and every expected violation has a why",
        () -> assertTrue(unfinished.isEmpty(), () -> String.join("\n", unfinished))));
    for (ConfigOutcome o : outcomes) {
      tests.add(DynamicTest.dynamicTest(o.spec() + "/" + o.config() + ": verdicts and conformance as expected",
          () -> assertTrue(o.asExpected(), () -> describe(o))));
      for (Map.Entry<String, PropertyOutcome> e : o.properties().entrySet()) {
        if (!e.getValue().actual().equals("violated")) {
          continue;
        }
        Path fresh = ConfigCheck.traceFile(traces, o.spec(), o.config(), e.getKey());
        Path committed = ConfigCheck.traceFile(layout.counterexamples(), o.spec(), o.config(), e.getKey());
        tests.add(DynamicTest.dynamicTest(o.spec() + "/" + o.config() + "/" + e.getKey()
            + ": the committed counterexample is TLC's", () -> {
          if (!Files.exists(committed)) {
            fail("missing " + layout.show(committed) + ": run ./sealcheck review and commit counterexamples/");
          }
          if ("liveness".equals(Itf.read(fresh).meta().get("kind"))) {
            // TLC's lasso for a liveness property is not reproducible across JVMs (the same spec
            // gave a 6- and a 7-state lasso for gmem-6.18-mf-punch-live/MemoryFailureReturnsProp in
            // two builds), so a liveness trace need only be one for the same property: that it is
            // a fair counterexample is CounterexampleReplayTest's, on the Java model.
            ItfTrace c = Itf.read(committed);
            assertEquals("liveness", c.meta().get("kind"), layout.show(committed) + " is no liveness trace");
            assertEquals(e.getKey(), c.meta().get("property"), layout.show(committed));
            return;
          }
          assertEquals(Files.readString(committed), Files.readString(fresh),
              layout.show(committed) + " is stale: run ./sealcheck review and commit counterexamples/");
        }));
      }
    }
    tests.add(DynamicTest.dynamicTest("no committed counterexample without a violation", () -> {
      Set<Path> produced;
      try (Stream<Path> s = Files.walk(traces)) {
        produced = s.filter(p -> p.toString().endsWith(".itf.json")).map(traces::relativize).collect(Collectors.toSet());
      }
      try (Stream<Path> s = Files.walk(layout.counterexamples())) {
        List<Path> orphans = s.filter(p -> p.toString().endsWith(".itf.json"))
            .map(layout.counterexamples()::relativize).filter(p -> !produced.contains(p))
            .filter(p -> LONG || !inLongProfile(layout, p)).toList();
        assertTrue(orphans.isEmpty(), "counterexamples with no violation behind them: " + orphans);
      }
    }));
    return tests.stream();
  }

  /** A committed trace of a long-profile config, which the default build does not regenerate. */
  private static boolean inLongProfile(ProjectLayout layout, Path relative) {
    SpecExpectations s = Expectations.spec(layout, relative.getName(0).toString());
    String config = relative.getName(1).toString();
    return s.configs().stream().anyMatch(c -> c.name().equals(config) && c.longProfile());
  }

  private static String describe(ConfigOutcome o) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ReviewTable.print(List.of(o), new PrintStream(b, true, StandardCharsets.UTF_8));
    return b.toString(StandardCharsets.UTF_8);
  }
}
