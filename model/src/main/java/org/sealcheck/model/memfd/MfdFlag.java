package org.sealcheck.model.memfd;


/**
 * memfd_create() flags that change seals or access (include/uapi/linux/memfd.h). MFD_CLOEXEC and
 * MFD_HUGETLB are left out, as in the spec: no seal check depends on them.
 */
public enum MfdFlag {
  MFD_ALLOW_SEALING(0x2),
  /** 6.3+: mode 0666 and F_SEAL_EXEC instead of F_SEAL_SEAL. */
  MFD_NOEXEC_SEAL(0x8),
  /** 6.3+: an executable memfd (what a caller gets without either flag at vm.memfd_noexec=0). */
  MFD_EXEC(0x10),
  /** The v5 guest-private-memory patch (Mar 2022); never merged. Its value is not known here. */
  MFD_INACCESSIBLE(0);

  private final int bit;

  MfdFlag(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }

  public static MfdFlag fromName(String name) {
    return SpecNames.lookup(values(), MfdFlag::name, "memfd_create flag", name);
  }

}
