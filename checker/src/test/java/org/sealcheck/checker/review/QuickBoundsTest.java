package org.sealcheck.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.model.state.SpecState;

/**
 * The quick bounds exercise every action: the actions reachable at a config's quick bounds are the
 * actions reachable at its own. The bigger configs' own bounds, MemfdSeals' among them, are walked
 * in the long profile only.
 */
class QuickBoundsTest {

  private static final ProjectLayout LAYOUT = ProjectLayout.locate();

  @ParameterizedTest
  @ValueSource(strings = {"gmem-6.18-mmap", "gmem-6.18-release", "gmem-6.18-memory-failure",
      "long:v9-bind", "long:gmem-6.18-attributes", "long:memfd-6.18"})
  void theQuickBoundsTakeEveryActionTheConfigTakes(String which) throws IOException {
    Assumptions.assumeTrue(!which.startsWith("long:") || Boolean.getBoolean("sealcheck.long"),
        "walked in the long profile (tens of seconds to minutes without the VIEW)");
    String config = which.replaceFirst("^long:", "");
    var e = Expectations.config(Expectations.loadAll(LAYOUT), config);
    SpecExpectations spec = e.getKey();
    Path dir = Files.createTempDirectory("sealcheck-quick");
    QuickBounds.Quick q = QuickBounds.of(LAYOUT, spec, e.getValue(), dir);
    assertFalse(q.bounds().isEmpty(), "the quick cfg changes some bound");
    Set<String> full = actions(SpecExplorer.load(LAYOUT.specDir(spec.spec()), spec.module(),
        ConfigCheck.cfgPath(LAYOUT, spec, e.getValue())));
    Set<String> quick = actions(SpecExplorer.load(LAYOUT.specDir(spec.spec()), spec.module(), q.cfg()));
    assertEquals(full, quick, config + " at " + q.bounds());
  }

  /** The names of the actions some reachable state takes. */
  private static Set<String> actions(SpecExplorer ex) {
    Set<String> names = new TreeSet<>();
    Set<SpecState> seen = new HashSet<>(ex.initStates());
    ArrayDeque<SpecState> queue = new ArrayDeque<>(seen);
    while (!queue.isEmpty()) {
      for (SpecExplorer.Transition t : ex.successors(queue.poll())) {
        names.add(t.label().name());
        if (seen.add(t.next())) {
          queue.add(t.next());
        }
      }
    }
    assertTrue(seen.size() > 1, "the spec moves");
    return names;
  }

}
