package org.sealcheck.model.memfd;

/**
 * The open files userspace holds on the memfd's inode. Both share the inode (seals are per
 * inode); they differ only in f_mode, which decides F_ADD_SEALS (FMODE_WRITE) and what a
 * MAP_SHARED mapping may become.
 */
public enum File {
  /** The O_RDWR file memfd_create() returns: FMODE_READ|FMODE_WRITE. */
  RW("rw", true),
  /** The same inode reopened O_RDONLY through /proc/self/fd/N: FMODE_READ only. */
  RO("ro", false);

  private final String specName;
  private final boolean fmodeWrite;

  File(String specName, boolean fmodeWrite) {
    this.specName = specName;
    this.fmodeWrite = fmodeWrite;
  }

  public String specName() {
    return specName;
  }

  /** {@code file->f_mode & FMODE_WRITE}. */
  public boolean fmodeWrite() {
    return fmodeWrite;
  }

  public static File fromName(String name) {
    return SpecNames.lookup(values(), File::specName, "file", name);
  }

}
