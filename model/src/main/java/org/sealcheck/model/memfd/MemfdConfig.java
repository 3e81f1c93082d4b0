package org.sealcheck.model.memfd;

/**
 * The bounds and the revision of one model instance: the spec's constants. {@code vmas} is the
 * number of VMA slots, numbered 1..vmas as the spec's {@code Vmas} set; {@code memfdNoexecScope}
 * is the effective vm.memfd_noexec sysctl.
 */
public record MemfdConfig(MemfdRevision revision, int maxPages, int vmas, int memfdNoexecScope) {

  public MemfdConfig {
    if (revision == null) {
      throw new IllegalArgumentException("revision must be set");
    }
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1, was " + maxPages);
    }
    if (vmas < 1) {
      throw new IllegalArgumentException("vmas must be at least 1, was " + vmas);
    }
    if (memfdNoexecScope < 0 || memfdNoexecScope > 2) {
      throw new IllegalArgumentException("memfdNoexecScope must be 0, 1 or 2, was " + memfdNoexecScope);
    }
  }

  /** The bounds of MCMemfdSeals.tla, which every cfg uses: 2 pages, VMA slots {1, 2}, sysctl 0. */
  public static MemfdConfig mc(MemfdRevision revision) {
    return new MemfdConfig(revision, 2, 2, 0);
  }
}
