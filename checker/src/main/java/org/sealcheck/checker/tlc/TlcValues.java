package org.sealcheck.checker.tlc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import tla2sany.semantic.OpDeclNode;
import tlc2.tool.TLCState;
import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Enumerable;
import tlc2.value.impl.FcnLambdaValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.IntervalValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import tlc2.value.impl.ValueVec;
import util.UniqueString;

/**
 * Conversions between tla2tools values and {@link SpecValue}. Package-private because its
 * signatures necessarily mention tla2tools types, which must not leak out of this package.
 *
 * <p>TLC has several representations of one mathematical value (a tuple, a function on 1..n and a
 * lazy interval all may denote the same thing); the conversion to SpecValue always lands in
 * SpecValue's canonical form so that Java-side equality matches TLC-side equality. The way back
 * always normalizes, because TLC's equality and fingerprints assume sorted sets, records and
 * domains.
 */
final class TlcValues {
  private TlcValues() {}

  // ------------------------------------------------------------------ TLC -> SpecValue

  static SpecValue toSpec(IValue iv) {
    if (iv instanceof IntValue i) {
      return new SpecValue.Int(i.val);
    }
    if (iv instanceof BoolValue b) {
      return new SpecValue.Bool(b.val);
    }
    if (iv instanceof StringValue s) {
      return new SpecValue.Str(s.getVal().toString());
    }
    if (iv instanceof ModelValue m) {
      // Model values are opaque constants; the specs only compare them, so their name suffices.
      return new SpecValue.Str(m.val.toString());
    }
    if (iv instanceof TupleValue t) {
      return seq(t.elems);
    }
    if (iv instanceof RecordValue r) {
      if (r.names.length == 0) {
        return new SpecValue.Seq(ImmutableList.of());
      }
      ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
      for (int i = 0; i < r.names.length; i++) {
        b.put(r.names[i].toString(), toSpec(r.values[i]));
      }
      return new SpecValue.Rec(b.buildOrThrow());
    }
    if (iv instanceof FcnRcdValue f) {
      return fcn(f);
    }
    if (iv instanceof SetEnumValue s) {
      return set(s);
    }
    if (iv instanceof IntervalValue intv) {
      ImmutableSortedSet.Builder<SpecValue> b = ImmutableSortedSet.orderedBy(SpecValue.ORDER);
      for (long k = intv.low; k <= intv.high; k++) {
        b.add(new SpecValue.Int(k));
      }
      return new SpecValue.SetV(b.build());
    }
    if (iv instanceof FcnLambdaValue lambda) {
      Value f = lambda.toFcnRcd();
      if (f != null) {
        return toSpec(f);
      }
    }
    if (iv instanceof Enumerable && iv instanceof Value v) {
      // Lazy sets (SUBSET, [a : A], A \cup B, 1..n as a set expression, ...) are stored unevaluated.
      Value e = v.toSetEnum();
      if (e != null) {
        return toSpec(e);
      }
    }
    if (iv instanceof Value v) {
      Value f = v.toFcnRcd();
      if (f != null && f != v) {
        return toSpec(f);
      }
    }
    throw new IllegalArgumentException("cannot convert TLC value of class "
        + (iv == null ? "null" : iv.getClass().getSimpleName()) + ": " + iv);
  }

  private static SpecValue seq(Value[] elems) {
    ImmutableList.Builder<SpecValue> b = ImmutableList.builderWithExpectedSize(elems.length);
    for (Value e : elems) {
      b.add(toSpec(e));
    }
    return new SpecValue.Seq(b.build());
  }

  private static SpecValue set(SetEnumValue s) {
    ValueVec elems = s.elems;
    ImmutableSortedSet.Builder<SpecValue> b = ImmutableSortedSet.orderedBy(SpecValue.ORDER);
    for (int i = 0; i < elems.size(); i++) {
      b.add(toSpec(elems.elementAt(i)));
    }
    return new SpecValue.SetV(b.build());
  }

  private static SpecValue fcn(FcnRcdValue f) {
    if (f.intv != null) {
      if (f.intv.low == 1 || f.values.length == 0) {
        return seq(f.values);
      }
      Map<SpecValue, SpecValue> m = new HashMap<>();
      for (int i = 0; i < f.values.length; i++) {
        m.put(new SpecValue.Int((long) f.intv.low + i), toSpec(f.values[i]));
      }
      return SpecValue.function(m);
    }
    if (f.domain.length == 0) {
      return new SpecValue.Seq(ImmutableList.of());
    }
    // Fast path for the common string- or model-value-keyed function: straight to a record,
    // without hashing SpecValue keys.
    boolean stringKeys = true;
    for (Value d : f.domain) {
      stringKeys &= d instanceof StringValue || d instanceof ModelValue;
    }
    if (stringKeys) {
      ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
      for (int i = 0; i < f.domain.length; i++) {
        Value d = f.domain[i];
        String key = d instanceof StringValue s ? s.getVal().toString() : ((ModelValue) d).val.toString();
        b.put(key, toSpec(f.values[i]));
      }
      return new SpecValue.Rec(b.buildOrThrow());
    }
    Map<SpecValue, SpecValue> m = new HashMap<>();
    for (int i = 0; i < f.domain.length; i++) {
      m.put(toSpec(f.domain[i]), toSpec(f.values[i]));
    }
    return SpecValue.function(m);
  }

  // ------------------------------------------------------------------ SpecValue -> TLC

  /** Same as {@link #toTlc(SpecValue, Set)} with no model values: every string is a TLA+ string. */
  static Value toTlc(SpecValue v) {
    return toTlc(v, Set.of());
  }

  /**
   * Converts back to a normalized TLC value. Strings named in {@code modelValues} become model
   * values: SpecValue cannot tell the two apart, and TLC refuses to compare a model value with a
   * string, so the caller (who knows the spec's model values) has to say which is which.
   */
  static Value toTlc(SpecValue v, Set<String> modelValues) {
    if (v instanceof SpecValue.Int i) {
      long n = i.value();
      if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("integer " + n + " is outside TLC's 32-bit range");
      }
      return IntValue.gen((int) n);
    }
    if (v instanceof SpecValue.Bool b) {
      return b.value() ? BoolValue.ValTrue : BoolValue.ValFalse;
    }
    if (v instanceof SpecValue.Str s) {
      return modelValues.contains(s.value()) ? ModelValue.make(s.value()) : new StringValue(s.value());
    }
    if (v instanceof SpecValue.SetV s) {
      Value[] elems = new Value[s.elems().size()];
      int k = 0;
      for (SpecValue e : s.elems()) {
        elems[k++] = toTlc(e, modelValues);
      }
      return new SetEnumValue(elems, false).normalize();
    }
    if (v instanceof SpecValue.Seq s) {
      Value[] elems = new Value[s.elems().size()];
      for (int k = 0; k < elems.length; k++) {
        elems[k] = toTlc(s.elems().get(k), modelValues);
      }
      return new TupleValue(elems);
    }
    if (v instanceof SpecValue.Rec r) {
      if (!modelValues.isEmpty() && r.fields().keySet().stream().anyMatch(modelValues::contains)) {
        // A function over model values ([p \in Procs |-> ...]) canonicalizes to a Rec; TLC will
        // not compare a record with such a function, so rebuild the function.
        Value[] dom = new Value[r.fields().size()];
        Value[] vals = new Value[dom.length];
        int k = 0;
        for (Map.Entry<String, SpecValue> e : r.fields().entrySet()) {
          dom[k] = toTlc(new SpecValue.Str(e.getKey()), modelValues);
          vals[k++] = toTlc(e.getValue(), modelValues);
        }
        return new FcnRcdValue(dom, vals, false).normalize();
      }
      UniqueString[] names = new UniqueString[r.fields().size()];
      Value[] vals = new Value[names.length];
      int k = 0;
      for (Map.Entry<String, SpecValue> e : r.fields().entrySet()) {
        names[k] = UniqueString.uniqueStringOf(e.getKey());
        vals[k++] = toTlc(e.getValue(), modelValues);
      }
      return new RecordValue(names, vals, false).normalize();
    }
    if (v instanceof SpecValue.Fun f) {
      Value[] dom = new Value[f.map().size()];
      Value[] vals = new Value[dom.length];
      int k = 0;
      for (Map.Entry<SpecValue, SpecValue> e : f.map().entrySet()) {
        dom[k] = toTlc(e.getKey(), modelValues);
        vals[k++] = toTlc(e.getValue(), modelValues);
      }
      return new FcnRcdValue(dom, vals, false).normalize();
    }
    throw new IllegalArgumentException("unknown SpecValue " + v);
  }

  // ------------------------------------------------------------------ states

  /** All variables of the currently loaded spec; TLC keeps them in a static. */
  static SpecState toSpecState(TLCState s) {
    OpDeclNode[] vars = TLCState.vars;
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    for (OpDeclNode var : vars) {
      IValue v = s.lookup(var.getName());
      if (v == null) {
        throw new IllegalStateException("variable " + var.getName() + " is unassigned in TLC state " + s);
      }
      b.put(var.getName().toString(), toSpec(v));
    }
    return new SpecState(b.buildOrThrow());
  }

  static TLCState toTlcState(SpecState state, Set<String> modelValues) {
    TLCState t = toTlcState(state, (name, v) -> toTlc(v, modelValues));
    t.deepNormalize();
    return t;
  }

  /**
   * Like {@link #toTlcState(SpecState, Set)}, reusing the converted values of {@code prev} (a state
   * already converted to {@code prevTlc}) for the variables whose values are equal: consecutive
   * states of a trace differ in a few variables, and TLC values are immutable once normalized.
   */
  static TLCState toTlcState(SpecState state, Set<String> modelValues, SpecState prev, TLCState prevTlc) {
    return toTlcState(state, (name, v) -> {
      SpecValue p = prev.vars().get(name.toString());
      return p != null && (p == v || p.equals(v)) ? prevTlc.lookup(name) : toTlc(v, modelValues);
    });
  }

  /** Like {@link #toTlcState(SpecState, Set)}, each variable's value taken from {@code cache}. */
  static TLCState toTlcState(SpecState state, Set<String> modelValues, ValueCache cache) {
    return toTlcState(state, (name, v) -> cache.get(v, modelValues));
  }

  /** A TLC state binding each of the spec's variables to {@code value}'s conversion of its value. */
  private static TLCState toTlcState(SpecState state, java.util.function.BiFunction<UniqueString, SpecValue, IValue> value) {
    OpDeclNode[] vars = TLCState.vars;
    if (state.vars().size() != vars.length) {
      throw new IllegalArgumentException("state has variables " + state.vars().keySet()
          + " but the spec has " + varNames(vars));
    }
    TLCState t = TLCState.Empty.createEmpty();
    for (OpDeclNode var : vars) {
      SpecValue v = state.vars().get(var.getName().toString());
      if (v == null) {
        throw new IllegalArgumentException("state has variables " + state.vars().keySet()
            + " but the spec has " + varNames(vars));
      }
      t.bind(var.getName(), value.apply(var.getName(), v));
    }
    return t;
  }


  static ImmutableList<String> varNames(OpDeclNode[] vars) {
    ImmutableList.Builder<String> b = ImmutableList.builder();
    for (OpDeclNode v : vars) {
      b.add(v.getName().toString());
    }
    return b.build();
  }
}
