package org.sealcheck.model.memfd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.sealcheck.model.step.Step;

/**
 * A test's run of the model: steps applied through {@link MemfdMachine} one at a time, as the
 * checker applies them, remembering the last step so that step properties can be asked about it.
 */
final class Scenario {
  final MemfdMachine machine;
  MemfdSystem before;
  MemfdSystem now;

  Scenario(MemfdConfig config) {
    this.machine = new MemfdMachine(config);
    this.now = machine.initial();
  }

  Scenario(MemfdRevision revision) {
    this(MemfdConfig.mc(revision));
  }

  /** Runs an enabled step and returns its ret.val. */
  int run(Step step) {
    Optional<MemfdSystem> next = machine.apply(now, step);
    assertTrue(next.isPresent(), step + " is disabled in " + now);
    before = now;
    now = next.get();
    return now.ret().val();
  }

  boolean enabled(Step step) {
    return machine.apply(now, step).isPresent();
  }

  /** An invariant in the current state, or a step property on the last step. */
  boolean holds(String property) {
    return MemfdProperties.holds(property, before, now);
  }

  Ret ret() {
    return now.ret();
  }
}
