package org.sealcheck.checker.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sealcheck.model.state.SpecState;

/**
 * A trace in the Informal Trace Format (Apalache ADR-015): metadata, the variable names and the
 * states in order.
 *
 * <p>Metadata maps hold JSON-ish values only: String, Boolean, Integer/Long/BigInteger,
 * Double/BigDecimal, List of such values, and String-keyed Map of such values (kept sorted, so
 * output is deterministic). {@code null} is not allowed.
 *
 * @param meta the top-level {@code "#meta"} object; empty when absent
 * @param vars the variable names, in the file's order; every state binds exactly these
 * @param states the states, first state first
 */
public record ItfTrace(ImmutableSortedMap<String, Object> meta, List<String> vars, List<ItfState> states) {

  public ItfTrace {
    meta = Json.metaCopy(meta);
    vars = ImmutableList.copyOf(vars);
    states = ImmutableList.copyOf(states);
    Set<String> names = new HashSet<>(vars);
    checkArgument(names.size() == vars.size(), "duplicate variable names in %s", vars);
    for (int i = 0; i < states.size(); i++) {
      Set<String> has = states.get(i).state().vars().keySet();
      checkArgument(has.equals(names), "state %s binds %s, but vars are %s", i, has, vars);
    }
  }

  /**
   * A trace of {@code states} with the given top-level metadata, variables in name order, and
   * each state's metadata set to its {@code "index"} (as Apalache writes it).
   */
  public static ItfTrace of(Map<String, ?> meta, List<SpecState> states) {
    List<String> vars = states.isEmpty() ? List.of() : List.copyOf(states.get(0).vars().keySet());
    ImmutableList.Builder<ItfState> b = ImmutableList.builder();
    for (int i = 0; i < states.size(); i++) {
      b.add(new ItfState(ImmutableSortedMap.of("index", i), states.get(i)));
    }
    return new ItfTrace(ImmutableSortedMap.copyOf(meta), vars, b.build());
  }

  /** The states without their metadata. */
  public List<SpecState> specStates() {
    return states.stream().map(ItfState::state).toList();
  }
}
