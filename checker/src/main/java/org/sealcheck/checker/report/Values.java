package org.sealcheck.checker.report;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sealcheck.model.state.SpecValue;

/**
 * Spec values as a kernel developer reads them in a report: TLA+ notation, but strings that are
 * plain names ({@code v1}, {@code NoPfn}, {@code F_SEAL_WRITE}) without quotes; and the change
 * between two values as one line per changed leaf ({@code spte[1].pfn: NoPfn -> p1}).
 */
final class Values {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.+-]+");

  /** One changed leaf: a path below a variable, the value before and after. */
  record Change(String path, String before, String after) {}

  private Values() {}

  static String show(SpecValue v) {
    if (v instanceof SpecValue.Str s) {
      return PLAIN.matcher(s.value()).matches() ? s.value() : s.toTla();
    } else if (v instanceof SpecValue.SetV s) {
      return s.elems().stream().map(Values::show).collect(Collectors.joining(", ", "{", "}"));
    } else if (v instanceof SpecValue.Seq s) {
      return s.elems().stream().map(Values::show).collect(Collectors.joining(", ", "<<", ">>"));
    } else if (v instanceof SpecValue.Rec r) {
      return r.fields().entrySet().stream().map(e -> e.getKey() + " |-> " + show(e.getValue()))
          .collect(Collectors.joining(", ", "[", "]"));
    } else if (v instanceof SpecValue.Fun f) {
      return f.map().entrySet().stream().map(e -> show(e.getKey()) + " :> " + show(e.getValue()))
          .collect(Collectors.joining(" @@ ", "(", ")"));
    }
    return v.toTla();
  }

  /** The changed leaves from {@code before} to {@code after}, appended to {@code out}. */
  static void diff(String path, SpecValue before, SpecValue after, List<Change> out) {
    if (before.equals(after)) {
      return;
    }
    if (before instanceof SpecValue.Rec a && after instanceof SpecValue.Rec b
        && a.fields().keySet().equals(b.fields().keySet())) {
      for (Map.Entry<String, SpecValue> e : a.fields().entrySet()) {
        diff(path + "." + e.getKey(), e.getValue(), b.fields().get(e.getKey()), out);
      }
    } else if (before instanceof SpecValue.Fun a && after instanceof SpecValue.Fun b
        && a.map().keySet().equals(b.map().keySet())) {
      for (Map.Entry<SpecValue, SpecValue> e : a.map().entrySet()) {
        diff(path + "[" + show(e.getKey()) + "]", e.getValue(), b.map().get(e.getKey()), out);
      }
    } else if (before instanceof SpecValue.Seq a && after instanceof SpecValue.Seq b
        && a.elems().size() == b.elems().size()) {
      for (int i = 0; i < a.elems().size(); i++) {
        diff(path + "[" + (i + 1) + "]", a.elems().get(i), b.elems().get(i), out);
      }
    } else {
      out.add(new Change(path, show(before), show(after)));
    }
  }
}
