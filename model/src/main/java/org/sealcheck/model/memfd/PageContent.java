package org.sealcheck.model.memfd;

/**
 * What the page cache holds at one index: no folio (a hole), or a folio tagged with who wrote
 * its content last. Tags rather than bytes: the properties only ask whose data a reader sees.
 */
public enum PageContent {
  /** No folio at this index (the spec's NoPage). A hole reads as zeros (ZERO_PAGE). */
  NONE("none"),
  /** An allocated, zero-filled folio (fallocate, a read fault, a private write fault). */
  ZERO("zero"),
  /** Written by userspace: write(), a shared store, UFFDIO_COPY. */
  USER("user"),
  /** Written by a guest through KVM after the file became inaccessible (v4, v5). */
  GUEST("guest");

  private final String specName;

  PageContent(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  /** What a reader sees at this index: a hole reads as zeros (the spec's Observed). */
  public PageContent observed() {
    return this == NONE ? ZERO : this;
  }
}
