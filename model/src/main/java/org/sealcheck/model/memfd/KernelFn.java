package org.sealcheck.model.memfd;

/** The kernel function a step's output comes from: the spec's {@code ret.fn} strings. */
public enum KernelFn {
  /** No output: no step has run yet, or the step returns nothing to userspace (NoRet). */
  NONE("none"),
  MEMFD_CREATE("memfd_create"),
  MEMFD_ADD_SEALS("memfd_add_seals"),
  SHMEM_FILE_WRITE_ITER("shmem_file_write_iter"),
  SHMEM_SETATTR("shmem_setattr"),
  SHMEM_FALLOCATE("shmem_fallocate"),
  DO_MMAP("do_mmap"),
  DO_MPROTECT_PKEY("do_mprotect_pkey"),
  DO_VMI_MUNMAP("do_vmi_munmap"),
  SHMEM_FAULT("shmem_fault"),
  SHMEM_MFILL_ATOMIC_PTE("shmem_mfill_atomic_pte"),
  SHMEM_GET_LOCK_PFN("shmem_get_lock_pfn"),
  SHMEM_FILE_READ_ITER("shmem_file_read_iter");

  private final String specName;

  KernelFn(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }
}
