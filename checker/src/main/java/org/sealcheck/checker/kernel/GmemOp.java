package org.sealcheck.checker.kernel;

import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_KEEP_SIZE;
import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_PUNCH_HOLE;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_INIT_SHARED;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_MMAP;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_GUEST_MEMFD;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_LOG_DIRTY_PAGES;

import java.util.ArrayList;
import java.util.List;

/**
 * One userspace call of the guest_memfd oracle's alphabet, with its arguments in bytes and bits as
 * the kernel gets them. Memslot k is {@link GmemOracle#SLOTS}'s k-th slot (its gpa and size are
 * fixed); page indices and offsets are in pages of PAGE_SIZE.
 */
sealed interface GmemOp {

  /** KVM_CREATE_GUEST_MEMFD on the VM: {size, flags}. */
  record CreateGuestMemfd(long flags, long size) implements GmemOp {
    @Override
    public String toString() {
      return "KVM_CREATE_GUEST_MEMFD(size=" + size + ", flags=" + gmemFlags(flags) + ")";
    }
  }

  /** fallocate(gmem, mode, offset, len). */
  record Fallocate(int mode, long offset, long len) implements GmemOp {
    @Override
    public String toString() {
      return "fallocate(gmem, " + fallocMode(mode) + ", " + offset + ", " + len + ")";
    }
  }

  /**
   * KVM_SET_USER_MEMORY_REGION2 of memslot k with its gpa and size, userspace_addr 0, guest_memfd
   * = the gmem fd at guest_memfd_offset {@code offset}; {@code delete}: memory_size 0.
   */
  record SetRegion(int k, int flags, long offset, boolean delete) implements GmemOp {
    @Override
    public String toString() {
      GmemOracle.Slot s = GmemOracle.SLOTS.get(k);
      return "KVM_SET_USER_MEMORY_REGION2(slot=" + s.id() + ", flags=" + regionFlags(flags) + ", gpa=" + s.gfn()
          + "p, size=" + (delete ? 0 : s.pages()) + "p" + (delete ? "" : ", guest_memfd_offset=" + offset) + ")";
    }
  }

  /** mmap(NULL, pages, PROT_READ|PROT_WRITE, MAP_SHARED or MAP_PRIVATE, gmem, 0) in the child. */
  record Mmap(int pages, boolean shared) implements GmemOp {
    @Override
    public String toString() {
      return "mmap(" + pages + "p, PROT_READ|PROT_WRITE, " + (shared ? "MAP_SHARED" : "MAP_PRIVATE") + ", gmem, 0)";
    }
  }

  record Munmap() implements GmemOp {
    @Override
    public String toString() {
      return "munmap()";
    }
  }

  /** A one-byte load (store of {@link #marker}) at the start of page {@code index} of the mapping. */
  record Access(int index, boolean store) implements GmemOp {
    byte marker() {
      return GmemOp.marker(index);
    }

    @Override
    public String toString() {
      return store ? "store(page " + index + ", 0x" + Integer.toHexString(marker() & 0xff) + ")"
          : "load(page " + index + ")";
    }
  }

  /** The byte a store to page {@code index} writes: distinct per page and never zero. */
  static byte marker(int index) {
    return (byte) (0xa0 + index);
  }

  static String gmemFlags(long flags) {
    List<String> out = new ArrayList<>();
    if ((flags & GUEST_MEMFD_FLAG_MMAP) != 0) {
      out.add("MMAP");
    }
    if ((flags & GUEST_MEMFD_FLAG_INIT_SHARED) != 0) {
      out.add("INIT_SHARED");
    }
    long rest = flags & ~(GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED);
    if (rest != 0) {
      out.add("0x" + Long.toHexString(rest));
    }
    return out.isEmpty() ? "0" : String.join("|", out);
  }

  static String fallocMode(int mode) {
    List<String> out = new ArrayList<>();
    if ((mode & FALLOC_FL_KEEP_SIZE) != 0) {
      out.add("KEEP_SIZE");
    }
    if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
      out.add("PUNCH_HOLE");
    }
    return out.isEmpty() ? "0" : String.join("|", out);
  }

  static String regionFlags(int flags) {
    List<String> out = new ArrayList<>();
    if ((flags & KVM_MEM_LOG_DIRTY_PAGES) != 0) {
      out.add("LOG_DIRTY_PAGES");
    }
    if ((flags & KVM_MEM_GUEST_MEMFD) != 0) {
      out.add("GUEST_MEMFD");
    }
    return out.isEmpty() ? "0" : String.join("|", out);
  }
}
