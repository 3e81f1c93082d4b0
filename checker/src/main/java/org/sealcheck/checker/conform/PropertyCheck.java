package org.sealcheck.checker.conform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.SpecExplorer.Property;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

/**
 * A config's properties held against the Java model's own evaluation of them, state by state and
 * step by step, during a conformance walk: the spec's verdict comes from TLC's evaluator ({@link
 * SpecExplorer#property}), the Java model's from {@link ModelBinding#holds}, on a Java state whose
 * abstraction is the spec state (so a property coded differently in Java than in the spec shows as a
 * disagreement even where both verdicts are "holds" on the configs TLC checks).
 *
 * <p>Invariants are evaluated on a state, step properties ({@code [][A]_v}) on a step; liveness
 * properties are not evaluated here (a verdict on a lasso is not a verdict on a state or step, and
 * replay compares those on the counterexamples).
 *
 * <p><b>What TLC is asked.</b> The verdicts are TLC's, but TLC is not asked the same question
 * twice. A property is split into its conjuncts ({@link SpecExplorer.Part}: an invariant's, or a
 * step property's action A's), and a conjunct's verdict depends only on the values of the variables
 * it reads ({@link SpecExplorer.Part#reads}, found through every definition it uses), so each is
 * memoized by those values ({@link ValueIds}): {@code TypeOK}'s conjunct on {@code seals} is
 * evaluated once per distinct seal set, not once per state, and its conjunct on the output {@code
 * ret} once per return value; and where a step leaves a conjunct's variables alone (the explorer
 * then hands out the very same value objects) the verdict is the one before the step, found
 * without a look-up. Conjuncts are evaluated in order up to the first false one, as TLC does. On a step, where the action A holds the property {@code [A]_v} holds; where it does not (a
 * violation, or a step that leaves v unchanged) TLC is asked about {@code [A]_v} on that very step.
 * A conjunct that reads every variable is not memoized (no two states share its key). The Java
 * side is asked every time: it is the code under test, and cheap.
 */
final class PropertyCheck<S> {

  /** Above this many memoized verdicts of one property the memo stops growing (it still answers). */
  private static final int MEMO_CAPACITY = 1 << 18;

  /**
   * A disagreement: the property, and each side's verdict, or why the Java model gave none (it does
   * not know the property).
   */
  record Disagreement(String property, boolean spec, boolean java, String javaError) {
    String describe() {
      return javaError != null ? property + ": spec " + verdict(spec) + ", the Java model cannot evaluate it ("
          + javaError + ")" : property + ": spec " + verdict(spec) + ", Java " + verdict(java);
    }

    private static String verdict(boolean holds) {
      return holds ? "holds" : "violated";
    }
  }

  /** The values (as {@link ValueIds}) a part reads in a state, or in both states of a step. */
  private static final class Projection {
    private final int[] ids;
    private final int hash;

    Projection(int[] ids) {
      this.ids = ids;
      this.hash = Arrays.hashCode(ids);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Projection p && p.hash == hash && Arrays.equals(p.ids, ids);
    }
  }

  /** One conjunct of a property, with its memo (null when it reads every variable). */
  private static final class Part {
    final SpecExplorer.Part part;
    final String[] reads;
    /** Where each of {@link #reads} is in a state's variables (which are in name order). */
    final int[] at;
    final int variables;
    final Map<Projection, Boolean> memo;
    /** Among the memoized parts of invariants, or of step properties, this one's place (else -1). */
    int index = -1;

    Part(SpecExplorer.Part part, List<String> variablesInOrder) {
      this.part = part;
      this.reads = part.reads().toArray(new String[0]);
      this.at = new int[reads.length];
      for (int i = 0; i < reads.length; i++) {
        at[i] = variablesInOrder.indexOf(reads[i]);
      }
      this.variables = variablesInOrder.size();
      this.memo = reads.length < variables ? new HashMap<>() : null;
    }

    SpecValue value(SpecState s, int i) {
      return s.vars().size() == variables ? s.vars().values().asList().get(at[i]) : s.vars().get(reads[i]);
    }

    /** Whether {@code t} holds the very objects {@code s} holds in the variables this part reads. */
    boolean unchanged(SpecState s, SpecState t) {
      for (int i = 0; i < reads.length; i++) {
        if (value(s, i) != value(t, i)) {
          return false;
        }
      }
      return true;
    }

    Projection key(ValueIds ids, SpecState s) {
      int[] v = new int[reads.length];
      for (int i = 0; i < reads.length; i++) {
        v[i] = ids.of(value(s, i));
      }
      return new Projection(v);
    }

    /** The ids of the values this part reads in {@code s}. */
    int[] ids(ValueIds ids, SpecState s) {
      int[] v = new int[reads.length];
      for (int i = 0; i < reads.length; i++) {
        v[i] = ids.of(value(s, i));
      }
      return v;
    }

    /** The key of a step from a state whose {@link #ids} are {@code from}, to {@code t}. */
    Projection key(ValueIds ids, int[] from, SpecState t) {
      int[] v = Arrays.copyOf(from, 2 * reads.length);
      for (int i = 0; i < reads.length; i++) {
        v[reads.length + i] = ids.of(value(t, i));
      }
      return new Projection(v);
    }

    void remember(Projection key, boolean verdict) {
      if (memo.size() < MEMO_CAPACITY) {
        memo.put(key, verdict);
      }
    }
  }

  private static final class Checked {
    final Property property;
    final List<Part> parts = new ArrayList<>();

    Checked(Property property, List<String> variablesInOrder) {
      this.property = property;
      property.parts().forEach(pt -> parts.add(new Part(pt, variablesInOrder)));
    }
  }

  private final SpecExplorer explorer;
  private final ModelBinding<S> binding;
  private final ValueIds ids;
  private final List<Checked> invariants = new ArrayList<>();
  private final List<Checked> steps = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private long evaluations;
  /** The memoized parts of step properties, and their ids in the state the last step left. */
  private final List<Part> memoParts = new ArrayList<>();
  private final int[][] fromIds;
  private final Boolean[] unchangedVerdict;
  private SpecState lastFrom;
  /** The verdicts of the memoized parts of invariants in the parent of the last state asked about. */
  private final Boolean[] parentVerdict;
  private SpecState lastParent;

  /**
   * @throws BadInputException when the spec has no such invariant or step property
   */
  PropertyCheck(SpecExplorer explorer, ModelBinding<S> binding, List<String> invariantNames,
      List<String> stepPropertyNames, ValueIds ids) {
    this.explorer = explorer;
    this.binding = binding;
    this.ids = ids;
    // A state's variables, in the order of its (sorted) map.
    List<String> variables = explorer.variables().stream().sorted().toList();
    for (String name : invariantNames) {
      Property p = resolve(name);
      if (p.isStep()) {
        throw new BadInputException(name + " is a step property ([][A]_v) in " + explorer.module()
            + ", not an invariant");
      }
      invariants.add(new Checked(p, variables));
      names.add(name);
    }
    for (String name : stepPropertyNames) {
      Property p = resolve(name);
      if (!p.isStep()) {
        throw new BadInputException(name + " is an invariant in " + explorer.module() + ", not a step property");
      }
      steps.add(new Checked(p, variables));
      names.add(name);
    }
    for (Checked c : steps) {
      for (Part pt : c.parts) {
        if (pt.memo != null) {
          pt.index = memoParts.size();
          memoParts.add(pt);
        }
      }
    }
    fromIds = new int[memoParts.size()][];
    unchangedVerdict = new Boolean[memoParts.size()];
    int n = 0;
    for (Checked c : invariants) {
      for (Part pt : c.parts) {
        if (pt.memo != null) {
          pt.index = n++;
        }
      }
    }
    parentVerdict = new Boolean[n];
  }

  private Property resolve(String name) {
    try {
      return explorer.property(name);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(explorer.module() + ": " + e.getMessage());
    }
  }

  /** The properties compared, invariants first. */
  List<String> names() {
    return names;
  }

  /** Verdicts compared so far (one per property and state, or property and step). */
  long evaluations() {
    return evaluations;
  }

  /**
   * The first invariant on which the two sides disagree in {@code spec}, implemented by {@code
   * java}; null if none. {@code parent} is the state {@code spec} was reached from (null for the
   * initial state): a walk asks about many successors of one state in a row, and a conjunct whose
   * variables a step leaves alone has the parent's verdict.
   */
  Disagreement onState(SpecState parent, SpecState spec, S java) {
    if (parent != lastParent) {
      lastParent = parent;
      Arrays.fill(parentVerdict, null);
    }
    for (Checked c : invariants) {
      boolean holds = true;
      // Conjunct by conjunct, stopping at the first false one, as TLC does.
      for (int i = 0; i < c.parts.size() && holds; i++) {
        Part pt = c.parts.get(i);
        if (pt.memo == null) {
          holds = evalState(pt, spec);
          continue;
        }
        boolean unchanged = parent != null && pt.unchanged(parent, spec);
        if (unchanged && parentVerdict[pt.index] != null) {
          holds = parentVerdict[pt.index];
          continue;
        }
        Projection k = pt.key(ids, spec);
        Boolean m = pt.memo.get(k);
        if (m == null) {
          m = evalState(pt, spec);
          pt.remember(k, m);
        }
        holds = m;
        if (unchanged) {
          parentVerdict[pt.index] = m;
        }
      }
      Disagreement d = compare(c, holds, java, java);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  /** The first step property on which the two sides disagree on the step; null if none. */
  Disagreement onStep(SpecState from, S javaFrom, SpecState to, S javaTo) {
    if (from != lastFrom) {
      // A walk asks about every step out of one state in a row: its half of the keys once, and
      // the verdict on the steps that leave what a part reads as it is once.
      lastFrom = from;
      for (int i = 0; i < memoParts.size(); i++) {
        fromIds[i] = memoParts.get(i).ids(ids, from);
        unchangedVerdict[i] = null;
      }
    }
    for (Checked c : steps) {
      boolean a = true;
      for (int i = 0; i < c.parts.size() && a; i++) {
        Part pt = c.parts.get(i);
        if (pt.memo == null) {
          a = evalStep(pt, from, to);
          continue;
        }
        // The explorer hands out a successor with its parent's very values where the step leaves a
        // variable alone: then the key is (from, from) whatever the step.
        boolean unchanged = pt.unchanged(from, to);
        if (unchanged && unchangedVerdict[pt.index] != null) {
          a = unchangedVerdict[pt.index];
          continue;
        }
        Projection k = pt.key(ids, fromIds[pt.index], to);
        Boolean m = pt.memo.get(k);
        if (m == null) {
          m = evalStep(pt, from, to);
          pt.remember(k, m);
        }
        a = m;
        if (unchanged) {
          unchangedVerdict[pt.index] = m;
        }
      }
      // [A]_v: where A holds, so does the property; elsewhere only v decides, on this very step.
      boolean holds = a || evalWhole(c, from, to);
      Disagreement d = compare(c, holds, javaFrom, javaTo);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  /** The Java model's verdict (on an invariant: in {@code after}) against the spec's. */
  private Disagreement compare(Checked c, boolean spec, S before, S after) {
    evaluations++;
    boolean java;
    try {
      java = binding.holds(c.property.name(), before, after);
    } catch (IllegalArgumentException e) {
      return new Disagreement(c.property.name(), spec, false, e.getMessage());
    }
    return spec == java ? null : new Disagreement(c.property.name(), spec, java, null);
  }

  private boolean evalState(Part pt, SpecState s) {
    return explorer.partHolds(pt.part, s);
  }

  private boolean evalStep(Part pt, SpecState s, SpecState t) {
    return explorer.partHolds(pt.part, s, t);
  }

  private boolean evalWhole(Checked c, SpecState s, SpecState t) {
    return explorer.holds(c.property, s, t);
  }
}
