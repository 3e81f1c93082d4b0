package org.sealcheck.checker.validate;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  private final Set<Identity<SpecState>> canonical;
  private final int max;

  StateInterner(int max) {
    this.states = new ConcurrentHashMap<>(max);
    this.canonical = ConcurrentHashMap.newKeySet(max);
    this.max = max;
  }

  /**
   * The canonical state equal to {@code s}: {@code s} itself the first time, while there is room;
   * once the interner is full, a state it does not hold is returned as it is, not canonical.
   */
  SpecState intern(SpecState s) {
    Key k = new Key(s, hash(s));
    SpecState c = states.get(k);
    if (c != null) {
      return c;
    }
    if (states.size() >= max) {
      return s;
    }
    c = states.putIfAbsent(k, s);
    if (c != null) {
      return c;
    }
    canonical.add(new Identity<>(s));
    return s;
  }

  /** Whether {@code s} is the canonical object for its value (by identity: no hashing of the value). */
  boolean isCanonical(SpecState s) {
    return canonical.contains(new Identity<>(s));
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

  static int hash(SpecState s) {
    long h = 17;
    for (Map.Entry<String, SpecValue> e : s.vars().entrySet()) {
      h = h * 1_000_003 + e.getKey().hashCode();
      h = h * 1_000_003 + hash(e.getValue());
    }
    return (int) mix(h);
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
