package org.sealcheck.model.state;

import com.google.common.collect.ImmutableSet;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A spec state seen through the specs' VIEW: equal to another when every variable but the output
 * variables is. The specs' outputs ({@code ret}) are set by every step and read by none, so two
 * states that differ only there have the same futures; walks over the state graph (conformance,
 * revision diff) key their seen-sets by this. Hashes the entries' cached hashes in place, since one
 * of these is made per transition.
 */
public final class ViewKey {
  private final SpecState state;
  private final Set<String> outputs;
  private final int hash;

  public ViewKey(SpecState state, Collection<String> outputs) {
    this.state = state;
    this.outputs = ImmutableSet.copyOf(outputs);
    int h = 0;
    for (Map.Entry<String, SpecValue> e : state.vars().entrySet()) {
      if (!this.outputs.contains(e.getKey())) {
        h = 31 * h + e.getKey().hashCode() * 17 + e.getValue().hashCode();
      }
    }
    this.hash = h;
  }

  /** The state this key was made from (one of the states with this key). */
  public SpecState state() {
    return state;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ViewKey k) || k.hash != hash) {
      return false;
    }
    for (Map.Entry<String, SpecValue> e : state.vars().entrySet()) {
      if (!outputs.contains(e.getKey()) && !e.getValue().equals(k.state.vars().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
