package org.sealcheck.model.gmem;

/**
 * Physical pages as the model numbers them: {@code 0..n-1} is the position of the page in the
 * config's {@code Pfns}, and two values stand for the spec's non-pages.
 */
public final class Pfn {
  private Pfn() {}

  /** The spec's NoPfn: no page. */
  public static final int NO_PFN = -1;

  /** The spec's HvaPfn ("hva"): a page of the host mapping at userspace_addr, not guest_memfd's. */
  public static final int HVA_PFN = -2;

  /** The spec's string for HvaPfn. */
  public static final String HVA = "hva";

  public static boolean isPage(int pfn) {
    return pfn >= 0;
  }
}
