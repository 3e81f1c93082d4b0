package org.sealcheck.model.gmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_KEEP_SIZE;
import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_PUNCH_HOLE;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_INIT_SHARED;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_MMAP;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_GUEST_MEMFD;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_LOG_DIRTY_PAGES;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_READONLY;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.revision.Revisions;

/** The uAPI layer: each kernel argument check, and the calls over the spec's steps. */
class GmemSyscallsTest {
  private static final long PAGE = 4096;
  private static final long BOTH = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED;
  private static final int GMEM = KVM_MEM_GUEST_MEMFD;
  private static final int KEEP = FALLOC_FL_KEEP_SIZE;
  private static final int PUNCH = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE;

  /** Memslot 1 over gfns 0-1, 2 over gfn 2, 3 over gfn 1 (overlapping 1's gpa range). */
  private static GmemSyscalls sys(GmemRevision rev) {
    return new GmemSyscalls(rev, PAGE, List.of(1, 2, 3), List.of(0, 2, 1), List.of(2, 1, 1), 3);
  }

  private static GmemSyscalls withGmem(long flags) {
    GmemSyscalls s = sys(Revisions.gmem("gmem-6.18"));
    assertEquals("0", s.createGuestMemfd(flags, 2 * PAGE));
    return s;
  }

  @Test
  void kvmGmemCreateChecksFlagsThenSize() {
    GmemRevision r = Revisions.gmem("gmem-6.18");
    assertEquals("0", GmemSyscalls.kvmGmemCreate(r, false, BOTH, PAGE, PAGE));
    // INIT_SHARED without MMAP is a supported flag on its own.
    assertEquals("0", GmemSyscalls.kvmGmemCreate(r, false, GUEST_MEMFD_FLAG_INIT_SHARED, PAGE, PAGE));
    // A VM with private memory does not support INIT_SHARED.
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemCreate(r, true, BOTH, PAGE, PAGE));
    assertEquals("0", GmemSyscalls.kvmGmemCreate(r, true, GUEST_MEMFD_FLAG_MMAP, PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemCreate(r, false, 1L << 2, PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemCreate(r, false, 0, 0, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemCreate(r, false, 0, -PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemCreate(r, false, 0, PAGE / 2, PAGE));
    // 6.8 has no flags at all.
    assertEquals("-EINVAL",
        GmemSyscalls.kvmGmemCreate(Revisions.gmem("gmem-6.8"), false, GUEST_MEMFD_FLAG_MMAP, PAGE, PAGE));
    assertEquals("0", GmemSyscalls.kvmGmemCreate(Revisions.gmem("gmem-6.8"), false, 0, PAGE, PAGE));
  }

  @Test
  void fallocateChecksVfsThenKvmGmemFallocateThenAllocateRange() {
    assertEquals("-EINVAL", GmemSyscalls.vfsFallocate(KEEP, -PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.vfsFallocate(KEEP, 0, 0));
    assertEquals("-EOPNOTSUPP", GmemSyscalls.vfsFallocate(FALLOC_FL_PUNCH_HOLE, 0, PAGE));
    assertEquals("-EOPNOTSUPP", GmemSyscalls.vfsFallocate(0x100, 0, PAGE));
    assertEquals("0", GmemSyscalls.vfsFallocate(0, 0, PAGE));
    assertEquals("-EOPNOTSUPP", GmemSyscalls.kvmGmemFallocateChecks(0, 0, PAGE, PAGE));
    assertEquals("-EOPNOTSUPP", GmemSyscalls.kvmGmemFallocateChecks(KEEP | 0x10, 0, PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemFallocateChecks(KEEP, 0, PAGE / 2, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemFallocateChecks(PUNCH, PAGE / 2, PAGE, PAGE));
    assertEquals("0", GmemSyscalls.kvmGmemFallocateChecks(PUNCH, PAGE, PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemAllocateChecks(PAGE, 2 * PAGE, 2 * PAGE));
    assertEquals("0", GmemSyscalls.kvmGmemAllocateChecks(PAGE, PAGE, 2 * PAGE));

    GmemSyscalls s = withGmem(0);
    assertEquals("-EINVAL", s.fallocate(KEEP, PAGE, 2 * PAGE));
    assertEquals(Pfn.NO_PFN, s.state().file().folio(1), "the range check runs before any page is allocated");
    assertEquals("0", s.fallocate(PUNCH, PAGE, 2 * PAGE), "a punch past i_size succeeds");
    assertEquals("0", s.fallocate(KEEP, 0, 2 * PAGE));
    assertEquals(true, Pfn.isPage(s.state().file().folio(1)));
  }

  @Test
  void checkMemoryRegionFlags() {
    GmemRevision r = Revisions.gmem("gmem-6.18");
    assertEquals("0", GmemSyscalls.checkMemoryRegionFlags(r, false, GMEM));
    assertEquals("0", GmemSyscalls.checkMemoryRegionFlags(r, false, KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY));
    assertEquals("-EINVAL", GmemSyscalls.checkMemoryRegionFlags(r, false, GMEM | KVM_MEM_LOG_DIRTY_PAGES));
    assertEquals("-EINVAL", GmemSyscalls.checkMemoryRegionFlags(r, false, GMEM | KVM_MEM_READONLY));
    assertEquals("-EINVAL", GmemSyscalls.checkMemoryRegionFlags(r, false, 1 << 5));
    // 6.8: guest_memfd memslots only on a VM with private memory.
    assertEquals("-EINVAL", GmemSyscalls.checkMemoryRegionFlags(Revisions.gmem("gmem-6.8"), false, GMEM));
    assertEquals("0", GmemSyscalls.checkMemoryRegionFlags(Revisions.gmem("gmem-6.8"), true, GMEM));
  }

  @Test
  void kvmGmemBindChecksOffsetAndSize() {
    assertEquals("0", GmemSyscalls.kvmGmemBindChecks(PAGE, 1, 2 * PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemBindChecks(PAGE, 2, 2 * PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemBindChecks(PAGE / 2, 1, 2 * PAGE, PAGE));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemBindChecks(-PAGE, 1, 2 * PAGE, PAGE));
  }

  @Test
  void setUserMemoryRegion2InTheKernelsOrder() {
    GmemSyscalls s = withGmem(BOTH);
    assertEquals("-EINVAL", s.setUserMemoryRegion2(0, GMEM, 0, true), "delete of a memslot that does not exist");
    assertEquals("-EINVAL", s.setUserMemoryRegion2(0, GMEM, PAGE, false), "2 pages at offset 1 page pass i_size");
    assertEquals("0", s.setUserMemoryRegion2(0, GMEM, 0, false));
    assertEquals("-EINVAL", s.setUserMemoryRegion2(0, GMEM, 0, false), "private memslots are immutable");
    assertEquals("-EEXIST", s.setUserMemoryRegion2(2, GMEM, 0, false), "gpa overlap is checked before the bind");
    assertEquals("-EINVAL", s.setUserMemoryRegion2(1, GMEM, PAGE, false), "file range already bound to memslot 1");
    assertEquals("0", s.setUserMemoryRegion2(0, GMEM, 0, true));
    assertEquals("0", s.setUserMemoryRegion2(1, GMEM, PAGE, false), "the range is free after the delete");
    assertEquals(false, s.slotReusable(0));
    assertThrows(IllegalStateException.class, () -> s.setUserMemoryRegion2(0, GMEM, 0, false));
  }

  @Test
  void kvmGmemMmapAndFaults() {
    assertEquals("-ENODEV", GmemSyscalls.kvmGmemMmap(Revisions.gmem("gmem-6.18"), false, true));
    assertEquals("-EINVAL", GmemSyscalls.kvmGmemMmap(Revisions.gmem("gmem-6.18"), true, false));
    assertEquals("0", GmemSyscalls.kvmGmemMmap(Revisions.gmem("gmem-6.18"), true, true));
    assertEquals("-ENODEV", GmemSyscalls.kvmGmemMmap(Revisions.gmem("gmem-6.8"), true, true));
    assertEquals(true, GmemSyscalls.faultPastEof(2, 2));
    assertEquals(false, GmemSyscalls.faultPastEof(1, 2));

    GmemSyscalls priv = withGmem(GUEST_MEMFD_FLAG_MMAP);
    assertEquals("0", priv.mmap(3, true));
    assertEquals("SIGBUS", priv.load(0).val(), "without INIT_SHARED every page is private");
    assertEquals(Pfn.NO_PFN, priv.state().file().folio(0), "and the refused fault allocates nothing");

    GmemSyscalls s = withGmem(BOTH);
    assertEquals("-EINVAL", s.mmap(3, false));
    assertEquals("0", s.mmap(3, true));
    assertEquals("SIGBUS", s.load(2).val(), "past EOF");
    assertEquals(new GmemSyscalls.Access("0", (byte) 0), s.load(0), "a new page is zero");
  }

  @Test
  void pageIdentityDecidesWhatALoadSees() {
    GmemSyscalls s = withGmem(BOTH);
    s.mmap(3, true);
    s.store(0, (byte) 0x5a);
    s.store(1, (byte) 0x6b);
    assertEquals("0", s.fallocate(KEEP, 0, 2 * PAGE));
    assertEquals((byte) 0x5a, s.load(0).data(), "fallocate over a present page keeps it");
    assertEquals("0", s.fallocate(PUNCH, 0, PAGE));
    assertEquals((byte) 0, s.load(0).data(), "a punched page is gone; the next fault gets a new, zeroed one");
    assertEquals((byte) 0x6b, s.load(1).data(), "the page beside the hole stays");
    s.munmap();
    s.mmap(3, true);
    assertEquals((byte) 0x6b, s.load(1).data(), "munmap() leaves the page cache");
  }
}
