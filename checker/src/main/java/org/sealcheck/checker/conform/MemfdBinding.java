package org.sealcheck.checker.conform;

import java.util.Map;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdMachine;
import org.sealcheck.model.memfd.MemfdProperties;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdSystem;
import org.sealcheck.model.revision.Switches;
import org.sealcheck.model.revision.UnknownSwitchException;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.StepMachine;

/** The MemfdSeals spec's Java model, with the bounds of the config (MaxPages, Vmas, sysctl). */
final class MemfdBinding implements ModelBinding<MemfdSystem> {

  private final MemfdMachine machine;

  private MemfdBinding(MemfdMachine machine) {
    this.machine = machine;
  }

  static ModelBinding<?> bind(Switches switches, Map<String, SpecValue> constants) {
    MemfdRevision rev;
    try {
      rev = MemfdRevision.of(switches);
    } catch (UnknownSwitchException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    SpecValue vmas = constants.get("Vmas");
    int slots = vmas.asSet().size();
    for (int v = 1; v <= slots; v++) {
      if (!vmas.asSet().contains(SpecValue.of(v))) {
        throw new BadInputException("Vmas must be 1..n for the Java model, not " + vmas.toTla());
      }
    }
    try {
      return new MemfdBinding(new MemfdMachine(new MemfdConfig(rev, (int) constants.get("MaxPages").asLong(), slots,
          (int) constants.get("MemfdNoexecScope").asLong())));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("bad MemfdSeals bounds " + constants + ": " + e.getMessage());
    }
  }

  @Override
  public StepMachine<MemfdSystem> machine() {
    return machine;
  }

  @Override
  public boolean holds(String property, MemfdSystem before, MemfdSystem after) {
    return MemfdProperties.holds(property, before, after);
  }
}
