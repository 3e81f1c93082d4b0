package org.sealcheck.model.memfd;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import static org.sealcheck.model.memfd.MemfdSteps.shmemReadISize;
import static org.sealcheck.model.memfd.MemfdSteps.shmemSetattrSize;
import static org.sealcheck.model.memfd.MfdFlag.MFD_ALLOW_SEALING;
import static org.sealcheck.model.memfd.PageContent.NONE;
import static org.sealcheck.model.memfd.PageContent.USER;
import static org.sealcheck.model.memfd.PageContent.ZERO;
import static org.sealcheck.model.memfd.Seal.F_SEAL_WRITE;

import org.junit.jupiter.api.Test;
import org.sealcheck.model.revision.Revisions;

/**
 * Private (MAP_PRIVATE) mappings keep their own copy of a page they store to: the spec's anon_vma.
 * The live-kernel oracle found the gap (a load after a private store saw the user data on Linux
 * 6.18, zeros in the model); each case here was checked on that kernel (KernelOracleTest) and
 * against the kernel function named in its comment.
 */
class MemfdCowTest {

  /** A one-page memfd of size 1 (ftruncate), mapped MAP_PRIVATE PROT_READ|PROT_WRITE in slot 1. */
  private static Scenario privatelyMapped() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18"));
    assertEquals(0, s.run(memfdCreate(MFD_ALLOW_SEALING)));
    assertEquals(0, s.run(shmemSetattrSize(1)));
    assertEquals(0, s.run(doMmap(1, RW, false, true)));
    return s;
  }

  private static PageContent load(Scenario s, int v, int i) {
    assertEquals(0, s.run(shmemFault(v, i, false)));
    return s.ret().data();
  }

  /**
   * do_cow_fault(): the store faults the file's page in (shmem_fault allocates the hole, zeros)
   * and copies it into the VMA's anonymous memory; the load through the VMA then sees the copy.
   */
  @Test
  void aLoadAfterAPrivateStoreSeesTheCopy() {
    Scenario s = privatelyMapped();
    assertEquals(0, s.run(shmemFault(1, 0, true)));
    assertEquals(USER, s.now.anonPage(1, 0));
    assertEquals(ZERO, s.now.page(0), "the file got a zero page, not the store");
    assertEquals(USER, load(s, 1, 0));
  }

  /** The file does not see the copy: read() and another mapping, shared or private, read zeros. */
  @Test
  void theCopyIsTheVmasAlone() {
    Scenario s = privatelyMapped();
    s.run(shmemFault(1, 0, true));
    assertEquals(1, s.run(shmemReadISize(0)));
    assertEquals(ZERO, s.ret().data());
    assertEquals(0, s.run(doMmap(2, RO, true, false)));
    assertEquals(ZERO, load(s, 2, 0));
    assertEquals(NONE, s.now.anonPage(2, 0));
  }

  /**
   * shmem_setattr(): shrinking calls unmap_mapping_range(mapping, holebegin, 0, 1), even_cows, so
   * the copy goes; after regrowing, the load faults the file's new zero page.
   */
  @Test
  void truncationDropsTheCopy() {
    Scenario s = privatelyMapped();
    s.run(shmemFault(1, 0, true));
    assertEquals(0, s.run(shmemSetattrSize(0)));
    assertEquals(NONE, s.now.anonPage(1, 0));
    assertEquals(0, s.run(shmemSetattrSize(1)));
    assertEquals(ZERO, load(s, 1, 0));
  }

  /** ftruncate() to the same size truncates nothing, and the copy stays (a copy is inside i_size). */
  @Test
  void truncationToTheSameSizeKeepsTheCopy() {
    Scenario s = privatelyMapped();
    s.run(shmemFault(1, 0, true));
    assertEquals(0, s.run(shmemSetattrSize(1)));
    assertEquals(USER, load(s, 1, 0));
  }

  /**
   * shmem_fallocate(PUNCH_HOLE) zaps with unmap_mapping_range(..., 0), even_cows = 0: "hole-punching
   * leaves COWed pages". The file's page is gone and the load, which does not reach shmem, sees the
   * copy without allocating the hole again.
   */
  @Test
  void aHolePunchKeepsTheCopy() {
    Scenario s = privatelyMapped();
    s.run(shmemFault(1, 0, true));
    assertEquals(0, s.run(shmemFallocate(FallocMode.FALLOC_FL_PUNCH_HOLE, 0, 1)));
    assertEquals(NONE, s.now.page(0));
    assertEquals(USER, load(s, 1, 0));
    assertEquals(NONE, s.now.page(0), "the load went to the anon page, not to shmem_fault");
  }

  /** mprotect() keeps the copy (read-only, it is still what the VMA maps); munmap() frees it. */
  @Test
  void mprotectKeepsAndMunmapFreesTheCopy() {
    Scenario s = privatelyMapped();
    s.run(shmemFault(1, 0, true));
    assertEquals(0, s.run(doMprotectPkey(1, false)));
    assertEquals(USER, load(s, 1, 0));
    assertEquals(0, s.run(doVmiMunmap(1)));
    assertEquals(0, s.run(doMmap(1, RW, false, true)));
    assertEquals(NONE, s.now.anonPage(1, 0));
    assertEquals(ZERO, load(s, 1, 0));
  }

  /**
   * A page the private VMA has not copied is the file's page: a read fault maps the page-cache
   * folio itself, so a later write() shows through it.
   */
  @Test
  void anUncopiedPageFollowsTheFile() {
    Scenario s = privatelyMapped();
    assertEquals(ZERO, load(s, 1, 0));
    assertEquals(1, s.run(shmemFileWriteIter(0, 1)));
    assertEquals(USER, load(s, 1, 0));
    assertEquals(NONE, s.now.anonPage(1, 0));
  }

  /**
   * A write seal does not stop a private store (check_write_seal lets private mappings through),
   * and the store leaves the sealed file as it was: NoWriteAfterWriteSealProp holds.
   */
  @Test
  void aPrivateStoreUnderTheWriteSealLeavesTheFileAlone() {
    Scenario s = privatelyMapped();
    assertEquals(0, s.run(memfdAddSeals(RW, F_SEAL_WRITE)));
    assertEquals(0, s.run(shmemFault(1, 0, true)));
    assertEquals(ZERO, s.now.page(0));
    assertEquals(USER, s.now.anonPage(1, 0));
    assertEquals(true, s.holds("NoWriteAfterWriteSealProp"));
  }

  /** A shared store writes the file and copies nothing. */
  @Test
  void aSharedStoreMakesNoCopy() {
    Scenario s = new Scenario(Revisions.memfd("memfd-6.18"));
    s.run(memfdCreate(MFD_ALLOW_SEALING));
    s.run(shmemSetattrSize(1));
    s.run(doMmap(1, RW, true, true));
    assertEquals(0, s.run(shmemFault(1, 0, true)));
    assertEquals(USER, s.now.page(0));
    assertEquals(NONE, s.now.anonPage(1, 0));
  }
}
