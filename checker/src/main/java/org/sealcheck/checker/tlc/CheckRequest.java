package org.sealcheck.checker.tlc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;

/**
 * One TLC run: the root module in {@code specDir}, a base cfg (CONSTANTS, INIT/NEXT or
 * SPECIFICATION; its own INVARIANT/PROPERTY lines are ignored) and the properties to check.
 *
 * @param specDir directory holding the root module and the modules it extends
 * @param module root module name without {@code .tla}, e.g. {@code MCMemfdSeals_memfd_6_18}
 * @param baseCfg the cfg; the runner drops its INVARIANT and PROPERTY lines and appends these
 * @param invariants state predicates, passed as INVARIANT
 * @param actionProperties properties of the form {@code [][A]_v}, passed as PROPERTY
 * @param workers TLC worker threads; with more than one, BFS traces are no longer guaranteed shortest
 * @param checkDeadlock whether a state without successors is an error (off by default: the specs
 *     model open systems whose final states are legitimate)
 * @param fpMem fraction of the heap for TLC's fingerprint set; TLC spills to disk beyond it. TLC
 *     allocates (and zeroes) all of it up front, so a large fraction of a large heap costs hundreds
 *     of milliseconds per run; see {@link #defaultFpMem()}
 */
public record CheckRequest(Path specDir, String module, Path baseCfg, List<String> invariants,
    List<String> actionProperties, int workers, boolean checkDeadlock, double fpMem) {

  /** Fingerprint memory that {@link #defaultFpMem()} aims for: 8 M states before TLC spills to disk. */
  public static final long DEFAULT_FP_BYTES = 64L << 20;

  /** About {@link #DEFAULT_FP_BYTES} as a fraction of this JVM's maximum heap, at most a quarter. */
  public static double defaultFpMem() {
    return Math.min(0.25, (double) DEFAULT_FP_BYTES / Runtime.getRuntime().maxMemory());
  }

  public CheckRequest {
    checkArgument(specDir != null && module != null && baseCfg != null, "specDir, module and baseCfg are required");
    invariants = ImmutableList.copyOf(invariants);
    actionProperties = ImmutableList.copyOf(actionProperties);
    checkArgument(workers >= 1, "workers must be at least 1, got %s", workers);
    checkArgument(fpMem > 0 && fpMem <= 1, "fpMem must be in (0, 1], got %s", fpMem);
  }

  /** One worker, no deadlock checking, default fingerprint memory. */
  public CheckRequest(Path specDir, String module, Path baseCfg, List<String> invariants,
      List<String> actionProperties) {
    this(specDir, module, baseCfg, invariants, actionProperties, 1, false, defaultFpMem());
  }

  public CheckRequest withProperties(List<String> newInvariants, List<String> newActionProperties) {
    return new CheckRequest(specDir, module, baseCfg, newInvariants, newActionProperties, workers, checkDeadlock, fpMem);
  }

  public CheckRequest withWorkers(int n) {
    return new CheckRequest(specDir, module, baseCfg, invariants, actionProperties, n, checkDeadlock, fpMem);
  }

  public CheckRequest withCheckDeadlock(boolean check) {
    return new CheckRequest(specDir, module, baseCfg, invariants, actionProperties, workers, check, fpMem);
  }

  public CheckRequest withFpMem(double fraction) {
    return new CheckRequest(specDir, module, baseCfg, invariants, actionProperties, workers, checkDeadlock, fraction);
  }
}
