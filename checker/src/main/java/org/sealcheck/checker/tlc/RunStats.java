package org.sealcheck.checker.tlc;

/**
 * Size and cost of one TLC run, as TLC reports them. Counts are -1 when TLC did not report them
 * (it does not when it stops before exploring, e.g. on an evaluation error in Init).
 *
 * @param distinctStates distinct states found
 * @param generatedStates states generated, duplicates included
 * @param depth depth of the state graph reached (the longest shortest path from an initial state)
 * @param wallMillis wall-clock time of the run, spec parsing included
 */
public record RunStats(long distinctStates, long generatedStates, int depth, long wallMillis) {}
