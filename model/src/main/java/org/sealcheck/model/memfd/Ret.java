package org.sealcheck.model.memfd;

/**
 * The output of the last step, the spec's {@code ret}: which kernel function ran, what it
 * returned (0 or a count, {@code -errno}, or a vm_fault_t), and what content it copied to
 * userspace ({@link PageContent#NONE} when it copied nothing).
 */
public record Ret(KernelFn fn, int val, PageContent data) {
  /**
   * The spec's NoRet: before the first step, and after a step that returns nothing to userspace
   * (a reader's internal step). Every step sets ret, so that ret depends on the step alone.
   */
  public static final Ret NO_RET = new Ret(KernelFn.NONE, 0, PageContent.NONE);

  public Ret {
    if (fn == null || data == null) {
      throw new NullPointerException("fn and data must be set");
    }
  }

  @Override
  public String toString() {
    return fn.specName() + " = " + Errno.describe(val)
        + (data == PageContent.NONE ? "" : " data=" + data.specName());
  }
}
