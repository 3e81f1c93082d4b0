package org.sealcheck.model.memfd;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The memfd's inode: {@code struct shmem_inode_info} (seals, xflags) with its embedded
 * {@code vfs_inode} (i_mode, i_size, i_mapping). Sizes and offsets are in pages, as in the spec:
 * every seal check compares one page offset with i_size.
 */
public final class ShmemInodeInfo {
  /** shmem creates the inode 0777; MFD_NOEXEC_SEAL clears the exec bits. */
  static final int S_IRWXUGO = 0777;

  private final EnumSet<Seal> seals;
  private final EnumSet<ShmemXflag> xflags;
  private int iMode;
  private int iSize;
  private final AddressSpace iMapping;

  ShmemInodeInfo(int maxPages) {
    this.seals = EnumSet.noneOf(Seal.class);
    this.xflags = EnumSet.noneOf(ShmemXflag.class);
    this.iMode = S_IRWXUGO;
    this.iSize = 0;
    this.iMapping = new AddressSpace(maxPages);
  }

  private ShmemInodeInfo(ShmemInodeInfo o) {
    this.seals = EnumSet.copyOf(o.seals);
    this.xflags = EnumSet.copyOf(o.xflags);
    this.iMode = o.iMode;
    this.iSize = o.iSize;
    this.iMapping = o.iMapping.copy();
  }

  ShmemInodeInfo copy() {
    return new ShmemInodeInfo(this);
  }

  public Set<Seal> seals() {
    return Collections.unmodifiableSet(seals);
  }

  public Set<ShmemXflag> xflags() {
    return Collections.unmodifiableSet(xflags);
  }

  public int iMode() {
    return iMode;
  }

  public int iSize() {
    return iSize;
  }

  public AddressSpace mapping() {
    return iMapping;
  }

  EnumSet<Seal> mutableSeals() {
    return seals;
  }

  EnumSet<ShmemXflag> mutableXflags() {
    return xflags;
  }

  void setIMode(int mode) {
    this.iMode = mode;
  }

  /** i_size_write(). */
  void setISize(int size) {
    this.iSize = size;
  }

  /** {@code inode->i_mode & 0111}: what F_SEAL_EXEC protects and what makes it imply W^X. */
  public boolean isExec() {
    return (iMode & 0111) != 0;
  }

  /** WriteSealed: the seals that stop write() and hole punching. */
  public boolean isWriteSealed() {
    return seals.contains(Seal.F_SEAL_WRITE) || seals.contains(Seal.F_SEAL_FUTURE_WRITE);
  }

  /** Inaccessible: ordinary userspace access is refused (v4 seal, v5 creation flag). */
  public boolean isInaccessible() {
    return seals.contains(Seal.F_SEAL_INACCESSIBLE) || xflags.contains(ShmemXflag.SHM_F_INACCESSIBLE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShmemInodeInfo i && iMode == i.iMode && iSize == i.iSize
        && seals.equals(i.seals) && xflags.equals(i.xflags) && iMapping.equals(i.iMapping);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seals, xflags, iMode, iSize, iMapping);
  }

  @Override
  public String toString() {
    return String.format("seals=%s xflags=%s i_mode=%04o i_size=%d %s", seals, xflags, iMode, iSize,
        iMapping);
  }
}
