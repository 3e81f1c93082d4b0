package org.sealcheck.model.memfd;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * Step labels for the memfd model: builders of the {@link Step}s TLC would print for each action,
 * and the parser from a label (an ITF trace's {@code #meta}, a TLC action) to a {@link MemfdStep}.
 * The parser checks names and types, not bounds: whether a step is in a configuration's alphabet is
 * the {@link MemfdMachine}'s question.
 */
public final class MemfdSteps {
  private MemfdSteps() {}

  // ------------------------------------------------------------------ builders

  public static Step memfdCreate(MfdFlag... flags) {
    EnumSet<MfdFlag> s = EnumSet.noneOf(MfdFlag.class);
    s.addAll(Arrays.asList(flags));
    return new MemfdStep.MemfdCreate(s).toStep();
  }

  public static Step memfdAddSeals(File f, Seal... seals) {
    EnumSet<Seal> s = EnumSet.noneOf(Seal.class);
    s.addAll(Arrays.asList(seals));
    return new MemfdStep.MemfdAddSeals(f, s).toStep();
  }

  public static Step shmemFileWriteIter(int pos, int len) {
    return new MemfdStep.ShmemFileWriteIter(pos, len).toStep();
  }

  public static Step shmemSetattrSize(int newsize) {
    return new MemfdStep.ShmemSetattrSize(newsize).toStep();
  }

  /** {@code mode} as a number: 0777 or 0666. */
  public static Step shmemSetattrMode(int mode) {
    return new MemfdStep.ShmemSetattrMode(mode).toStep();
  }

  public static Step shmemFallocate(FallocMode mode, int off, int len) {
    return new MemfdStep.ShmemFallocate(mode, off, len).toStep();
  }

  public static Step doMmap(int v, File f, boolean shared, boolean write) {
    return new MemfdStep.DoMmap(v, f, shared, write).toStep();
  }

  public static Step doMprotectPkey(int v, boolean write) {
    return new MemfdStep.DoMprotectPkey(v, write).toStep();
  }

  public static Step doVmiMunmap(int v) {
    return new MemfdStep.DoVmiMunmap(v).toStep();
  }

  public static Step shmemFault(int v, int i, boolean write) {
    return new MemfdStep.ShmemFault(v, i, write).toStep();
  }

  public static Step shmemMfillAtomicPte(int v, int i) {
    return new MemfdStep.ShmemMfillAtomicPte(v, i).toStep();
  }

  public static Step shmemGetLockPfn(int i) {
    return new MemfdStep.ShmemGetLockPfn(i).toStep();
  }

  public static Step shmemReadISize(int i) {
    return new MemfdStep.ShmemReadISize(i).toStep();
  }

  public static Step shmemReadCheckSeal(int i) {
    return new MemfdStep.ShmemReadCheckSeal(i).toStep();
  }

  public static Step shmemReadCopy() {
    return new MemfdStep.ShmemReadCopy().toStep();
  }

  // ------------------------------------------------------------------ parser

  /** The spec's action names, in Next's order. */
  public static final List<String> ACTIONS = List.of("MemfdCreate",
      "MemfdAddSeals", "ShmemFileWriteIter", "ShmemSetattrSize", "ShmemSetattrMode",
      "ShmemFallocate", "DoMmap", "DoMprotectPkey", "DoVmiMunmap", "ShmemFault",
      "ShmemMfillAtomicPte", "ShmemGetLockPfn", "ShmemReadISize", "ShmemReadCheckSeal",
      "ShmemReadCopy");

  /**
   * The typed step for a label.
   *
   * @throws IllegalArgumentException naming the unknown action, the missing or unexpected
   *     parameter, or the value that is not of the parameter's kind
   */
  public static MemfdStep parse(Step step) {
    return parse(step.action(), step.params());
  }

  public static MemfdStep parse(String action, Map<String, SpecValue> params) {
    try {
      return parseUnchecked(action, params);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(action)) {
        throw e;
      }
      throw new IllegalArgumentException(action + ": " + e.getMessage(), e);
    }
  }

  private static MemfdStep parseUnchecked(String action, Map<String, SpecValue> params) {
    switch (action) {
      case "MemfdCreate": {
        expect(action, params, "flags");
        EnumSet<MfdFlag> flags = EnumSet.noneOf(MfdFlag.class);
        for (String n : strings(action, params, "flags")) {
          flags.add(MfdFlag.fromName(n));
        }
        return new MemfdStep.MemfdCreate(flags);
      }
      case "MemfdAddSeals": {
        expect(action, params, "f", "s");
        EnumSet<Seal> seals = EnumSet.noneOf(Seal.class);
        for (String n : strings(action, params, "s")) {
          seals.add(Seal.fromName(n));
        }
        return new MemfdStep.MemfdAddSeals(File.fromName(str(action, params, "f")), seals);
      }
      case "ShmemFileWriteIter":
        expect(action, params, "pos", "len");
        return new MemfdStep.ShmemFileWriteIter(integer(action, params, "pos"), integer(action, params, "len"));
      case "ShmemSetattrSize":
        expect(action, params, "newsize");
        return new MemfdStep.ShmemSetattrSize(integer(action, params, "newsize"));
      case "ShmemSetattrMode": {
        expect(action, params, "mode");
        String m = str(action, params, "mode");
        if (!m.equals("0777") && !m.equals("0666")) {
          throw new IllegalArgumentException(action + ": mode " + m + " is not one of \"0777\", \"0666\"");
        }
        return new MemfdStep.ShmemSetattrMode(Integer.parseInt(m, 8));
      }
      case "ShmemFallocate":
        expect(action, params, "mode", "off", "len");
        return new MemfdStep.ShmemFallocate(FallocMode.fromName(str(action, params, "mode")),
            integer(action, params, "off"), integer(action, params, "len"));
      case "DoMmap":
        expect(action, params, "v", "f", "shared", "write");
        return new MemfdStep.DoMmap(integer(action, params, "v"), File.fromName(str(action, params, "f")),
            bool(action, params, "shared"), bool(action, params, "write"));
      case "DoMprotectPkey":
        expect(action, params, "v", "write");
        return new MemfdStep.DoMprotectPkey(integer(action, params, "v"), bool(action, params, "write"));
      case "DoVmiMunmap":
        expect(action, params, "v");
        return new MemfdStep.DoVmiMunmap(integer(action, params, "v"));
      case "ShmemFault":
        expect(action, params, "v", "i", "write");
        return new MemfdStep.ShmemFault(integer(action, params, "v"), integer(action, params, "i"),
            bool(action, params, "write"));
      case "ShmemMfillAtomicPte":
        expect(action, params, "v", "i");
        return new MemfdStep.ShmemMfillAtomicPte(integer(action, params, "v"), integer(action, params, "i"));
      case "ShmemGetLockPfn":
        expect(action, params, "i");
        return new MemfdStep.ShmemGetLockPfn(integer(action, params, "i"));
      case "ShmemReadISize":
        expect(action, params, "i");
        return new MemfdStep.ShmemReadISize(integer(action, params, "i"));
      case "ShmemReadCheckSeal":
        expect(action, params, "i");
        return new MemfdStep.ShmemReadCheckSeal(integer(action, params, "i"));
      case "ShmemReadCopy":
        expect(action, params);
        return new MemfdStep.ShmemReadCopy();
      default:
        throw new IllegalArgumentException("unknown memfd action " + action + " (known: " + ACTIONS + ")");
    }
  }

  private static void expect(String action, Map<String, SpecValue> params, String... names) {
    Set<String> want = new TreeSet<>(Arrays.asList(names));
    if (!want.equals(new TreeSet<>(params.keySet()))) {
      Set<String> extra = new TreeSet<>(params.keySet());
      extra.removeAll(want);
      Set<String> missing = new TreeSet<>(want);
      missing.removeAll(params.keySet());
      throw new IllegalArgumentException(action + " takes parameters " + want
          + (extra.isEmpty() ? "" : "; unknown " + extra)
          + (missing.isEmpty() ? "" : "; missing " + missing));
    }
  }

  private static int integer(String action, Map<String, SpecValue> params, String name) {
    SpecValue v = params.get(name);
    if (!(v instanceof SpecValue.Int i) || i.value() < Integer.MIN_VALUE || i.value() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(action + ": parameter " + name + " must be an integer, was " + v);
    }
    return (int) i.value();
  }

  private static boolean bool(String action, Map<String, SpecValue> params, String name) {
    SpecValue v = params.get(name);
    if (!(v instanceof SpecValue.Bool b)) {
      throw new IllegalArgumentException(action + ": parameter " + name + " must be a Boolean, was " + v);
    }
    return b.value();
  }

  private static String str(String action, Map<String, SpecValue> params, String name) {
    SpecValue v = params.get(name);
    if (!(v instanceof SpecValue.Str s)) {
      throw new IllegalArgumentException(action + ": parameter " + name + " must be a string, was " + v);
    }
    return s.value();
  }

  private static Set<String> strings(String action, Map<String, SpecValue> params, String name) {
    SpecValue v = params.get(name);
    if (!(v instanceof SpecValue.SetV set)) {
      throw new IllegalArgumentException(action + ": parameter " + name + " must be a set of strings, was " + v);
    }
    Set<String> out = new TreeSet<>();
    for (SpecValue e : set.elems()) {
      if (!(e instanceof SpecValue.Str s)) {
        throw new IllegalArgumentException(action + ": parameter " + name + " must be a set of strings, has " + e);
      }
      out.add(s.value());
    }
    return out;
  }
}
