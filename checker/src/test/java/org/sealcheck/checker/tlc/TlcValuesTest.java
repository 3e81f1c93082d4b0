package org.sealcheck.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.state.SpecValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.IntervalValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.SetOfRcdsValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.SubsetValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

class TlcValuesTest {

  private static Value str(String s) {
    return new StringValue(s);
  }

  private static Value set(Value... vs) {
    return new SetEnumValue(vs, false);
  }

  /** TLC value -> SpecValue gives {@code expected}; and SpecValue -> TLC gives a TLC-equal value. */
  private static void roundTrip(Value tlc, SpecValue expected, Set<String> modelValues) {
    SpecValue spec = TlcValues.toSpec(tlc);
    assertEquals(expected, spec);
    Value back = TlcValues.toTlc(spec, modelValues);
    assertTrue(back.equals(tlc) && tlc.equals(back), () -> tlc + " came back as " + back);
    assertEquals(spec, TlcValues.toSpec(back));
  }

  private static void roundTrip(Value tlc, SpecValue expected) {
    roundTrip(tlc, expected, Set.of());
  }

  @Test
  void scalars() {
    roundTrip(IntValue.gen(-5), SpecValue.of(-5));
    roundTrip(IntValue.gen(Integer.MAX_VALUE), SpecValue.of(Integer.MAX_VALUE));
    roundTrip(BoolValue.ValTrue, SpecValue.of(true));
    roundTrip(BoolValue.ValFalse, SpecValue.of(false));
    roundTrip(str("F_SEAL_WRITE"), SpecValue.of("F_SEAL_WRITE"));
  }

  @Test
  void modelValuesBecomeStringsAndComeBackWhenNamed() {
    Value mv = ModelValue.make("p1");
    roundTrip(mv, SpecValue.of("p1"), Set.of("p1"));
    assertInstanceOf(ModelValue.class, TlcValues.toTlc(SpecValue.of("p1"), Set.of("p1")));
    assertInstanceOf(StringValue.class, TlcValues.toTlc(SpecValue.of("p1")));
  }

  @Test
  void setsAreSortedAndDeduplicated() {
    roundTrip(set(IntValue.gen(3), IntValue.gen(1), IntValue.gen(3)),
        SpecValue.setOf(SpecValue.of(1), SpecValue.of(3)));
    roundTrip(set(), SpecValue.setOf());
    roundTrip(set(set(str("b")), set()), SpecValue.setOf(SpecValue.setOf(), SpecValue.setOf(SpecValue.of("b"))));
  }

  @Test
  void lazySetsAreEnumerated() {
    assertEquals(SpecValue.setOf(SpecValue.of(2), SpecValue.of(3), SpecValue.of(4)),
        TlcValues.toSpec(new IntervalValue(2, 4)));
    assertEquals(SpecValue.setOf(), TlcValues.toSpec(new IntervalValue(1, 0)));
    SpecValue one = SpecValue.of(1);
    SpecValue two = SpecValue.of(2);
    assertEquals(SpecValue.setOf(SpecValue.setOf(), SpecValue.setOf(one), SpecValue.setOf(two), SpecValue.setOf(one, two)),
        TlcValues.toSpec(new SubsetValue(set(IntValue.gen(1), IntValue.gen(2)))));
    Value shapes = new SetOfRcdsValue(new UniqueString[] {UniqueString.uniqueStringOf("a")},
        new Value[] {set(IntValue.gen(1), IntValue.gen(2))}, false);
    assertEquals(SpecValue.setOf(SpecValue.rec("a", one), SpecValue.rec("a", two)), TlcValues.toSpec(shapes));
  }

  @Test
  void tuplesAndIntervalFunctionsAreSequences() {
    SpecValue expected = SpecValue.seqOf(List.of(SpecValue.of(10), SpecValue.of("x")));
    roundTrip(new TupleValue(new Value[] {IntValue.gen(10), str("x")}), expected);
    // [i \in 1..2 |-> ...] is stored with an interval domain
    roundTrip(new FcnRcdValue(new IntervalValue(1, 2), new Value[] {IntValue.gen(10), str("x")}), expected);
    // ... and 1 :> 10 @@ 2 :> "x" with an explicit domain; all three are the same TLA+ value
    roundTrip(new FcnRcdValue(new Value[] {IntValue.gen(2), IntValue.gen(1)}, new Value[] {str("x"), IntValue.gen(10)}, false),
        expected);
    roundTrip(new TupleValue(new Value[0]), SpecValue.seqOf(List.of()));
  }

  @Test
  void emptyFunctionsAndRecordsAreTheEmptySequence() {
    SpecValue empty = SpecValue.seqOf(List.of());
    assertEquals(empty, TlcValues.toSpec(new FcnRcdValue(new Value[0], new Value[0], false)));
    assertEquals(empty, TlcValues.toSpec(new FcnRcdValue(new IntervalValue(1, 0), new Value[0])));
    assertEquals(empty, TlcValues.toSpec(new RecordValue(new UniqueString[0], new Value[0], false)));
  }

  @Test
  void recordsAndStringDomainFunctionsAreRecords() {
    SpecValue expected = SpecValue.rec("cnt", SpecValue.of(1), "last", SpecValue.of("rw"));
    roundTrip(new RecordValue(new UniqueString[] {UniqueString.uniqueStringOf("last"), UniqueString.uniqueStringOf("cnt")},
        new Value[] {str("rw"), IntValue.gen(1)}, false), expected);
    roundTrip(new FcnRcdValue(new Value[] {str("last"), str("cnt")}, new Value[] {str("rw"), IntValue.gen(1)}, false),
        expected);
    // A function over model values is a record too, since model values become strings; knowing
    // the model values, the way back rebuilds the function TLC can compare.
    roundTrip(new FcnRcdValue(new Value[] {ModelValue.make("p1")}, new Value[] {IntValue.gen(0)}, false),
        SpecValue.rec("p1", SpecValue.of(0)), Set.of("p1"));
  }

  @Test
  void otherFunctionsAreFun() {
    SpecValue expected = SpecValue.function(Map.of(SpecValue.of(0), SpecValue.of(false), SpecValue.of(1), SpecValue.of(true)));
    assertInstanceOf(SpecValue.Fun.class, expected);
    roundTrip(new FcnRcdValue(new IntervalValue(0, 1), new Value[] {BoolValue.ValFalse, BoolValue.ValTrue}), expected);
    roundTrip(new FcnRcdValue(new Value[] {IntValue.gen(1), IntValue.gen(0)}, new Value[] {BoolValue.ValTrue, BoolValue.ValFalse},
        false), expected);
    SpecValue setKeyed = SpecValue.function(Map.of(SpecValue.setOf(SpecValue.of(1)), SpecValue.of("a")));
    roundTrip(new FcnRcdValue(new Value[] {set(IntValue.gen(1))}, new Value[] {str("a")}, false), setKeyed);
  }

  @Test
  void nestedValues() {
    Value tlc = new RecordValue(new UniqueString[] {UniqueString.uniqueStringOf("seals"), UniqueString.uniqueStringOf("log")},
        new Value[] {
            new FcnRcdValue(new Value[] {str("rw"), str("ro")}, new Value[] {set(str("F_SEAL_WRITE")), set()}, false),
            new TupleValue(new Value[] {new TupleValue(new Value[] {str("rw"), str("F_SEAL_WRITE")})})},
        false);
    SpecValue expected = SpecValue.rec(
        "log", SpecValue.seqOf(List.of(SpecValue.seqOf(List.of(SpecValue.of("rw"), SpecValue.of("F_SEAL_WRITE"))))),
        "seals", SpecValue.rec("ro", SpecValue.setOf(), "rw", SpecValue.setOf(SpecValue.of("F_SEAL_WRITE"))));
    roundTrip(tlc, expected);
  }

  @Test
  void integersOutsideTlcRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TlcValues.toTlc(SpecValue.of(1L << 40)));
  }
}
