package org.sealcheck.model.step;

import com.google.common.collect.ImmutableSortedMap;
import java.util.stream.Collectors;
import org.sealcheck.model.state.SpecValue;

/**
 * One step of a model, named as the spec action it implements (which is named after the kernel
 * function), with the action's parameters as spec values. The same name and parameters appear in
 * TLC's action labels, in each ITF state's {@code #meta} and in replay output.
 */
public record Step(String action, ImmutableSortedMap<String, SpecValue> params) {

  public static Step of(String action, Object... namesAndValues) {
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.put((String) namesAndValues[i], (SpecValue) namesAndValues[i + 1]);
    }
    return new Step(action, b.build());
  }

  public SpecValue param(String name) {
    SpecValue v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException(action + " has no parameter " + name + " (has " + params.keySet() + ")");
    }
    return v;
  }

  /** {@code DoMmap(v=1, f="rw", shared=TRUE, write=FALSE)}: reads like a TLC trace line. */
  @Override
  public String toString() {
    return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().toTla())
        .collect(Collectors.joining(", ", action + "(", ")"));
  }
}
