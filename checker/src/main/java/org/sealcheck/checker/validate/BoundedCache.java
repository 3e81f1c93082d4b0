package org.sealcheck.checker.validate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map that stops taking new entries at a fixed size (nothing is evicted): what it
 * holds is a pure function of the key, so a full cache only costs recomputation, never a
 * different answer. Random walks revisit a few states and steps far more often than the rest, and
 * those come first.
 */
final class BoundedCache<K, V> {
  private final ConcurrentHashMap<K, V> map;
  private final int max;

  BoundedCache(int max) {
    this.map = new ConcurrentHashMap<>(max);
    this.max = max;
  }

  V get(K key) {
    return map.get(key);
  }

  /** The cached value, or {@code compute(key)}, kept if there is room (computed outside any lock). */
  V get(K key, Function<K, V> compute) {
    V v = map.get(key);
    if (v != null) {
      return v;
    }
    v = compute.apply(key);
    if (map.size() < max) {
      V had = map.putIfAbsent(key, v);
      if (had != null) {
        return had;
      }
    }
    return v;
  }

  void put(K key, V value) {
    if (map.size() < max) {
      map.putIfAbsent(key, value);
    }
  }

  boolean full() {
    return map.size() >= max;
  }

  int size() {
    return map.size();
  }
}
