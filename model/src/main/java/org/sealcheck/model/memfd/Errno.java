package org.sealcheck.model.memfd;

/**
 * The errno values the memfd paths return (include/uapi/asm-generic/errno-base.h). Kernel
 * functions here return {@code 0}, a count, or {@code -errno}, as the kernel does, so a return
 * value can be compared with the spec's {@code ret.val} and with a live syscall without mapping.
 */
public enum Errno {
  EPERM(1),
  EACCES(13),
  EFAULT(14),
  EBUSY(16),
  EEXIST(17),
  EINVAL(22);

  /**
   * shmem_fault() returns a vm_fault_t bit, not an errno, and the spec keeps it positive (the
   * fault handler's caller turns it into SIGBUS); it is kept apart from the errnos so that no code
   * negates it by habit.
   */
  public static final int VM_FAULT_SIGBUS = 2;

  private final int value;

  Errno(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }

  /** The value a kernel function returns for this error. */
  public int neg() {
    return -value;
  }

  /** {@code "-EBUSY"} for -16, {@code "1"} for 1: for messages about a return value. */
  public static String describe(int ret) {
    if (ret < 0) {
      for (Errno e : values()) {
        if (e.value == -ret) {
          return "-" + e.name();
        }
      }
    }
    return Integer.toString(ret);
  }
}
