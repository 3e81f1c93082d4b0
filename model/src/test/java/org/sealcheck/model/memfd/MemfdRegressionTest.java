package org.sealcheck.model.memfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sealcheck.model.memfd.File.RO;
import static org.sealcheck.model.memfd.File.RW;
import static org.sealcheck.model.memfd.MemfdSteps.doMmap;
import static org.sealcheck.model.memfd.MemfdSteps.doMprotectPkey;
import static org.sealcheck.model.memfd.MemfdSteps.doVmiMunmap;
import static org.sealcheck.model.memfd.MemfdSteps.memfdAddSeals;
import static org.sealcheck.model.memfd.MemfdSteps.memfdCreate;
import static org.sealcheck.model.memfd.MemfdSteps.shmemFallocate;
import static org.sealcheck.model.memfd.MemfdSteps.shmemFault;
import static org.sealcheck.model.memfd.MemfdSteps.shmemFileWriteIter;
import static org.sealcheck.model.memfd.MemfdSteps.shmemGetLockPfn;
import static org.sealcheck.model.memfd.MemfdSteps.shmemMfillAtomicPte;
import static org.sealcheck.model.memfd.MemfdSteps.shmemReadCheckSeal;
import static org.sealcheck.model.memfd.MemfdSteps.shmemReadCopy;
import static org.sealcheck.model.memfd.MemfdSteps.shmemReadISize;
import static org.sealcheck.model.memfd.MemfdSteps.shmemSetattrMode;
import static org.sealcheck.model.memfd.MemfdSteps.shmemSetattrSize;
import static org.sealcheck.model.memfd.MfdFlag.MFD_ALLOW_SEALING;
import static org.sealcheck.model.memfd.MfdFlag.MFD_EXEC;
import static org.sealcheck.model.memfd.MfdFlag.MFD_INACCESSIBLE;
import static org.sealcheck.model.memfd.MfdFlag.MFD_NOEXEC_SEAL;
import static org.sealcheck.model.memfd.Seal.F_SEAL_AUTO_ALLOCATE;
import static org.sealcheck.model.memfd.Seal.F_SEAL_EXEC;
import static org.sealcheck.model.memfd.Seal.F_SEAL_FUTURE_WRITE;
import static org.sealcheck.model.memfd.Seal.F_SEAL_GROW;
import static org.sealcheck.model.memfd.Seal.F_SEAL_INACCESSIBLE;
import static org.sealcheck.model.memfd.Seal.F_SEAL_WRITE;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sealcheck.model.revision.Revisions;

/**
 * The memfd races and regressions the model exists to reproduce, one story each, run through the
 * step machine as the checker runs it. Page offsets and sizes are in pages; VMA slots count from 1.
 */
class MemfdRegressionTest {

  private static final int EPERM = -1;
  private static final int EACCES = -13;
  private static final int EFAULT = -14;
  private static final int EBUSY = -16;
  private static final int EEXIST = -17;
  private static final int EINVAL = -22;

  /**
   * memfd-6.18: F_SEAL_WRITE is refused while a shared writable mapping exists.
   *
   * <p>mapping_deny_writable() fails with EBUSY while i_mmap_writable counts a VMA that may write;
   * once that VMA is unmapped the count drops to 0, the seal goes on, and the count stays negative
   * so that no writable mapping can come back.
   */
  @Test
  void sealWriteIsBusyUntilTheSharedWritableMappingGoes() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18"));
    // A sealable memfd, mapped MAP_SHARED PROT_READ|PROT_WRITE: one writable count.
    assertEquals(0, s.run(memfdCreate(MFD_ALLOW_SEALING)));
    assertEquals(0, s.run(doMmap(1, RW, true, true)));
    assertEquals(1, s.now.iMmapWritable());
    // F_ADD_SEALS(F_SEAL_WRITE) meets the count: EBUSY, and nothing changes but ret.
    assertEquals(EBUSY, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
    assertEquals(Set.of(), s.now.seals());
    assertEquals(1, s.now.iMmapWritable());
    // munmap() drops the count.
    assertEquals(0, s.run(doVmiMunmap(1)));
    assertEquals(0, s.now.iMmapWritable());
    // Now the seal succeeds and denies writable mappings for good.
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
    assertEquals(-1, s.now.iMmapWritable());
    assertEquals(EPERM, s.run(doMmap(1, RW, true, true)));
    assertTrue(s.holds("NoWritableMappingUnderWriteSealInv"));
    assertTrue(s.holds("MappingAccountingInv"));
  }

  /**
   * A read-only MAP_SHARED mapping of a write-sealed memfd, across kernels (M-R1, M-R2).
   *
   * <p>6.7+ clears VM_MAYWRITE on such a mapping instead of refusing it, so that mprotect() cannot
   * make it writable (EACCES). 6.12's 5de195060b2e took the writable count before the seal check
   * cleared VM_MAYWRITE, so the mapping failed with EPERM again (fixed by 8ec396d05d1b); before
   * 6.7 every MAP_SHARED mapping took a count and so failed with EPERM too.
   */
  @Test
  void readOnlySharedMapOfAWriteSealedMemfd() {
    // 6.18: the mapping succeeds without VM_MAYWRITE, and takes no count.
    Scenario s = writeSealed(Revisions.memfd("memfd-6.18"));
    assertEquals(0, s.run(doMmap(1, RW, true, false)));
    assertEquals(EnumSet.of(VmFlag.VM_READ, VmFlag.VM_SHARED, VmFlag.VM_MAYSHARE), s.now.vmFlags(1));
    assertEquals(-1, s.now.iMmapWritable());
    assertTrue(s.holds("WriteSealAllowsReadOnlyMapInv"));
    // mprotect(PROT_READ|PROT_WRITE) needs VM_MAYWRITE: EACCES.
    assertEquals(EACCES, s.run(doMprotectPkey(1, true)));
    assertTrue(s.holds("NoWritableMappingUnderWriteSealInv"));

    // 6.12: the temporary count on the flags before the seal check meets the deny: EPERM.
    Scenario r = writeSealed(Revisions.memfd("memfd-6.12"));
    assertFalse(r.holds("WriteSealAllowsReadOnlyMapInv"));
    assertEquals(EPERM, r.run(doMmap(1, RW, true, false)));

    // 6.6: a MAP_SHARED mapping counts whatever its protection: EPERM.
    Scenario q = writeSealed(Revisions.memfd("memfd-6.6"));
    assertFalse(q.holds("WriteSealAllowsReadOnlyMapInv"));
    assertEquals(EPERM, q.run(doMmap(1, RW, true, false)));
    // A private mapping is fine everywhere: its writes never reach the file.
    assertEquals(0, q.run(doMmap(1, RW, false, true)));
  }

  /** A sealable memfd with F_SEAL_WRITE on it, and no mapping. */
  private static Scenario writeSealed(MemfdRevision rev) {
    Scenario s = new Scenario(rev);
    assertEquals(0, s.run(memfdCreate(MFD_ALLOW_SEALING)));
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
    return s;
  }

  /**
   * 6.12 regression window, F_SEAL_FUTURE_WRITE only: the read-only shared mapping succeeds, and
   * its temporary count does not outlive mmap().
   *
   * <p>mmap_region() takes a temporary count on the flags before shmem_mmap() clears VM_MAYWRITE
   * and drops it at the end ("Clear our write mapping regardless of error"); the VMA's own count
   * (__vma_link_file) follows its final flags, which no longer say VM_MAYWRITE.
   */
  @Test
  void sixTwelveTemporaryCountDoesNotLeak() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.12"));
    assertEquals(0, s.run(memfdCreate(MFD_ALLOW_SEALING)));
    // FUTURE_WRITE does not deny the count, so the temporary count succeeds.
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_FUTURE_WRITE)));
    assertEquals(0, s.run(doMmap(1, RW, true, false)));
    assertEquals(0, s.now.iMmapWritable());
    assertTrue(s.holds("MappingAccountingInv"));
    // So F_SEAL_WRITE is not refused afterwards on account of it.
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
  }

  /**
   * M-R7: F_SEAL_EXEC's implied F_SEAL_WRITE skipped the writable-mapping check (fixed by
   * 3b041514).
   *
   * <p>On an executable memfd F_SEAL_EXEC adds the W^X seals, F_SEAL_WRITE among them. Before
   * the fix they were added after the mapping_deny_writable() check, which looked only at the
   * seals asked for: a shared writable mapping survived the write seal and kept storing into the
   * file. Fixed kernels expand first, so the implied F_SEAL_WRITE meets the count: EBUSY.
   */
  @Test
  void execSealImpliesWriteSealPastAWritableMapping() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18-pre-3b041514"));
    // An executable (0777) sealable memfd of one page, mapped shared and writable.
    assertEquals(0, s.run(memfdCreate(MFD_EXEC, MFD_ALLOW_SEALING)));
    assertEquals(0777, s.now.iMode());
    assertEquals(0, s.run(shmemSetattrSize(1)));
    assertEquals(0, s.run(doMmap(1, RW, true, true)));
    // F_ADD_SEALS(F_SEAL_EXEC) succeeds and brings F_SEAL_WRITE with it.
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_EXEC)));
    assertTrue(s.now.seals().contains(F_SEAL_WRITE));
    assertFalse(s.holds("NoWritableMappingUnderWriteSealInv"));
    // The mapping still stores into the write-sealed file.
    assertEquals(0, s.run(shmemFault(1, 0, true)));
    assertEquals(PageContent.USER, s.now.page(0));
    assertFalse(s.holds("NoWriteAfterWriteSealProp"));

    // Fixed: the same sequence ends in EBUSY, with no seal added.
    Scenario f = new Scenario(Revisions.memfd("memfd-6.18"));
    f.run(memfdCreate(MFD_EXEC, MFD_ALLOW_SEALING));
    f.run(shmemSetattrSize(1));
    f.run(doMmap(1, RW, true, true));
    assertEquals(EBUSY, f.run(memfdAddSeals(RW, F_SEAL_EXEC)));
    assertEquals(Set.of(), f.now.seals());
  }

  /**
   * The seeded bug debug-no-deny-writable: F_SEAL_WRITE without mapping_deny_writable() leaves a
   * shared writable mapping in place, which the invariant must catch.
   */
  @Test
  void sealWriteWithoutDenyIsCaught() {
    Scenario s = new Scenario(Revisions.memfd("debug-no-deny-writable"));
    // A shared writable mapping, then the seal, which no longer checks the count.
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(doMmap(1, RW, true, true));
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
    assertFalse(s.holds("NoWritableMappingUnderWriteSealInv"));
  }

  /**
   * F_SEAL_GROW makes a write that runs past EOF short.
   *
   * <p>generic_perform_write() calls shmem_write_begin() per page; the first page that would end
   * past i_size is refused, and write() returns what it wrote before that, or -EPERM if that was
   * nothing.
   */
  @Test
  void growSealShortWrite() {
    Scenario s = new Scenario(new MemfdConfig(Revisions.memfd("memfd-6.18"), 3, 1, 0));
    // A two-page memfd sealed against growth.
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemSetattrSize(2));
    s.run(memfdAddSeals(RW, F_SEAL_GROW));
    // pwrite of two pages at page 1: page 1 is inside, page 2 would grow the file.
    assertEquals(1, s.run(shmemFileWriteIter(1, 2)));
    assertEquals(PageContent.USER, s.now.page(1));
    assertEquals(PageContent.NONE, s.now.page(2));
    assertEquals(2, s.now.iSize());
    // A write that starts at EOF writes nothing: -EPERM.
    assertEquals(EPERM, s.run(shmemFileWriteIter(2, 1)));
    assertTrue(s.holds("SizeRespectsSealsProp"));

    // Within the checker's bounds (two pages): two pages at page 0 of a one-page file.
    Scenario m = new Scenario(Revisions.memfd("memfd-6.18"));
    m.run(memfdCreate(MFD_ALLOW_SEALING));
    m.run(shmemSetattrSize(1));
    m.run(memfdAddSeals(RW, F_SEAL_GROW));
    assertEquals(1, m.run(shmemFileWriteIter(0, 2)));
    // Without the seal the same write grows the file by a page per chunk.
    Scenario g = new Scenario(Revisions.memfd("memfd-6.18"));
    g.run(memfdCreate(MFD_ALLOW_SEALING));
    g.run(shmemSetattrSize(1));
    assertEquals(2, g.run(shmemFileWriteIter(0, 2)));
    assertEquals(2, g.now.iSize());
  }

  /**
   * F_SEAL_FUTURE_WRITE: a shared writable mapping made before the seal keeps working, while new
   * writes through write() and new writable mappings are refused.
   */
  @Test
  void futureWriteSealSparesExistingMappings() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18"));
    // One page, mapped shared and writable, then sealed for future writes (no EBUSY: no deny).
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemSetattrSize(1));
    s.run(doMmap(1, RW, true, true));
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_FUTURE_WRITE)));
    // The old mapping still stores.
    assertEquals(0, s.run(shmemFault(1, 0, true)));
    assertEquals(PageContent.USER, s.now.page(0));
    // write() and a new shared writable mapping are refused; hole punching too.
    assertEquals(EPERM, s.run(shmemFileWriteIter(0, 1)));
    assertEquals(EPERM, s.run(doMmap(2, RW, true, true)));
    assertEquals(EPERM, s.run(shmemFallocate(FallocMode.FALLOC_FL_PUNCH_HOLE, 0, 1)));
  }

  /**
   * A reopened O_RDONLY fd: no F_ADD_SEALS (EPERM), no shared writable mapping (EACCES), and a
   * shared read-only mapping that can never become writable.
   */
  @Test
  void readOnlyFd() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18"));
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    assertEquals(EPERM, s.run(memfdAddSeals(RO, F_SEAL_WRITE)));
    assertEquals(EACCES, s.run(doMmap(1, RO, true, true)));
    // MAP_SHARED on a file without FMODE_WRITE loses VM_MAYWRITE and VM_SHARED, keeps VM_MAYSHARE.
    assertEquals(0, s.run(doMmap(1, RO, true, false)));
    assertEquals(EnumSet.of(VmFlag.VM_READ, VmFlag.VM_MAYSHARE), s.now.vmFlags(1));
    assertEquals(0, s.now.iMmapWritable());
    assertEquals(EACCES, s.run(doMprotectPkey(1, true)));
    // The undefined seal bit is EINVAL, checked after FMODE_WRITE.
    assertEquals(EINVAL, s.run(memfdAddSeals(RW, Seal.F_SEAL_0x8000)));
    assertEquals(EPERM, s.run(memfdAddSeals(RO, Seal.F_SEAL_0x8000)));
  }

  /**
   * memfd_create() flag checks and the vm.memfd_noexec sysctl.
   *
   * <p>MFD_EXEC with MFD_NOEXEC_SEAL is EINVAL. At scope 2 an explicit MFD_EXEC is EACCES, while
   * no flag gets NOEXEC_SEAL silently (6.6+): mode 0666 and F_SEAL_EXEC, which makes the fd
   * sealable even without MFD_ALLOW_SEALING.
   */
  @Test
  void memfdCreateFlags() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18"));
    assertEquals(EINVAL, s.run(memfdCreate(MFD_EXEC, MFD_NOEXEC_SEAL)));
    assertFalse(s.now.fdInstalled());
    // Without MFD_ALLOW_SEALING the memfd is sealed against sealing.
    assertEquals(0, s.run(memfdCreate(MFD_EXEC)));
    assertEquals(Set.of(Seal.F_SEAL_SEAL), s.now.seals());
    assertEquals(EPERM, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
    assertFalse(s.enabled(memfdCreate()));

    Scenario e = new Scenario(new MemfdConfig(Revisions.memfd("memfd-6.18"), 2, 2, 2));
    assertEquals(EACCES, e.run(memfdCreate(MFD_EXEC)));
    assertEquals(0, e.run(memfdCreate()));
    assertEquals(Set.of(F_SEAL_EXEC), e.now.seals());
    assertEquals(0666, e.now.iMode());
    // F_SEAL_EXEC freezes the exec bits: fchmod 0777 is EPERM, 0666 (no change) is fine.
    assertEquals(EPERM, e.run(shmemSetattrMode(0777)));
    assertEquals(0, e.run(shmemSetattrMode(0666)));
    // On a non-executable file F_SEAL_EXEC implies nothing.
    assertEquals(0, e.run(memfdAddSeals(RW, F_SEAL_EXEC)));
    assertEquals(Set.of(F_SEAL_EXEC), e.now.seals());

    // v5: an inaccessible memfd cannot be sealable.
    Scenario v5 = new Scenario(Revisions.memfd("v5"));
    assertEquals(EINVAL, v5.run(memfdCreate(MFD_INACCESSIBLE, MFD_ALLOW_SEALING)));
  }

  /**
   * v7 F_SEAL_AUTO_ALLOCATE does not stop a read fault or UFFDIO_COPY from allocating (review
   * findings on the v7 thread).
   *
   * <p>The seal blocks allocation by write() and by a write fault. A read fault goes through
   * shmem_get_folio(SGP_CACHE), which allocates because shmem has no shared zero page, and
   * UFFDIO_COPY places a new page through shmem_mfill_atomic_pte(): both bypass it.
   */
  @Test
  void autoAllocateSealIsBypassedByReadFaultAndUffd() {
    Scenario s = new Scenario(Revisions.memfd("v7"));
    // A two-page hole, mapped shared and writable, then sealed against implicit allocation.
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemSetattrSize(2));
    s.run(doMmap(1, RW, true, true));
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_AUTO_ALLOCATE)));
    // write() and a write fault on a hole are refused.
    assertEquals(EPERM, s.run(shmemFileWriteIter(0, 1)));
    assertEquals(Errno.VM_FAULT_SIGBUS, s.run(shmemFault(1, 0, true)));
    assertEquals(PageContent.NONE, s.now.page(0));
    // A read fault allocates page 0 anyway.
    assertEquals(0, s.run(shmemFault(1, 0, false)));
    assertEquals(PageContent.ZERO, s.now.page(0));
    assertEquals(PageContent.ZERO, s.ret().data());
    assertFalse(s.holds("NoFaultAllocationProp"));
    assertFalse(s.holds("NoImplicitAllocationProp"));
    // UFFDIO_COPY places page 1; a second copy finds it there.
    assertEquals(0, s.run(shmemMfillAtomicPte(1, 1)));
    assertEquals(PageContent.USER, s.now.page(1));
    assertFalse(s.holds("NoUffdAllocationProp"));
    assertEquals(EEXIST, s.run(shmemMfillAtomicPte(1, 1)));
    // fallocate() is the allowed way.
    assertEquals(0, s.run(shmemSetattrSize(0)));
    assertEquals(0, s.run(shmemFallocate(FallocMode.MODE_0, 0, 1)));
    assertTrue(s.holds("NoImplicitAllocationProp"));
    assertEquals(EFAULT, s.run(shmemMfillAtomicPte(1, 1)));
  }

  /**
   * v4 reader race, the patch's order: i_size, then the seal, then the copy.
   *
   * <p>The patch claims that checking F_SEAL_INACCESSIBLE after the lockless i_size read
   * serializes read() against setting the seal. A reader that passed both checks before the seal
   * still copies after it: the file is truncated to 0 (the seal needs an empty file), sealed,
   * regrown, and the guest writes the page, which the reader then copies to userspace.
   */
  @Test
  void v4ReaderSeesGuestDataInPatchOrder() {
    Scenario s = new Scenario(new MemfdConfig(Revisions.memfd("v4"), 1, 1, 0));
    // A one-page sealable memfd.
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemSetattrSize(1));
    // read() of page 0: i_size says page 0 is inside; no seal yet.
    s.run(shmemReadISize(0));
    s.run(shmemReadCheckSeal(0));
    assertEquals(ShmemFileReadIter.Pc.COPY, s.now.reader().pc());
    // Truncate to 0, seal, regrow (allowed while i_size was 0).
    assertEquals(0, s.run(shmemSetattrSize(0)));
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_INACCESSIBLE)));
    assertEquals(0, s.run(shmemSetattrSize(1)));
    // The guest writes page 0 through KVM.
    assertEquals(0, s.run(shmemGetLockPfn(0)));
    // The reader copies the guest's page out.
    assertEquals(1, s.run(shmemReadCopy()));
    assertEquals(PageContent.GUEST, s.ret().data());
    assertFalse(s.holds("NoReadAfterSealProp"));
    assertFalse(s.holds("NoAccessAfterSealProp"));
  }

  /**
   * v4 reader race, the seal check first: the swapped order does not help either.
   *
   * <p>The reader checks the seal before it is set, then the memfd is sealed (still empty),
   * grown, and written by the guest; the reader's i_size read now finds page 0 inside and copies
   * the guest's data.
   */
  @Test
  void v4ReaderSeesGuestDataSealFirst() {
    Scenario s = new Scenario(new MemfdConfig(Revisions.memfd("v4-seal-first"), 1, 1, 0));
    // An empty sealable memfd; the reader's seal check passes.
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemReadCheckSeal(0));
    assertEquals(ShmemFileReadIter.Pc.SEAL_CHECKED, s.now.reader().pc());
    // An internal step returns nothing to userspace.
    assertEquals(Ret.NO_RET, s.ret());
    // Seal, grow, guest write.
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_INACCESSIBLE)));
    assertEquals(0, s.run(shmemSetattrSize(1)));
    assertEquals(0, s.run(shmemGetLockPfn(0)));
    // The reader reads i_size (page 0 inside now) and copies the guest's data.
    s.run(shmemReadISize(0));
    assertEquals(1, s.run(shmemReadCopy()));
    assertEquals(PageContent.GUEST, s.ret().data());
    assertFalse(s.holds("NoReadAfterSealProp"));
    // A new read() after the seal is refused at its seal check.
    assertEquals(EPERM, s.run(shmemReadCheckSeal(0)));
  }

  /**
   * v4: the seal itself is refused on a non-empty file, and once set, write(), mmap() and size
   * changes of the non-empty file are refused.
   */
  @Test
  void v4InaccessibleSeal() {
    Scenario s = new Scenario(new MemfdConfig(Revisions.memfd("v4"), 1, 1, 0));
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemSetattrSize(1));
    // Refused on a non-empty file (errno UNCONFIRMED in the spec).
    assertEquals(EPERM, s.run(memfdAddSeals(RW, F_SEAL_INACCESSIBLE)));
    s.run(shmemSetattrSize(0));
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_INACCESSIBLE)));
    assertEquals(EPERM, s.run(doMmap(1, RW, true, false)));
    assertEquals(0, s.run(shmemSetattrSize(1)));
    assertEquals(EPERM, s.run(shmemSetattrSize(1)));
    assertEquals(EPERM, s.run(shmemFileWriteIter(0, 1)));
    // KVM may use it as private memory only now.
    assertTrue(s.enabled(shmemGetLockPfn(0)));
  }

  /** v5: MFD_INACCESSIBLE works like the v4 seal from birth; the guest's data never reaches read(). */
  @Test
  void v5InaccessibleFromCreation() {
    Scenario s = new Scenario(new MemfdConfig(Revisions.memfd("v5"), 1, 1, 0));
    assertEquals(0, s.run(memfdCreate(MFD_INACCESSIBLE)));
    assertEquals(Set.of(ShmemXflag.SHM_F_INACCESSIBLE), s.now.xflags());
    s.run(shmemSetattrSize(1));
    s.run(shmemGetLockPfn(0));
    // read(): i_size, then the flag check refuses.
    s.run(shmemReadISize(0));
    assertEquals(EPERM, s.run(shmemReadCheckSeal(0)));
    assertTrue(s.holds("NoReadAfterSealProp"));
    assertEquals(EPERM, s.run(doMmap(1, RW, false, false)));
  }
}
