package org.sealcheck.checker.conform;

import java.util.Map;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.state.SpecValue;

/** The MemfdSeals spec's Java model. */
final class MemfdBinding {

  private MemfdBinding() {}

  static ModelBinding<?> bind(String revision, Map<String, SpecValue> constants) {
    throw new BadInputException("the Java memfd model is not wired in yet");
  }
}
