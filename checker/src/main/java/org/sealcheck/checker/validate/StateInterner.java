package org.sealcheck.checker.validate;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sealcheck.model.state.IdentityKey;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * One object per distinct spec state, so that caches downstream can compare states by identity.
 *
 * <p>It hashes a state's whole value tree in order, instead of using {@link SpecState#hashCode()}:
 * that one sums its entries' hashes (a map's hash, by the {@link Map} contract), and the states of
 * these specs, small integers and short strings in small functions, then collide by the thousand
 * (two pages that swap their contents, a counter up by one here and down by one there), which
 * turns hash lookups into deep comparisons.
 */
final class StateInterner {
  private final ConcurrentHashMap<Key, SpecState> states;
  private final Set<IdentityKey<SpecState>> canonical;
  private final BoundedCache<ValueKey, SpecValue> values;
  private final int max;

  StateInterner(int max) {
    this.values = new BoundedCache<>(max);
    this.states = new ConcurrentHashMap<>(max);
    this.canonical = ConcurrentHashMap.newKeySet(max);
    this.max = max;
  }

  /**
   * The canonical state equal to {@code s}, while there is room; once the interner is full, a
   * state it does not hold is returned as it is, not canonical. A new canonical state shares each
   * variable's value with the states before it that have that value (the value objects are
   * canonical too): it costs the interner its map alone, and conversions downstream can be cached
   * per value object.
   */
  SpecState intern(SpecState s) {
    ImmutableSortedMap<String, SpecValue> vars = s.vars();
    long[] valueHashes = new long[vars.size()];
    long h = 17;
    int i = 0;
    for (Map.Entry<String, SpecValue> e : vars.entrySet()) {
      valueHashes[i] = hash(e.getValue());
      h = h * 1_000_003 + e.getKey().hashCode();
      h = h * 1_000_003 + valueHashes[i++];
    }
    int hash = (int) mix(h);
    SpecState c = states.get(new Key(s, hash));
    if (c != null) {
      return c;
    }
    if (states.size() >= max) {
      return s;
    }
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    i = 0;
    for (Map.Entry<String, SpecValue> e : vars.entrySet()) {
      b.put(e.getKey(), values.get(new ValueKey(e.getValue(), (int) valueHashes[i++]), ValueKey::value));
    }
    SpecState fresh = new SpecState(b.buildOrThrow());
    c = states.putIfAbsent(new Key(fresh, hash), fresh);
    if (c != null) {
      return c;
    }
    canonical.add(new IdentityKey<>(fresh));
    return fresh;
  }

  /** Whether {@code s} is the canonical object for its value (by identity: no hashing of the value). */
  boolean isCanonical(SpecState s) {
    return canonical.contains(new IdentityKey<>(s));
  }

  int size() {
    return states.size();
  }

  private record Key(SpecState state, int hash) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.state.equals(state);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record ValueKey(SpecValue value, int hash) {
    @Override
    public boolean equals(Object o) {
      return o instanceof ValueKey k && k.hash == hash && k.value.equals(value);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Order-sensitive over the sorted containers, so equal values (same order) hash alike. */
  private static long hash(SpecValue v) {
    long h;
    if (v instanceof SpecValue.Int i) {
      h = 1 + i.value() * 0x9E3779B97F4A7C15L;
    } else if (v instanceof SpecValue.Bool b) {
      h = b.value() ? 2 : 3;
    } else if (v instanceof SpecValue.Str s) {
      h = 4 + 31L * s.value().hashCode();
    } else if (v instanceof SpecValue.SetV s) {
      h = 5;
      for (SpecValue e : s.elems()) {
        h = h * 1_000_003 + hash(e);
      }
    } else if (v instanceof SpecValue.Seq s) {
      h = 6;
      for (SpecValue e : s.elems()) {
        h = h * 1_000_003 + hash(e);
      }
    } else if (v instanceof SpecValue.Rec r) {
      h = 7;
      for (Map.Entry<String, SpecValue> e : r.fields().entrySet()) {
        h = h * 1_000_003 + e.getKey().hashCode();
        h = h * 1_000_003 + hash(e.getValue());
      }
    } else if (v instanceof SpecValue.Fun f) {
      h = 8;
      for (Map.Entry<SpecValue, SpecValue> e : f.map().entrySet()) {
        h = h * 1_000_003 + hash(e.getKey());
        h = h * 1_000_003 + hash(e.getValue());
      }
    } else {
      h = v.hashCode();
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finalizer. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9e53a5ed0b5L;
    return h ^ (h >>> 33);
  }
}
