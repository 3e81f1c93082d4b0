package org.sealcheck.model.state;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.MapDifference;
import com.google.common.collect.Maps;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One state of a spec: every variable bound to a {@link SpecValue}. States compare by value, so a
 * Java model state's abstraction and a TLC state are equal exactly when TLC would call them equal.
 *
 * <p>Immutable, with its hash computed once: conformance and replay keep hundreds of thousands of
 * states in hash sets, and a value tree's hash is not cheap.
 */
public final class SpecState {
  private final ImmutableSortedMap<String, SpecValue> vars;
  private final int hash;

  public SpecState(ImmutableSortedMap<String, SpecValue> vars) {
    this.vars = vars;
    this.hash = vars.hashCode();
  }

  public ImmutableSortedMap<String, SpecValue> vars() {
    return vars;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof SpecState s && s.hash == hash && s.vars.equals(vars));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return toTla();
  }

  public static SpecState of(Map<String, ? extends SpecValue> vars) {
    return new SpecState(ImmutableSortedMap.copyOf(vars));
  }

  public SpecValue get(String var) {
    SpecValue v = vars.get(var);
    checkArgument(v != null, "no variable %s in state (variables: %s)", var, vars.keySet());
    return v;
  }

  /** Variables whose values differ from {@code before}, with their new values, in name order. */
  public ImmutableSortedMap<String, SpecValue> changedSince(SpecState before) {
    MapDifference<String, SpecValue> d = Maps.difference(before.vars, vars);
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    d.entriesDiffering().forEach((k, v) -> b.put(k, v.rightValue()));
    d.entriesOnlyOnRight().forEach(b::put);
    return b.build();
  }

  public String toTla() {
    return vars.entrySet().stream().map(e -> "/\\ " + e.getKey() + " = " + e.getValue().toTla())
        .collect(Collectors.joining("\n"));
  }
}
