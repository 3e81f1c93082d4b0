package org.sealcheck.model.gmem;

import java.util.Arrays;

/**
 * The guest-private-memory file (guest_memfd's {@code struct kvm_gmem} and its inode; v9's and
 * the shim's restrictedmem file over shmem): the page cache, PG_hwpoison, which indices userspace
 * allocated, host PTEs of the 6.18 mmap, the file's life, the invalidate lock, and the bindings
 * (guest_memfd's {@code gmem->bindings} xarray, the shim's bindings, v9's notifier list), which map
 * a memslot to the file offset it starts at.
 */
public final class GmemFile {

  /** The spec's file_state. */
  public enum State {
    OPEN("open"),
    /** The last fput() happened; __fput() and so kvm_gmem_release() have not run. */
    DYING("dying"),
    RELEASED("released");

    private final String specName;

    State(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }
  }

  /** The spec's NoBinding. */
  public static final int NO_BINDING = -1;

  /** The page cache: index -> pfn or {@link Pfn#NO_PFN}. */
  final int[] folios;
  /** Pfns with PG_hwpoison, as a bit set. */
  long hwpoison;
  /** Indices userspace allocated (fallocate, or a touch of its own mapping), as a bit set. */
  long userAlloc;
  /** 6.18 host mmap: index -> pfn mapped by a user PTE. */
  final int[] hostPte;
  State state;
  /** filemap_invalidate_lock held for write (guest_memfd), rm->lock by a punch (shim). */
  boolean invalidateLock;
  /** By memslot position: the pgoff the slot is bound at, or {@link #NO_BINDING}. */
  final int[] bindings;

  GmemFile(int nPages, int nSlots) {
    folios = new int[nPages];
    Arrays.fill(folios, Pfn.NO_PFN);
    hostPte = new int[nPages];
    Arrays.fill(hostPte, Pfn.NO_PFN);
    state = State.OPEN;
    bindings = new int[nSlots];
    Arrays.fill(bindings, NO_BINDING);
  }

  private GmemFile(GmemFile o) {
    folios = o.folios.clone();
    hwpoison = o.hwpoison;
    userAlloc = o.userAlloc;
    hostPte = o.hostPte.clone();
    state = o.state;
    invalidateLock = o.invalidateLock;
    bindings = o.bindings.clone();
  }

  GmemFile copy() {
    return new GmemFile(this);
  }

  // ------------------------------------------------------------------ accessors

  public int nPages() {
    return folios.length;
  }

  /** filemap_get_folio(): the page at {@code index}, or {@link Pfn#NO_PFN}. */
  public int folio(int index) {
    return folios[index];
  }

  public boolean hwpoisoned(int pfn) {
    return Pfn.isPage(pfn) && (hwpoison & (1L << pfn)) != 0;
  }

  public long hwpoison() {
    return hwpoison;
  }

  public boolean userAllocated(int index) {
    return (userAlloc & (1L << index)) != 0;
  }

  public long userAlloc() {
    return userAlloc;
  }

  public int hostPte(int index) {
    return hostPte[index];
  }

  public State state() {
    return state;
  }

  public boolean invalidateLock() {
    return invalidateLock;
  }

  /** The pgoff memslot position {@code k} is bound at, or {@link #NO_BINDING}. */
  public int binding(int k) {
    return bindings[k];
  }

  /** The spec's Bound(s). */
  public boolean bound(int k) {
    return bindings[k] != NO_BINDING;
  }

  // ------------------------------------------------------------------ changes

  /** filemap_add_folio() of page {@code pfn} at {@code index}. */
  void addFolio(int index, int pfn) {
    folios[index] = pfn;
  }

  /**
   * truncate_inode_pages_range() over [start, end) pages: each folio is locked, unmapped from host
   * PTEs and removed; its page goes back to the allocator unless someone holds a reference.
   */
  void truncateInodePagesRange(int start, int end) {
    truncateInodePagesRange(start, end, -1);
  }

  /** The same, leaving index {@code skip} (a folio locked by another task) in place. */
  void truncateInodePagesRange(int start, int end, int skip) {
    for (int i = start; i < end; i++) {
      if (i == skip) {
        continue;
      }
      folios[i] = Pfn.NO_PFN;
      hostPte[i] = Pfn.NO_PFN;
      userAlloc &= ~(1L << i);
    }
  }

  int contentHash() {
    int h = Arrays.hashCode(folios);
    h = 31 * h + Long.hashCode(hwpoison);
    h = 31 * h + Long.hashCode(userAlloc);
    h = 31 * h + Arrays.hashCode(hostPte);
    h = 31 * h + state.ordinal();
    h = 31 * h + (invalidateLock ? 1 : 0);
    return 31 * h + Arrays.hashCode(bindings);
  }

  boolean sameAs(GmemFile o) {
    return Arrays.equals(folios, o.folios) && hwpoison == o.hwpoison && userAlloc == o.userAlloc
        && Arrays.equals(hostPte, o.hostPte) && state == o.state && invalidateLock == o.invalidateLock
        && Arrays.equals(bindings, o.bindings);
  }

  @Override
  public String toString() {
    return "file[" + state.specName() + " folios=" + Arrays.toString(folios) + " bindings=" + Arrays.toString(bindings)
        + (invalidateLock ? " locked" : "") + "]";
  }
}
