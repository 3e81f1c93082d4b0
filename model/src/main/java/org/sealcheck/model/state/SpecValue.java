package org.sealcheck.model.state;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A TLA+ value as the specs use it, in one canonical form so that equal TLA+ values are equal
 * Java values. This is the vocabulary shared by the Java model's abstraction function, the TLC
 * driver and the ITF trace files.
 *
 * <p>Canonical forms follow TLC's own equalities: a function whose domain is {@code 1..n} is a
 * sequence ({@link Seq}), a function whose domain is a set of strings is a record ({@link Rec}),
 * and the empty function is the empty sequence.
 *
 * <p>Composite values carry their hash, computed once: states are compared and hashed millions
 * of times by conformance, and the value trees are immutable.
 */
public sealed interface SpecValue extends Comparable<SpecValue>
    permits SpecValue.Int, SpecValue.Bool, SpecValue.Str, SpecValue.SetV, SpecValue.Seq,
        SpecValue.Rec, SpecValue.Fun {

  /** Total order used to print sets and function domains deterministically. */
  Comparator<SpecValue> ORDER = Comparator.comparingInt(SpecValue::rank).thenComparing(SpecValue::compareSameKind);

  int rank();

  int compareSameKind(SpecValue other);

  @Override
  default int compareTo(SpecValue o) {
    return ORDER.compare(this, o);
  }

  /** TLA+ text of the value, as TLC would print it (used in messages and replay output). */
  String toTla();

  record Int(long value) implements SpecValue {
    public int rank() { return 0; }
    public int compareSameKind(SpecValue o) { return Long.compare(value, ((Int) o).value); }
    public String toTla() { return Long.toString(value); }
    @Override public String toString() { return toTla(); }
  }

  record Bool(boolean value) implements SpecValue {
    public int rank() { return 1; }
    public int compareSameKind(SpecValue o) { return Boolean.compare(value, ((Bool) o).value); }
    public String toTla() { return value ? "TRUE" : "FALSE"; }
    @Override public String toString() { return toTla(); }
  }

  record Str(String value) implements SpecValue {
    public int rank() { return 2; }
    public int compareSameKind(SpecValue o) { return value.compareTo(((Str) o).value); }
    public String toTla() { return '"' + value + '"'; }
    @Override public String toString() { return toTla(); }
  }

  /** {@code hash} is {@code elems.hashCode()}, computed once by the one-argument constructor. */
  record SetV(ImmutableSortedSet<SpecValue> elems, int hash) implements SpecValue {
    public SetV(ImmutableSortedSet<SpecValue> elems) {
      this(elems, elems.hashCode());
    }
    @Override public int hashCode() { return hash; }
    @Override public boolean equals(Object o) {
      return o == this || (o instanceof SetV x && x.hash == hash && x.elems.equals(elems));
    }
    public int rank() { return 3; }
    public int compareSameKind(SpecValue o) { return compareLists(elems.asList(), ((SetV) o).elems.asList()); }
    public String toTla() {
      return elems.stream().map(SpecValue::toTla).collect(Collectors.joining(", ", "{", "}"));
    }
    @Override public String toString() { return toTla(); }
  }

  /** {@code hash} is {@code elems.hashCode()}, computed once by the one-argument constructor. */
  record Seq(ImmutableList<SpecValue> elems, int hash) implements SpecValue {
    public Seq(ImmutableList<SpecValue> elems) {
      this(elems, elems.hashCode());
    }
    @Override public int hashCode() { return hash; }
    @Override public boolean equals(Object o) {
      return o == this || (o instanceof Seq x && x.hash == hash && x.elems.equals(elems));
    }
    public int rank() { return 4; }
    public int compareSameKind(SpecValue o) { return compareLists(elems, ((Seq) o).elems); }
    public String toTla() {
      return elems.stream().map(SpecValue::toTla).collect(Collectors.joining(", ", "<<", ">>"));
    }
    @Override public String toString() { return toTla(); }
  }

  /** {@code hash} is {@code fields.hashCode()}, computed once by the one-argument constructor. */
  record Rec(ImmutableSortedMap<String, SpecValue> fields, int hash) implements SpecValue {
    public Rec(ImmutableSortedMap<String, SpecValue> fields) {
      this(fields, fields.hashCode());
    }
    @Override public int hashCode() { return hash; }
    @Override public boolean equals(Object o) {
      return o == this || (o instanceof Rec x && x.hash == hash && x.fields.equals(fields));
    }
    public int rank() { return 5; }
    public int compareSameKind(SpecValue o) {
      Rec r = (Rec) o;
      int c = compareLists(fields.keySet().stream().map(Str::new).collect(Collectors.toList()),
          r.fields.keySet().stream().map(Str::new).collect(Collectors.toList()));
      return c != 0 ? c : compareLists(fields.values().asList(), r.fields.values().asList());
    }
    public SpecValue get(String field) {
      SpecValue v = fields.get(field);
      checkArgument(v != null, "record %s has no field %s", this, field);
      return v;
    }
    public String toTla() {
      return fields.entrySet().stream().map(e -> e.getKey() + " |-> " + e.getValue().toTla())
          .collect(Collectors.joining(", ", "[", "]"));
    }
    @Override public String toString() { return toTla(); }
  }

  /** A function whose domain is neither {@code 1..n} nor a set of strings. */
  /** {@code hash} is {@code map.hashCode()}, computed once by the one-argument constructor. */
  record Fun(ImmutableSortedMap<SpecValue, SpecValue> map, int hash) implements SpecValue {
    public Fun(ImmutableSortedMap<SpecValue, SpecValue> map) {
      this(map, map.hashCode());
    }
    @Override public int hashCode() { return hash; }
    @Override public boolean equals(Object o) {
      return o == this || (o instanceof Fun x && x.hash == hash && x.map.equals(map));
    }
    public int rank() { return 6; }
    public int compareSameKind(SpecValue o) {
      Fun f = (Fun) o;
      int c = compareLists(map.keySet().asList(), f.map.keySet().asList());
      return c != 0 ? c : compareLists(map.values().asList(), f.map.values().asList());
    }
    public SpecValue apply(SpecValue arg) {
      SpecValue v = map.get(arg);
      checkArgument(v != null, "%s is not in the domain of %s", arg, this);
      return v;
    }
    public String toTla() {
      return map.entrySet().stream().map(e -> e.getKey().toTla() + " :> " + e.getValue().toTla())
          .collect(Collectors.joining(" @@ ", "(", ")"));
    }
    @Override public String toString() { return toTla(); }
  }

  // ---------------------------------------------------------------- factories

  static Int of(long v) { return new Int(v); }

  static Bool of(boolean v) { return new Bool(v); }

  static Str of(String v) { return new Str(v); }

  static SetV setOf(Iterable<? extends SpecValue> elems) {
    return new SetV(ImmutableSortedSet.copyOf(ORDER, elems));
  }

  static SetV setOf(SpecValue... elems) {
    return setOf(List.of(elems));
  }

  static SetV strings(Iterable<String> names) {
    ImmutableSortedSet.Builder<SpecValue> b = ImmutableSortedSet.orderedBy(ORDER);
    names.forEach(n -> b.add(new Str(n)));
    return new SetV(b.build());
  }

  static Seq seqOf(List<? extends SpecValue> elems) {
    return new Seq(ImmutableList.copyOf(elems));
  }

  static Rec record(Map<String, ? extends SpecValue> fields) {
    return new Rec(ImmutableSortedMap.copyOf(fields));
  }

  /** A record from alternating field names and values: {@code rec("fn", Str.of("x"), "val", Int.of(0))}. */
  static Rec rec(Object... namesAndValues) {
    checkArgument(namesAndValues.length % 2 == 0, "odd number of record arguments");
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.put((String) namesAndValues[i], (SpecValue) namesAndValues[i + 1]);
    }
    return new Rec(b.build());
  }

  /** A function in canonical form: a sequence if its domain is 1..n, a record if its domain is strings. */
  static SpecValue function(Map<? extends SpecValue, ? extends SpecValue> map) {
    if (map.isEmpty()) {
      return new Seq(ImmutableList.of());
    }
    if (map.keySet().stream().allMatch(k -> k instanceof Str)) {
      ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
      map.forEach((k, v) -> b.put(((Str) k).value(), v));
      return new Rec(b.build());
    }
    int n = map.size();
    boolean isSeq = true;
    for (int i = 1; i <= n && isSeq; i++) {
      isSeq = map.containsKey(new Int(i));
    }
    if (isSeq) {
      ImmutableList.Builder<SpecValue> b = ImmutableList.builder();
      for (int i = 1; i <= n; i++) {
        b.add(map.get(new Int(i)));
      }
      return new Seq(b.build());
    }
    return new Fun(ImmutableSortedMap.copyOf(map, ORDER));
  }

  private static int compareLists(List<? extends SpecValue> a, List<? extends SpecValue> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = ORDER.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  // -------------------------------------------------------------- accessors

  default long asLong() {
    checkArgument(this instanceof Int, "%s is not an integer", this);
    return ((Int) this).value();
  }

  default boolean asBool() {
    checkArgument(this instanceof Bool, "%s is not a Boolean", this);
    return ((Bool) this).value();
  }

  default String asString() {
    checkArgument(this instanceof Str, "%s is not a string", this);
    return ((Str) this).value();
  }

  default ImmutableSortedSet<SpecValue> asSet() {
    checkArgument(this instanceof SetV, "%s is not a set", this);
    return ((SetV) this).elems();
  }

  /** Applies a function value (sequence, record or general function) to an argument. */
  default SpecValue apply(SpecValue arg) {
    if (this instanceof Fun f) {
      return f.apply(arg);
    }
    if (this instanceof Rec r && arg instanceof Str s) {
      return r.get(s.value());
    }
    if (this instanceof Seq s && arg instanceof Int i && i.value() >= 1 && i.value() <= s.elems().size()) {
      return s.elems().get((int) i.value() - 1);
    }
    throw new IllegalArgumentException(arg + " is not in the domain of " + this);
  }

  /** The function as a map, whatever its canonical form. */
  default ImmutableMap<SpecValue, SpecValue> asFunction() {
    if (this instanceof Fun f) {
      return f.map();
    }
    if (this instanceof Rec r) {
      ImmutableMap.Builder<SpecValue, SpecValue> b = ImmutableMap.builder();
      r.fields().forEach((k, v) -> b.put(new Str(k), v));
      return b.build();
    }
    if (this instanceof Seq s) {
      ImmutableMap.Builder<SpecValue, SpecValue> b = ImmutableMap.builder();
      for (int i = 0; i < s.elems().size(); i++) {
        b.put(new Int(i + 1), s.elems().get(i));
      }
      return b.build();
    }
    throw new IllegalArgumentException(this + " is not a function");
  }
}
