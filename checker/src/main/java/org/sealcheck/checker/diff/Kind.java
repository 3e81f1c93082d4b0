package org.sealcheck.checker.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * A kind of state: one variable, or one entry of a variable that is a function, taking one value,
 * e.g. {@code vcpu_pc.v1 = "check"}, {@code spte[1] = [pfn |-> p2, private |-> FALSE]},
 * {@code seals = {"F_SEAL_WRITE"}}, {@code ret = [fn |-> "memfd_add_seals", val |-> -16, ...]}.
 *
 * <p>Functions and records are split one level, per argument or field (per vCPU, per page index,
 * per VMA slot), so the kinds of a config stay a few hundred and each one says which value a
 * kernel field can take; nested values stay whole (a vCPU's {@code fault} record, an SPTE). The
 * output variable {@code ret} is a kind of its own, whole: which function returned which errno is
 * the behaviour, not its fields apart (MemfdSeals's ghost {@code arg} is the step's label, which the
 * diff compares as actions, so it has no kinds).
 *
 * @param variable the spec variable
 * @param entry the argument or field ("" for the whole variable)
 * @param value the value
 */
record Kind(String variable, String entry, SpecValue value) implements Comparable<Kind> {

  static Kind whole(String variable, SpecValue value) {
    return new Kind(variable, "", value);
  }

  /**
   * The kinds of {@code s}: one per variable but the output variables, or one per entry of a
   * function-valued variable.
   */
  static List<Kind> of(SpecState s, List<String> outputs) {
    List<Kind> out = new ArrayList<>();
    for (Map.Entry<String, SpecValue> e : s.vars().entrySet()) {
      String var = e.getKey();
      SpecValue v = e.getValue();
      if (outputs.contains(var)) {
        continue;
      }
      if (v instanceof SpecValue.Fun f && !f.map().isEmpty()) {
        f.map().forEach((arg, x) -> out.add(new Kind(var, "[" + arg.toTla() + "]", x)));
      } else if (v instanceof SpecValue.Seq q && !q.elems().isEmpty()) {
        for (int i = 0; i < q.elems().size(); i++) {
          out.add(new Kind(var, "[" + (i + 1) + "]", q.elems().get(i)));
        }
      } else if (v instanceof SpecValue.Rec r && !r.fields().isEmpty()) {
        r.fields().forEach((field, x) -> out.add(new Kind(var, "." + field, x)));
      } else {
        out.add(whole(var, v));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return variable + entry + " = " + value.toTla();
  }

  @Override
  public int compareTo(Kind o) {
    int c = variable.compareTo(o.variable);
    if (c == 0) {
      c = entry.compareTo(o.entry);
    }
    return c != 0 ? c : value.compareTo(o.value);
  }
}
