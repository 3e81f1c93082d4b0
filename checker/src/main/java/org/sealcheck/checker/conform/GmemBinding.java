package org.sealcheck.checker.conform;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.gmem.GmemConfig;
import org.sealcheck.model.gmem.GmemFairness;
import org.sealcheck.model.gmem.GmemMachine;
import org.sealcheck.model.gmem.GmemProperties;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.gmem.GmemLocks;
import org.sealcheck.model.gmem.GmemSystem;
import org.sealcheck.model.revision.Switches;
import org.sealcheck.model.revision.UnknownSwitchException;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/** The GuestMemInvalidation spec's Java model, with the config's actors and bounds. */
final class GmemBinding implements ModelBinding<GmemSystem> {

  private final GmemMachine machine;

  private GmemBinding(GmemMachine machine) {
    this.machine = machine;
  }

  static ModelBinding<?> bind(Switches switches, Map<String, SpecValue> constants) {
    GmemConfig config;
    try {
      config = GmemConfig.fromConstants(GmemRevision.of(switches), constants);
    } catch (UnknownSwitchException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadInputException("GuestMemInvalidation: " + e.getMessage());
    }
    return new GmemBinding(new GmemMachine(config));
  }

  @Override
  public StepMachine<GmemSystem> machine() {
    return machine;
  }

  @Override
  public boolean holds(String property, GmemSystem before, GmemSystem after) {
    return GmemProperties.holds(property, before, after);
  }

  @Override
  public String explain(String property, GmemSystem state) {
    return property.equals("NoDeadlockInv") ? "the wait cycle: " + GmemLocks.describeCycle(state) + "." : "";
  }

  @Override
  public Optional<String> unfairOn(List<GmemSystem> cycle, List<Step> steps) {
    return GmemFairness.unfairOn(machine, cycle, steps.stream().map(machine::parse).toList());
  }

  @Override
  public boolean holdsOnCycle(String property, List<GmemSystem> cycle) {
    return GmemProperties.holdsOnCycle(property, cycle);
  }
}
