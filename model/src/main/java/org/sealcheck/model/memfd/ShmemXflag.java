package org.sealcheck.model.memfd;

/** SHMEM_I(inode)->xflags bits. */
public enum ShmemXflag {
  /** v5: set by memfd_create(MFD_INACCESSIBLE) and never cleared. */
  SHM_F_INACCESSIBLE
}
