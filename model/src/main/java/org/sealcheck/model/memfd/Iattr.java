package org.sealcheck.model.memfd;

/**
 * The {@code struct iattr} of one setattr call: ATTR_SIZE (ftruncate) or ATTR_MODE (fchmod),
 * never both, since the spec has one action for each.
 */
public record Iattr(boolean attrSize, int iaSize, boolean attrMode, int iaMode) {
  public Iattr {
    if (attrSize == attrMode) {
      throw new IllegalArgumentException("exactly one of ATTR_SIZE and ATTR_MODE");
    }
  }

  /** ftruncate(fd, size), in pages. */
  public static Iattr size(int pages) {
    return new Iattr(true, pages, false, 0);
  }

  /** fchmod(fd, mode). */
  public static Iattr mode(int mode) {
    return new Iattr(false, 0, true, mode);
  }
}
