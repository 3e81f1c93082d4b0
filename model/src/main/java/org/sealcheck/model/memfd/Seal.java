package org.sealcheck.model.memfd;

/**
 * The file seals (include/uapi/linux/fcntl.h), with the spec's names. The upstream ones carry
 * their uapi bit; the patch-only seals and the undefined bit carry the value they would occupy,
 * which nothing here relies on: seals are compared by name, as the spec does.
 */
public enum Seal {
  F_SEAL_SEAL(0x0001),
  F_SEAL_SHRINK(0x0002),
  F_SEAL_GROW(0x0004),
  F_SEAL_WRITE(0x0008),
  F_SEAL_FUTURE_WRITE(0x0010),
  /** 6.3+. */
  F_SEAL_EXEC(0x0020),
  /** The v4 guest-private-memory patch (Jan 2022); never merged. */
  F_SEAL_INACCESSIBLE(0x0040),
  /** The v7 guest-private-memory patch (Jul 2022); never merged. */
  F_SEAL_AUTO_ALLOCATE(0x0080),
  /**
   * A bit no revision defines: F_ADD_SEALS with it must fail with EINVAL ({@code seals &
   * ~F_ALL_SEALS}). Only ever an argument, never a seal an inode holds.
   */
  F_SEAL_0x8000(0x8000);

  private final int bit;

  Seal(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }

  /** The spec's string for this seal: the constant's name. */
  public String specName() {
    return name();
  }

  public static Seal fromName(String name) {
    return SpecNames.lookup(values(), Seal::name, "seal", name);
  }

}
