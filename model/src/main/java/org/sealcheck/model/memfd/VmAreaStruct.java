package org.sealcheck.model.memfd;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A mapping of the memfd: {@code struct vm_area_struct}, of which only vm_flags and the private
 * (COW) pages on its anon_vma matter here. Every VMA maps the whole of the one memfd, so vm_file
 * and the range are left out (keeping them would split states the spec does not tell apart).
 */
public final class VmAreaStruct {
  private final EnumSet<VmFlag> vmFlags;
  /**
   * The spec's anon_vma[v]: by page index, the content of this VMA's private copy of the page
   * (do_cow_fault / wp_page_copy), or {@link PageContent#NONE} where its PTE, if any, maps the
   * file's page.
   */
  private final PageContent[] anonPages;

  VmAreaStruct(Set<VmFlag> vmFlags, int maxPages) {
    // A VMA always has VM_READ here, so a VMA never looks like the spec's empty slot.
    if (!vmFlags.contains(VmFlag.VM_READ)) {
      throw new IllegalStateException("a VMA without VM_READ: " + vmFlags);
    }
    this.vmFlags = EnumSet.copyOf(vmFlags);
    this.anonPages = new PageContent[maxPages];
    Arrays.fill(anonPages, PageContent.NONE);
  }

  private VmAreaStruct(VmAreaStruct o) {
    this.vmFlags = EnumSet.copyOf(o.vmFlags);
    this.anonPages = o.anonPages.clone();
  }

  VmAreaStruct copy() {
    return new VmAreaStruct(this);
  }

  public Set<VmFlag> vmFlags() {
    return Collections.unmodifiableSet(vmFlags);
  }

  public boolean has(VmFlag f) {
    return vmFlags.contains(f);
  }

  EnumSet<VmFlag> mutableVmFlags() {
    return vmFlags;
  }

  /**
   * is_cow_mapping(): a store copies the page instead of writing the file. Here that is a mapping
   * without VM_SHARED (a MAP_SHARED mapping of an O_RDONLY file has lost VM_SHARED too, but also
   * VM_MAYWRITE, so it never stores).
   */
  public boolean isCowMapping() {
    return !vmFlags.contains(VmFlag.VM_SHARED);
  }

  int pageCount() {
    return anonPages.length;
  }

  /** This VMA's private copy of page {@code index}, or NONE if it has none. */
  public PageContent anonPage(int index) {
    return anonPages[index];
  }

  void setAnonPage(int index, PageContent content) {
    anonPages[index] = content;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VmAreaStruct v && vmFlags.equals(v.vmFlags) && Arrays.equals(anonPages, v.anonPages);
  }

  @Override
  public int hashCode() {
    return 31 * vmFlags.hashCode() + Arrays.hashCode(anonPages);
  }

  @Override
  public String toString() {
    for (PageContent p : anonPages) {
      if (p != PageContent.NONE) {
        return vmFlags + " anon=" + Arrays.toString(anonPages);
      }
    }
    return vmFlags.toString();
  }
}
