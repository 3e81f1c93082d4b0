package org.sealcheck.model.memfd;

/** The vma->vm_flags bits the seal checks read (include/linux/mm.h). */
public enum VmFlag {
  VM_READ,
  VM_WRITE,
  VM_SHARED,
  VM_MAYWRITE,
  VM_MAYSHARE
}
