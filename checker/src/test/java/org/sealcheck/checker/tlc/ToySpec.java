package org.sealcheck.checker.tlc;

import com.google.common.collect.ImmutableSortedMap;
import java.nio.file.Path;
import java.util.List;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/** The toy spec under src/test/resources/tlc and its states, shared by the tests. */
final class ToySpec {
  private ToySpec() {}

  static final Path DIR = Path.of("src/test/resources/tlc");
  static final String MODULE = "MCToy";
  static final Path CFG = DIR.resolve("MCToy.cfg");
  static final Path CFG_WITH_INVARIANTS = DIR.resolve("MCToyInv.cfg");
  static final Path CFG_DEADLOCK = DIR.resolve("MCToyDeadlock.cfg");

  /** Reachable states of MCToy with MCToy.cfg: x (4) * owner (3) * seal histories (65). */
  static final long DISTINCT_STATES = 4 * 3 * 65;

  static final SpecValue EMPTY = SpecValue.seqOf(List.of());

  /** The initial state with x replaced. */
  static SpecState initWithX(long x) {
    return SpecState.of(ImmutableSortedMap.of(
        "x", SpecValue.of(x),
        "seals", SpecValue.rec("ro", SpecValue.setOf(), "rw", SpecValue.setOf()),
        "log", EMPTY,
        "rec", SpecValue.rec("cnt", SpecValue.of(0), "last", SpecValue.of("none"),
            "tbl", SpecValue.function(java.util.Map.of(SpecValue.of(0), SpecValue.of(false),
                SpecValue.of(1), SpecValue.of(false)))),
        "owner", SpecValue.of("nobody")));
  }

  static List<SpecState> xTrace(long... xs) {
    return java.util.Arrays.stream(xs).mapToObj(ToySpec::initWithX).toList();
  }
}
