package org.sealcheck.model.memfd;

import java.util.Objects;

/**
 * One read() of one page through shmem_file_read_iter(), which runs without inode_lock and so
 * interleaves with every other step. Split into the kernel's steps, one method each, so that a
 * scheduler can run anything between them:
 *
 * <pre>
 *   patch order (v4, v5): IDLE -readISize-> I_SIZE_READ -readCheckSeal-> COPY -readCopy-> IDLE
 *   v4-seal-first:        IDLE -readCheckSeal-> SEAL_CHECKED -readISize-> COPY -readCopy-> IDLE
 *   no seal check:        IDLE -readISize-> IDLE
 * </pre>
 *
 * Without a seal check the read is one step: with nothing checked between the lockless i_size
 * read and the copy, no property here can tell the split from the atomic read (the spec's
 * argument). A step that ends the read returns read()'s result; a step that does not returns
 * {@link Ret#NO_RET}: nothing reaches userspace yet.
 */
public final class ShmemFileReadIter {

  /** Where the read is (the spec's rd_pc). */
  public enum Pc {
    /** No read() in progress. */
    IDLE("idle"),
    /** i_size read and the page found inside it; the seal not yet checked (patch order). */
    I_SIZE_READ("i_size_read"),
    /** The seal checked; i_size not yet read (v4-seal-first). */
    SEAL_CHECKED("seal_checked"),
    /** Both checks passed: next, look the page up and copy it out. */
    COPY("copy");

    private final String specName;

    Pc(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  private Pc pc = Pc.IDLE;
  /** The page being read (the spec's rd_index); 0 when idle, as the spec resets it. */
  private int index;

  ShmemFileReadIter() {}

  ShmemFileReadIter copy() {
    ShmemFileReadIter r = new ShmemFileReadIter();
    r.pc = pc;
    r.index = index;
    return r;
  }

  public Pc pc() {
    return pc;
  }

  public int index() {
    return index;
  }

  // ------------------------------------------------------------------ guards (not kernel checks)

  /** Whether the i_size read is the reader's next step for page {@code i}. */
  public boolean canReadISize(int i, MemfdRevision rev) {
    return rev.sealFirst() ? pc == Pc.SEAL_CHECKED && i == index : pc == Pc.IDLE;
  }

  /** Whether the seal check is the reader's next step for page {@code i}. */
  public boolean canReadCheckSeal(int i, MemfdRevision rev) {
    if (!rev.hasSealCheck()) {
      return false;
    }
    return rev.sealFirst() ? pc == Pc.IDLE : pc == Pc.I_SIZE_READ && i == index;
  }

  public boolean canReadCopy() {
    return pc == Pc.COPY;
  }

  // ------------------------------------------------------------------ steps

  /**
   * {@code i_size = i_size_read(inode); end_index = i_size >> PAGE_SHIFT; if (index > end_index)
   * break;}: reading page i needs i < i_size. Lockless: a truncation may follow at once, which is
   * why the copy step reads i_size again.
   */
  Ret readISize(int i, ShmemInodeInfo inode, MemfdRevision rev) {
    if (i >= inode.iSize()) {
      return done(0, PageContent.NONE);
    }
    if (!rev.hasSealCheck()) {
      return copyOut(i, inode);
    }
    pc = rev.sealFirst() ? Pc.COPY : Pc.I_SIZE_READ;
    index = i;
    return Ret.NO_RET;
  }

  /**
   * v4: {@code if (SHMEM_I(inode)->seals & F_SEAL_INACCESSIBLE) { error = -EPERM; break; }}. v5
   * tests SHM_F_INACCESSIBLE, which never changes after memfd_create(). The patch claims that
   * checking after the i_size read serializes read() against setting the seal without inode_lock;
   * the two orders are there to test that claim.
   */
  Ret readCheckSeal(int i, ShmemInodeInfo inode, MemfdRevision rev) {
    if (inode.isInaccessible()) {
      return done(Errno.EPERM.neg(), PageContent.NONE);
    }
    pc = rev.sealFirst() ? Pc.SEAL_CHECKED : Pc.COPY;
    index = i;
    return Ret.NO_RET;
  }

  /** The last step: look the page up and copy it (see {@link #copyOut}). */
  Ret readCopy(ShmemInodeInfo inode) {
    return copyOut(index, inode);
  }

  /**
   * shmem_get_folio(SGP_READ), which does not allocate (a hole reads as ZERO_PAGE), the second
   * i_size_read() ("reads (unlike writes) are called without i_mutex protection against
   * truncate"), and the copy if the page is still inside: 1 page, or 0 at EOF.
   */
  private Ret copyOut(int i, ShmemInodeInfo inode) {
    if (i >= inode.iSize()) {
      return done(0, PageContent.NONE);
    }
    return done(1, inode.mapping().page(i).observed());
  }

  private Ret done(int val, PageContent data) {
    pc = Pc.IDLE;
    index = 0;
    return new Ret(KernelFn.SHMEM_FILE_READ_ITER, val, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShmemFileReadIter r && pc == r.pc && index == r.index;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pc, index);
  }

  @Override
  public String toString() {
    return pc.specName() + "@" + index;
  }
}
