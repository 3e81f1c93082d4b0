package org.sealcheck.model.revision;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Sets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.model.state.SpecValue;

/**
 * One revision as the spec sees it: its name and the value of every behaviour switch, exactly as
 * {@code specs/<Spec>/revisions.json} declares them and each cfg assigns them (Booleans, strings,
 * sets of strings). A model reads its switches through this and never tests a revision's name.
 *
 * @param revision the revision's name, a label (traces, reports, messages)
 * @param values switch name to value
 */
public record Switches(String revision, ImmutableSortedMap<String, SpecValue> values) {

  public Switches {
    if (revision == null || revision.isEmpty()) {
      throw new IllegalArgumentException("a revision needs a name");
    }
    values = ImmutableSortedMap.copyOf(values);
  }

  public static Switches of(String revision, Map<String, SpecValue> values) {
    return new Switches(revision, ImmutableSortedMap.copyOf(values));
  }

  /** This revision under another name with some switches changed (a scaffolded patch revision). */
  public Switches with(String name, Map<String, SpecValue> changed) {
    ImmutableMap.Builder<String, SpecValue> b = ImmutableMap.builder();
    values.forEach((k, v) -> b.put(k, changed.getOrDefault(k, v)));
    changed.keySet().stream().filter(k -> !values.containsKey(k)).forEach(k -> b.put(k, changed.get(k)));
    return new Switches(name, ImmutableSortedMap.copyOf(b.buildOrThrow()));
  }

  /**
   * Fails unless the switches are exactly {@code implemented}: a switch the model does not
   * implement means a behaviour it cannot run (and so no conformance); a missing one, a revision
   * it cannot configure.
   *
   * @throws UnknownSwitchException naming the first such switch and the ones the model knows
   */
  public Switches requireExactly(Set<String> implemented, String model) {
    Set<String> unknown = Sets.difference(values.keySet(), implemented);
    if (!unknown.isEmpty()) {
      throw new UnknownSwitchException(model + " does not implement switch " + unknown.iterator().next()
          + " of revision " + revision + " (it implements: " + String.join(", ", ImmutableSortedSet.copyOf(implemented)) + ")");
    }
    Set<String> missing = Sets.difference(implemented, values.keySet());
    if (!missing.isEmpty()) {
      throw new UnknownSwitchException("revision " + revision + " gives no value for switch "
          + missing.iterator().next() + ", which " + model + " needs");
    }
    return this;
  }

  public boolean bool(String name) {
    SpecValue v = get(name);
    if (!(v instanceof SpecValue.Bool b)) {
      throw bad(name, v, "a Boolean");
    }
    return b.value();
  }

  /** A string switch, which must be one of {@code allowed}. */
  public String string(String name, Set<String> allowed) {
    SpecValue v = get(name);
    if (!(v instanceof SpecValue.Str s)) {
      throw bad(name, v, "a string");
    }
    if (!allowed.contains(s.value())) {
      throw bad(name, v, "one of " + quoted(allowed));
    }
    return s.value();
  }

  /** A set-of-strings switch, a subset of {@code allowed}. */
  public Set<String> strings(String name, Set<String> allowed) {
    SpecValue v = get(name);
    if (!(v instanceof SpecValue.SetV set)) {
      throw bad(name, v, "a set of strings");
    }
    ImmutableSortedSet.Builder<String> out = ImmutableSortedSet.naturalOrder();
    for (SpecValue e : set.elems()) {
      if (!(e instanceof SpecValue.Str s) || !allowed.contains(s.value())) {
        throw bad(name, v, "a subset of " + quoted(allowed));
      }
      out.add(s.value());
    }
    return out.build();
  }

  private SpecValue get(String name) {
    SpecValue v = values.get(name);
    if (v == null) {
      throw new UnknownSwitchException("revision " + revision + " gives no value for switch " + name);
    }
    return v;
  }

  private IllegalArgumentException bad(String name, SpecValue v, String what) {
    return new IllegalArgumentException("revision " + revision + ": switch " + name + " = " + v.toTla()
        + " must be " + what);
  }

  private static String quoted(Set<String> s) {
    return ImmutableSortedSet.copyOf(s).stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public String toString() {
    return revision;
  }
}
