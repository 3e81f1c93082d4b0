package org.sealcheck.checker.tlc;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Comparator;
import java.util.List;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/**
 * The result of {@link TlcModelChecker#checkAll}: a verdict for every requested property.
 *
 * @param verdicts by property name; with deadlock checking on, a deadlock appears under
 *     {@link TlcModelChecker#DEADLOCK}
 * @param finalRun stats of the last run, which explored the whole state space unless {@code error}
 * @param runs how many TLC runs it took (one per violated property, plus the final one)
 * @param totalMillis wall time of all runs together
 * @param error one line when the last run failed; properties not yet decided are then UNKNOWN
 * @param rerunEstimateMillis for a single exploration, what one TLC run per violated property
 *     would take, estimated from this run's own timings (see {@link TlcModelChecker#checkAll});
 *     otherwise -1
 */
public record CheckAllResult(ImmutableSortedMap<String, PropertyVerdict> verdicts, RunStats finalRun,
    int runs, long totalMillis, Optional<String> error, long rerunEstimateMillis) {

  /** A result with no rerun estimate. */
  public CheckAllResult(ImmutableSortedMap<String, PropertyVerdict> verdicts, RunStats finalRun, int runs,
      long totalMillis, Optional<String> error) {
    this(verdicts, finalRun, runs, totalMillis, error, -1);
  }

  /**
   * Several checkAll results of one config as one (a safety run, then a run per liveness
   * property): all verdicts, runs and time added, the final run with the most states, the first
   * error.
   */
  public static CheckAllResult merge(List<CheckAllResult> parts) {
    checkArgument(!parts.isEmpty(), "nothing to merge");
    if (parts.size() == 1) {
      return parts.get(0);
    }
    ImmutableSortedMap.Builder<String, PropertyVerdict> verdicts = ImmutableSortedMap.naturalOrder();
    parts.forEach(p -> verdicts.putAll(p.verdicts()));
    RunStats biggest = parts.stream().map(CheckAllResult::finalRun)
        .max(Comparator.comparingLong(RunStats::distinctStates)).orElseThrow();
    return new CheckAllResult(verdicts.buildOrThrow(), biggest, parts.stream().mapToInt(CheckAllResult::runs).sum(),
        parts.stream().mapToLong(CheckAllResult::totalMillis).sum(),
        parts.stream().map(CheckAllResult::error).flatMap(Optional::stream).findFirst());
  }
}
