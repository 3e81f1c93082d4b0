package org.sealcheck.checker.tlc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sealcheck.model.state.IdentityKey;
import org.sealcheck.model.state.SpecValue;
import tlc2.value.impl.Value;

/**
 * Spec values converted to TLC's form once per value object, for {@link
 * TransitionChecker#prepare(org.sealcheck.model.state.SpecState, ValueCache)}: a caller that
 * hands over one object per distinct value (as trace validation does) converts each distinct value
 * once. Bounded: when full, further values are converted every time. Thread-safe.
 *
 * <p>Sharing converted values between states, and between threads, is what TLC does itself: a
 * successor state holds its predecessor's value objects for the variables an action leaves
 * unchanged, and its workers read them concurrently. The values are normalized before they are
 * shared, and not changed after.
 */
public final class ValueCache {
  private final ConcurrentHashMap<IdentityKey<SpecValue>, Value> map;
  private final int max;

  public ValueCache(int max) {
    this.map = new ConcurrentHashMap<>(max);
    this.max = max;
  }

  Value get(SpecValue v, Set<String> modelValues) {
    IdentityKey<SpecValue> k = new IdentityKey<>(v);
    Value t = map.get(k);
    if (t != null) {
      return t;
    }
    t = TlcValues.toTlc(v, modelValues);
    t.deepNormalize();
    if (map.size() < max) {
      Value had = map.putIfAbsent(k, t);
      if (had != null) {
        return had;
      }
    }
    return t;
  }

  public int size() {
    return map.size();
  }
}
