package org.sealcheck.checker.mail;

/**
 * One task of a counterexample: a thread that runs steps concurrently with the others (the
 * userspace process, a vCPU, the fallocate() of a hole punch, the memory_failure() path). The
 * mail's diagram gives each task a column.
 *
 * @param key what makes two steps the same task ("vcpu v1", "punch")
 * @param title what the legend calls it ("vCPU v1", "fallocate(FALLOC_FL_PUNCH_HOLE) on gmem_fd")
 */
record Task(String key, String title) {}
