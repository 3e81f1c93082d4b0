package org.sealcheck.model.memfd;

import java.util.Arrays;

/**
 * The inode's {@code struct address_space}: the page cache ({@code i_pages}, one entry per page
 * index) and {@code i_mmap_writable}, the count of shared mappings that may write, which
 * F_SEAL_WRITE turns negative to refuse new ones. The four count helpers are those of
 * include/linux/fs.h; in the kernel they are atomics, which is why mmap and F_ADD_SEALS can each
 * test and update the count in one step.
 */
public final class AddressSpace {
  private final PageContent[] iPages;
  private int iMmapWritable;

  AddressSpace(int maxPages) {
    this.iPages = new PageContent[maxPages];
    Arrays.fill(iPages, PageContent.NONE);
  }

  private AddressSpace(AddressSpace o) {
    this.iPages = o.iPages.clone();
    this.iMmapWritable = o.iMmapWritable;
  }

  AddressSpace copy() {
    return new AddressSpace(this);
  }

  /** The folio at {@code index}, or {@link PageContent#NONE} for a hole. */
  public PageContent page(int index) {
    return iPages[index];
  }

  /** How many indices the page cache can hold: the spec's MaxPages. */
  public int capacity() {
    return iPages.length;
  }

  public int iMmapWritable() {
    return iMmapWritable;
  }

  void setPage(int index, PageContent content) {
    iPages[index] = content;
  }

  /**
   * mapping_map_writable(): {@code atomic_inc_unless_negative}, so a mapping taken after
   * F_SEAL_WRITE's deny fails.
   */
  int mappingMapWritable() {
    if (iMmapWritable < 0) {
      return Errno.EPERM.neg();
    }
    iMmapWritable++;
    return 0;
  }

  /** mapping_unmap_writable(): a counted VMA goes away. */
  void mappingUnmapWritable() {
    iMmapWritable--;
  }

  /**
   * mapping_deny_writable(): {@code atomic_dec_unless_positive}, so F_SEAL_WRITE fails while any
   * counted mapping exists and, once it succeeds, keeps the count negative for good.
   */
  int mappingDenyWritable() {
    if (iMmapWritable > 0) {
      return Errno.EBUSY.neg();
    }
    iMmapWritable--;
    return 0;
  }

  /**
   * mapping_allow_writable(): an unconditional increment. __vma_link_file() takes a new VMA's own
   * count with it (mmap_region()'s mapping_map_writable() having checked the sign), and
   * memfd_add_seals() undoes a deny with it when the pin wait fails.
   */
  void mappingAllowWritable() {
    iMmapWritable++;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressSpace a && iMmapWritable == a.iMmapWritable
        && Arrays.equals(iPages, a.iPages);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(iPages) + iMmapWritable;
  }

  @Override
  public String toString() {
    return "i_pages=" + Arrays.toString(iPages) + " i_mmap_writable=" + iMmapWritable;
  }
}
