package org.sealcheck.checker.conform;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.sealcheck.model.state.SpecValue;

/**
 * A small number for each distinct value, so that keys made of values compare as ints. A walk sees
 * few distinct values of a variable (memfd-6.18's {@code seals}: a few dozen) in many objects (each
 * successor TLC converts brings its own), and comparing equal value trees that are not the same
 * object is most of what a memo keyed by values would cost; here each object is compared once, by
 * identity afterwards. Objects are remembered up to {@link #IDENTITY_CAPACITY}, then forgotten
 * (their numbers stay): a walk asks about the values of one state and its successors in a row, and
 * a small table stays in the processor's cache and keeps few states' values alive.
 */
final class ValueIds {

  private static final int IDENTITY_CAPACITY = 1 << 14;

  private final Map<SpecValue, Integer> byValue = new HashMap<>();
  private final IdentityHashMap<SpecValue, Integer> byObject = new IdentityHashMap<>(IDENTITY_CAPACITY);

  int of(SpecValue v) {
    Integer id = byObject.get(v);
    if (id == null) {
      id = byValue.computeIfAbsent(v, k -> byValue.size());
      if (byObject.size() >= IDENTITY_CAPACITY) {
        byObject.clear();
      }
      byObject.put(v, id);
    }
    return id;
  }

  /** Distinct values numbered so far. */
  int size() {
    return byValue.size();
  }
}
