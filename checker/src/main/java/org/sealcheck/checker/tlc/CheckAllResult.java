package org.sealcheck.checker.tlc;

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
 */
public record CheckAllResult(ImmutableSortedMap<String, PropertyVerdict> verdicts, RunStats finalRun,
    int runs, long totalMillis, Optional<String> error) {}
