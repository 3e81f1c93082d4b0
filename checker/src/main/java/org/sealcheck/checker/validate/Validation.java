package org.sealcheck.checker.validate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.sealcheck.checker.tlc.TransitionChecker;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;

/**
 * Random runs of a Java model, each validated against the spec as soon as it is made, on several
 * threads: a thread takes the next trace number, runs the model under that trace's seed and judges
 * the trace. The traces and verdicts do not depend on the number of threads.
 */
public final class Validation {

  private static final int ABSTRACTIONS_SIZE = 1 << 17;

  private static final Object DISABLED = new Object();

  private Validation() {}

  /**
   * @param traces how many runs
   * @param steps the most steps per run
   * @param seed the seed all runs' seeds derive from
   * @param threads worker threads
   * @param mode how the spec judges a step
   * @param keepAccepted keep the states of accepted traces too (to write them); rejected traces
   *     are always kept
   * @param memo judge each distinct transition once ({@link TraceValidator#TraceValidator(TransitionChecker,
   *     TraceValidator.Mode, boolean)})
   */
  public record Options(int traces, int steps, long seed, int threads, TraceValidator.Mode mode,
      boolean keepAccepted, boolean memo) {
    public Options(int traces, int steps, long seed, int threads, TraceValidator.Mode mode, boolean keepAccepted) {
      this(traces, steps, seed, threads, mode, keepAccepted, true);
    }
  }

  /** One trace: its number, its seed, the run (null for an accepted trace not kept) and the verdict. */
  public record TraceResult(int index, long seed, int length, RandomSchedules.Run run, Verdict verdict) {}

  /**
   * @param modelNanos thread CPU time spent running the Java model, summed over threads
   * @param validateNanos thread CPU time spent in the spec's checks, summed over threads (CPU
   *     time, not elapsed time: on a loaded machine a thread also waits for a CPU)
   * @param wallNanos elapsed time of the whole batch
   * @param evaluations steps the spec evaluated (the others were answered by the memo)
   * @param distinctModelStates distinct Java model states the runs went through (counted up to
   *     the abstraction cache's size)
   */
  public record Result(List<TraceResult> traces, long steps, long modelNanos, long validateNanos, long wallNanos,
      long evaluations, int distinctModelStates) {
    public long accepted() {
      return traces.stream().filter(t -> t.verdict().accepted()).count();
    }
  }

  public static <S> Result run(StepMachine<S> model, TransitionChecker checker, Options o) {
    List<Step> alphabet = model.alphabet();
    long[] seeds = RandomSchedules.seeds(o.seed(), o.traces());
    // The abstraction is a function of the model state (frozen, compared by value), and a random
    // walk revisits states: each distinct one is abstracted once. Equal spec states (several model
    // states may have one abstraction) are then made one object, so that the memo compares states
    // by identity instead of walking two value trees.
    BoundedCache<S, SpecState> abstractions = new BoundedCache<>(ABSTRACTIONS_SIZE);
    StateInterner specStates = new StateInterner(ABSTRACTIONS_SIZE);
    Function<S, SpecState> abstraction = s -> abstractions.get(s, m -> specStates.intern(model.abstraction(m)));
    TraceValidator validator = new TraceValidator(checker, o.mode(), o.memo(), specStates::isCanonical);
    // Likewise each step of the model from a state is run once: apply() is a function of the
    // (frozen) state and the label. A row per state holds, for each label tried, the state after
    // it or DISABLED; atomic arrays publish the model's states safely to the other threads.
    BoundedCache<S, AtomicReferenceArray<Object>> rows = new BoundedCache<>(ABSTRACTIONS_SIZE);
    int labels = alphabet.size();
    Function<S, IntFunction<S>> successors = s -> {
      AtomicReferenceArray<Object> row = rows.get(s);
      if (row == null) {
        if (rows.full()) {
          return a -> model.apply(s, alphabet.get(a)).orElse(null);
        }
        row = rows.get(s, k -> new AtomicReferenceArray<>(labels));
      }
      AtomicReferenceArray<Object> r = row;
      return a -> {
        Object next = r.get(a);
        if (next == null) {
          next = model.apply(s, alphabet.get(a)).map(x -> (Object) x).orElse(DISABLED);
          r.set(a, next);
        }
        @SuppressWarnings("unchecked")
        S after = next == DISABLED ? null : (S) next;
        return after;
      };
    };
    TraceResult[] out = new TraceResult[o.traces()];
    AtomicInteger nextTrace = new AtomicInteger();
    int threads = Math.max(1, Math.min(o.threads(), o.traces()));
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long modelNanos = 0;
    long validateNanos = 0;
    long steps = 0;
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        futures.add(pool.submit(() -> {
          long m = 0;
          long v = 0;
          long s = 0;
          for (int i = nextTrace.getAndIncrement(); i < out.length; i = nextTrace.getAndIncrement()) {
            long a = cpu.getCurrentThreadCpuTime();
            RandomSchedules.Run run = RandomSchedules.run(model, alphabet, seeds[i], o.steps(), abstraction, successors);
            long b = cpu.getCurrentThreadCpuTime();
            Verdict verdict = validator.validate(run.steps(), run.states());
            long c = cpu.getCurrentThreadCpuTime();
            m += b - a;
            v += c - b;
            s += run.steps().size();
            boolean keep = o.keepAccepted() || !verdict.accepted();
            out[i] = new TraceResult(i, seeds[i], run.steps().size(), keep ? run : null, verdict);
          }
          return new long[] {m, v, s};
        }));
      }
      for (Future<long[]> f : futures) {
        long[] r = f.get();
        modelNanos += r[0];
        validateNanos += r[1];
        steps += r[2];
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Result(List.of(out), steps, modelNanos, validateNanos, System.nanoTime() - t0,
        validator.evaluations(), abstractions.size());
  }

  /**
   * The limit: how many successors per second TLC's evaluator generates from the states of
   * {@code runs} (every action on every state, one thread), measured after one warm-up pass.
   */
  public static double successorRate(TransitionChecker checker, List<List<SpecState>> runs, int passes) {
    List<TransitionChecker.Prepared> states = new ArrayList<>();
    for (List<SpecState> r : runs) {
      for (SpecState s : r) {
        states.add(checker.prepare(s));
      }
    }
    long n = 0;
    for (TransitionChecker.Prepared p : states) {
      n += checker.successorCount(p);
    }
    long t0 = System.nanoTime();
    n = 0;
    for (int k = 0; k < passes; k++) {
      for (TransitionChecker.Prepared p : states) {
        n += checker.successorCount(p);
      }
    }
    return n / ((System.nanoTime() - t0) / 1e9);
  }
}
