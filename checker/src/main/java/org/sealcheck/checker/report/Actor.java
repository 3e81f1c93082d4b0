package org.sealcheck.checker.report;

/**
 * A lifeline of a counterexample's sequence diagram: who runs a step, or whose code it runs in.
 * Declaration order is the left-to-right order of the lifelines.
 */
public enum Actor {
  /** A userspace process: syscalls and ioctls (memfd_create, fcntl, fallocate, mmap, KVM ioctls). */
  USERSPACE("userspace"),
  /** A vCPU thread: the guest's page fault in KVM, up to the point where it takes mmu_lock. */
  VCPU("vCPU"),
  /** The backing file: shmem (memfd, restrictedmem) or guest_memfd, its page cache and bindings. */
  FILE("shmem / gmem"),
  /** KVM's MMU: mmu_invalidate_seq/in_progress, SPTEs, memslots and memory attributes. */
  KVM_MMU("KVM MMU"),
  /** The memory-failure path (memory_failure() on a hardware error), not started by userspace. */
  MM("mm (hwpoison)");

  private final String label;

  Actor(String label) {
    this.label = label;
  }

  /** The lifeline's title; the file side is named after the spec's backing file. */
  public String label(String spec) {
    if (this == FILE) {
      return switch (spec) {
        case "MemfdSeals" -> "shmem (memfd)";
        case "GuestMemInvalidation" -> "gmem / shmem file";
        default -> label;
      };
    }
    return label;
  }
}
