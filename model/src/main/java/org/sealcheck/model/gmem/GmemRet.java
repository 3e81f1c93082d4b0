package org.sealcheck.model.gmem;

/**
 * The spec's {@code ret}: the kernel function a step returned from and its value or errno, as
 * strings ("0", "-EFAULT", "RET_PF_RETRY", "VM_FAULT_LOCKED"). Steps in the middle of a path
 * return {@link #NO_RET}.
 */
public record GmemRet(String fn, String val) {
  public static final GmemRet NO_RET = new GmemRet("none", "none");
}
