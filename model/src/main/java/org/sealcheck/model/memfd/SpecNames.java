package org.sealcheck.model.memfd;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one lookup from a spec's string value to the enum constant that carries it. */
final class SpecNames {

  private SpecNames() {}

  /**
   * The constant of {@code values} whose spec name is {@code name}.
   *
   * @throws IllegalArgumentException naming {@code what} and every known name
   */
  static <E extends Enum<E>> E lookup(E[] values, Function<E, String> specName, String what, String name) {
    for (E e : values) {
      if (specName.apply(e).equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " \"" + name + "\" (known: "
        + Arrays.stream(values).map(e -> "\"" + specName.apply(e) + "\"").collect(Collectors.joining(", ")) + ")");
  }
}
