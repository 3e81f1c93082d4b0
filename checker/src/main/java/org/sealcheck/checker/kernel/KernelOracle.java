package org.sealcheck.checker.kernel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.sealcheck.checker.kernel.OracleResult.Disagreement;
import org.sealcheck.checker.export.CExport;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.memfd.KernelFn;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdMachine;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MemfdSystem;
import org.sealcheck.model.memfd.PageContent;
import org.sealcheck.model.memfd.Ret;
import org.sealcheck.model.memfd.Seal;
import org.sealcheck.model.memfd.VmFlag;

/**
 * Runs memfd operation sequences on the live kernel and on the Java model of {@code config}'s
 * revision, and compares after every step: the return value (errno included), the data a load or
 * read() saw, F_GET_SEALS and the size. Every sequence starts with no memfd (so its first step is a
 * memfd_create()) and ends with everything unmapped and closed.
 *
 * <p>The steps are the model's alphabet for the config's bounds, less what {@link
 * CExport#notExportable} says userspace cannot do, and each is tried only where the spec's guard
 * holds (a slot is mapped, the fd exists): those guards are the harness's, not kernel checks. The one
 * exception is a store through a slot without VM_WRITE, which the spec leaves out because the CPU
 * faults before shmem is asked: it is run, and SIGSEGV with nothing changed is what must happen.
 */
public final class KernelOracle {

  private final MemfdMachine model;
  private final List<MemfdStep> alphabet = new ArrayList<>();
  private long sequences;
  private long operations;

  public KernelOracle(MemfdConfig config) {
    this.model = new MemfdMachine(config);
    for (MemfdStep s : model.typedAlphabet()) {
      if (CExport.notExportable(s, config.revision(), config.revision()) == null) {
        alphabet.add(s);
      }
    }
  }

  /** The userspace-visible steps, in the model's order. */
  public List<MemfdStep> alphabet() {
    return List.copyOf(alphabet);
  }

  /**
   * Every sequence of 1..depth steps, all of length 1 first, then all of length 2, ...: the first
   * disagreement reported is a shortest one.
   */
  public OracleResult<MemfdStep> exhaustive(int depth) throws OracleUnavailable {
    long start = System.nanoTime();
    try (LiveMemfd live = new LiveMemfd(model.config().maxPages(), model.config().vmas())) {
      for (int length = 1; length <= depth; length++) {
        Optional<Disagreement<MemfdStep>> d = extend(live, new ArrayList<>(), model.initial(), length);
        if (d.isPresent()) {
          return result(start, d);
        }
      }
    }
    return result(start, Optional.empty());
  }

  /** {@code count} sequences of up to {@code length} steps, each step drawn uniformly from those possible. */
  public OracleResult<MemfdStep> random(long count, int length, long seed) throws OracleUnavailable {
    long start = System.nanoTime();
    Random rnd = new Random(seed);
    try (LiveMemfd live = new LiveMemfd(model.config().maxPages(), model.config().vmas())) {
      for (long k = 0; k < count; k++) {
        List<MemfdStep> seq = new ArrayList<>();
        MemfdSystem s = model.initial();
        for (int i = 0; i < length; i++) {
          List<MemfdStep> next = possible(s);
          if (next.isEmpty()) {
            break;
          }
          MemfdStep step = next.get(rnd.nextInt(next.size()));
          seq.add(step);
          s = expected(s, step);
        }
        Optional<Disagreement<MemfdStep>> d = runOnKernel(live, seq);
        if (d.isPresent()) {
          return result(start, d);
        }
      }
    }
    return result(start, Optional.empty());
  }

  /**
   * Runs one given sequence (its first step a memfd_create(), each step possible where it comes,
   * as {@link #alphabet()} and the spec's guards allow) on the kernel and the model.
   *
   * @throws IllegalArgumentException if a step is not in the alphabet or not possible where it is
   */
  public OracleResult<MemfdStep> run(List<MemfdStep> sequence) throws OracleUnavailable {
    MemfdSystem s = model.initial();
    for (MemfdStep step : sequence) {
      if (!possible(s).contains(step)) {
        throw new IllegalArgumentException(step + " is not possible after " + s);
      }
      s = expected(s, step);
    }
    long start = System.nanoTime();
    try (LiveMemfd live = new LiveMemfd(model.config().maxPages(), model.config().vmas())) {
      return result(start, runOnKernel(live, sequence));
    }
  }

  private OracleResult<MemfdStep> result(long start, Optional<Disagreement<MemfdStep>> d) {
    return new OracleResult<>(sequences, operations, (System.nanoTime() - start) / 1e9, d);
  }

  /** Sequences of exactly {@code length} steps that start with {@code prefix} (whose end state is {@code s}). */
  private Optional<Disagreement<MemfdStep>> extend(LiveMemfd live, List<MemfdStep> prefix, MemfdSystem s, int length) {
    if (prefix.size() == length) {
      return runOnKernel(live, prefix);
    }
    for (MemfdStep step : possible(s)) {
      prefix.add(step);
      Optional<Disagreement<MemfdStep>> d = extend(live, prefix, expected(s, step), length);
      prefix.remove(prefix.size() - 1);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  private List<MemfdStep> possible(MemfdSystem s) {
    List<MemfdStep> out = new ArrayList<>();
    for (MemfdStep step : alphabet) {
      if (step.enabled(s) || storeToReadOnly(s, step)) {
        out.add(step);
      }
    }
    return out;
  }

  /** The model's state after {@code step}: a store to a read-only slot changes nothing. */
  private MemfdSystem expected(MemfdSystem s, MemfdStep step) {
    return model.apply(s, step).orElse(s);
  }

  private static boolean storeToReadOnly(MemfdSystem s, MemfdStep step) {
    return step instanceof MemfdStep.ShmemFault f && f.write() && s.fdInstalled() && s.mm().vma(f.v()) != null
        && !s.mm().vma(f.v()).has(VmFlag.VM_WRITE);
  }

  private Optional<Disagreement<MemfdStep>> runOnKernel(LiveMemfd live, List<MemfdStep> seq) {
    sequences++;
    MemfdSystem s = model.initial();
    try {
      for (int i = 0; i < seq.size(); i++) {
        MemfdStep step = seq.get(i);
        boolean segv = storeToReadOnly(s, step);
        s = expected(s, step);
        Ret r = segv ? new Ret(KernelFn.SHMEM_FAULT, LiveMemfd.SIGSEGV, PageContent.NONE) : s.ret();
        LiveMemfd.Outcome k = live.run(step);
        operations++;
        int sealBits = 0;
        for (Seal seal : s.fdInstalled() ? s.seals() : EnumSet.noneOf(Seal.class)) {
          sealBits |= seal.bit();
        }
        long size = s.fdInstalled() ? s.iSize() : -1;
        int wantSeals = s.fdInstalled() ? sealBits : -1;
        if (k.val() != r.val() || k.data() != r.data() || k.mixed() || k.seals() != wantSeals
            || k.sizePages() != size) {
          return Optional.of(new Disagreement<>(List.copyOf(seq), i + 1,
              describe(step, r.val(), r.data(), false, wantSeals, size),
              describe(step, k.val(), k.data(), k.mixed(), k.seals(), k.sizePages())));
        }
      }
      return Optional.empty();
    } finally {
      live.reset();
    }
  }

  /** "-EPERM seals=0x1 size=0", "SIGBUS ...", "0 data=user ...". */
  static String describe(MemfdStep step, long val, PageContent data, boolean mixed, int seals, long sizePages) {
    boolean fault = step instanceof MemfdStep.ShmemFault;
    String v = fault && val == LiveMemfd.SIGSEGV ? "SIGSEGV" : fault && val == Errno.VM_FAULT_SIGBUS ? "SIGBUS"
        : val < 0 && val > -1000 ? errno(val) : Long.toString(val);
    return v + (mixed ? " data=mixed" : data == PageContent.NONE ? "" : " data=" + data.specName())
        + (seals < 0 ? " (no memfd)" : " seals=0x" + Integer.toHexString(seals) + " size=" + sizePages + "p");
  }

  private static String errno(long val) {
    String d = Errno.describe((int) val);
    return d.equals(Long.toString(val)) ? "-errno " + (-val) : d;
  }
}
