package org.sealcheck.checker.trace;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import org.sealcheck.model.state.SpecState;

/**
 * One state of an ITF trace.
 *
 * @param meta the state's {@code "#meta"} object (JSON-ish values, see {@link ItfTrace}); empty
 *     when the state has none
 * @param state the variables' values
 */
public record ItfState(ImmutableSortedMap<String, Object> meta, SpecState state) {

  public ItfState {
    meta = Json.metaCopy(meta);
  }

  public static ItfState of(SpecState state) {
    return new ItfState(ImmutableSortedMap.of(), state);
  }

  public static ItfState of(Map<String, ?> meta, SpecState state) {
    return new ItfState(ImmutableSortedMap.copyOf(meta), state);
  }
}
