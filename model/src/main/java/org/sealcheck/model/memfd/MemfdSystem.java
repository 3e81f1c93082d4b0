package org.sealcheck.model.memfd;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The kernel state the memfd seal protocol lives in, and the calls userspace (and KVM) make on it:
 * the memfd's inode with its page cache and writable-mapping count, the process's VMAs that map
 * it, one reader inside shmem_file_read_iter(), the output of the last call (the spec's
 * {@code ret}) and the step that made it (the spec's ghost {@code arg}).
 *
 * <p>Each public kernel method is one step of the spec: it runs the kernel function named after
 * it, records its output and returns it (0 or a count, {@code -errno}, or a vm_fault_t). Checks run
 * in the kernel's order, so the first failing check gives the errno, as in the spec's CASEs. The
 * spec's enabling conditions that are not kernel checks (the fd exists, the VMA slot is empty or
 * used, the reader is at the right step) are the caller's business: see {@link MemfdStep}; the
 * methods here throw {@link IllegalStateException} when called where the spec's action is
 * disabled and the kernel code would have no object to work on.
 *
 * <p>Value semantics: equals and hashCode cover every field. A state is mutable until {@link
 * #freeze()}; the step machine hands out only frozen states (and caches their hash), and
 * {@link #copy()} gives a mutable, independent copy.
 */
public final class MemfdSystem {
  private final MemfdConfig config;
  /** The memfd's inode; null until memfd_create() has installed an fd (the spec's fd_installed). */
  private ShmemInodeInfo inode;
  private final MmStruct mm;
  private final ShmemFileReadIter reader;
  private Ret ret;
  /** The step just taken (the spec's ghost arg), null before the first one (arg.action = "Init"). */
  private MemfdStep arg;
  private boolean frozen;
  private int hash;

  private MemfdSystem(MemfdConfig config) {
    this.config = config;
    this.inode = null;
    this.mm = new MmStruct(config.vmas());
    this.reader = new ShmemFileReadIter();
    this.ret = Ret.NO_RET;
    this.arg = null;
  }

  private MemfdSystem(MemfdSystem o) {
    this.config = o.config;
    this.inode = o.inode == null ? null : o.inode.copy();
    this.mm = o.mm.copy();
    this.reader = o.reader.copy();
    this.ret = o.ret;
    this.arg = o.arg;
  }

  /** The spec's Init: no memfd yet, no VMA, the reader idle. Mutable. */
  public static MemfdSystem initial(MemfdConfig config) {
    return new MemfdSystem(config);
  }

  /** A mutable copy that shares nothing mutable with this state. */
  public MemfdSystem copy() {
    return new MemfdSystem(this);
  }

  /** Makes this state immutable (kernel methods then throw); returns it. */
  public MemfdSystem freeze() {
    if (!frozen) {
      frozen = true;
      hash = computeHash();
    }
    return this;
  }

  public boolean isFrozen() {
    return frozen;
  }

  private void mutating() {
    if (frozen) {
      throw new IllegalStateException("this state is frozen; copy() it to run a step on it");
    }
  }

  // ------------------------------------------------------------------ accessors

  public MemfdConfig config() {
    return config;
  }

  public MemfdRevision revision() {
    return config.revision();
  }

  /** The spec's fd_installed: memfd_create() has returned an fd, so the inode exists. */
  public boolean fdInstalled() {
    return inode != null;
  }

  /** The inode, or null before memfd_create() succeeded. */
  public ShmemInodeInfo inode() {
    return inode;
  }

  public MmStruct mm() {
    return mm;
  }

  public ShmemFileReadIter reader() {
    return reader;
  }

  public Ret ret() {
    return ret;
  }

  /**
   * The spec's ghost {@code arg}: the step that produced this state, with its parameters, or
   * null in the initial state (the spec's {@code [action |-> "Init"]}). {@link MemfdMachine}
   * sets it from the step it applies; the kernel methods leave it alone.
   */
  public MemfdStep arg() {
    return arg;
  }

  /** Records the step that produced this (mutable) state: what {@link #arg()} returns. */
  void setArg(MemfdStep step) {
    mutating();
    this.arg = step;
  }

  // The spec's variables, defined before memfd_create() too (with Init's values), so that the
  // abstraction and the properties need not ask whether the inode exists.

  public Set<Seal> seals() {
    return inode == null ? Collections.emptySet() : inode.seals();
  }

  public Set<ShmemXflag> xflags() {
    return inode == null ? Collections.emptySet() : inode.xflags();
  }

  public int iMode() {
    return inode == null ? ShmemInodeInfo.S_IRWXUGO : inode.iMode();
  }

  public int iSize() {
    return inode == null ? 0 : inode.iSize();
  }

  public PageContent page(int index) {
    if (index < 0 || index >= config.maxPages()) {
      throw new IllegalArgumentException("page " + index + " not in 0.." + (config.maxPages() - 1));
    }
    return inode == null ? PageContent.NONE : inode.mapping().page(index);
  }

  public int iMmapWritable() {
    return inode == null ? 0 : inode.mapping().iMmapWritable();
  }

  /** vm_flags of slot v (1-based); empty when the slot holds no VMA, as in the spec. */
  public Set<VmFlag> vmFlags(int v) {
    VmAreaStruct vma = mm.vma(v);
    return vma == null ? Collections.emptySet() : vma.vmFlags();
  }

  /**
   * The spec's anon_vma[v][i]: VMA slot v's private COW copy of page i, or NONE (also for an empty
   * slot, as in the spec).
   */
  public PageContent anonPage(int v, int index) {
    page(index);
    VmAreaStruct vma = mm.vma(v);
    return vma == null ? PageContent.NONE : vma.anonPage(index);
  }

  /** The spec's Inaccessible, false before the memfd exists. */
  public boolean inaccessible() {
    return inode != null && inode.isInaccessible();
  }

  // ------------------------------------------------------------------ memfd_create, F_ADD_SEALS

  /**
   * memfd_create(): sanitize_flags() and check_sysctl_memfd_noexec(), then alloc_file()'s initial
   * seals. One step: nothing else can see the inode before fd_install().
   */
  public int memfdCreate(Set<MfdFlag> flags) {
    mutating();
    if (inode != null) {
      throw new IllegalStateException("the memfd exists already (the spec creates one)");
    }
    requireKnown(flags, revision().mfdFlags(), "memfd_create flag");
    boolean exec = flags.contains(MfdFlag.MFD_EXEC);
    boolean noexec = flags.contains(MfdFlag.MFD_NOEXEC_SEAL);
    if (exec && noexec) {
      return fail(KernelFn.MEMFD_CREATE, Errno.EINVAL);
    }
    // v5: an inaccessible memfd must not be sealable.
    if (flags.contains(MfdFlag.MFD_INACCESSIBLE) && flags.contains(MfdFlag.MFD_ALLOW_SEALING)) {
      return fail(KernelFn.MEMFD_CREATE, Errno.EINVAL);
    }
    if (revision().hasNoexecSysctl()) {
      // check_sysctl_memfd_noexec(): neither flag means the sysctl's default, NOEXEC_SEAL at
      // scope >= 1; since 6.6 scope 2 then rejects only an explicit MFD_EXEC.
      if (!exec && !noexec && config.memfdNoexecScope() >= 1) {
        noexec = true;
      }
      if (!noexec && config.memfdNoexecScope() == 2) {
        return fail(KernelFn.MEMFD_CREATE, Errno.EACCES);
      }
    }
    // alloc_file() -> shmem_file_setup(): every shmem inode starts 0777 with F_SEAL_SEAL.
    ShmemInodeInfo info = new ShmemInodeInfo(config.maxPages());
    info.mutableSeals().add(Seal.F_SEAL_SEAL);
    if (noexec) {
      info.setIMode(info.iMode() & ~0111);
      info.mutableSeals().remove(Seal.F_SEAL_SEAL);
      info.mutableSeals().add(Seal.F_SEAL_EXEC);
    } else if (flags.contains(MfdFlag.MFD_ALLOW_SEALING)) {
      info.mutableSeals().remove(Seal.F_SEAL_SEAL);
    }
    if (flags.contains(MfdFlag.MFD_INACCESSIBLE)) {
      info.mutableXflags().add(ShmemXflag.SHM_F_INACCESSIBLE);
    }
    inode = info; // fd_install()
    return output(KernelFn.MEMFD_CREATE, 0);
  }

  /**
   * fcntl(F_ADD_SEALS) -> memfd_add_seals(), under inode_lock: one step with respect to writers,
   * setattr and fallocate, which take inode_lock too, and to mmap, whose count it tests and
   * updates atomically.
   */
  public int memfdAddSeals(File file, Set<Seal> seals) {
    mutating();
    ShmemInodeInfo info = requireInode();
    if (!file.fmodeWrite()) {
      return fail(KernelFn.MEMFD_ADD_SEALS, Errno.EPERM);
    }
    if (!revision().fAllSeals().containsAll(seals)) {
      return fail(KernelFn.MEMFD_ADD_SEALS, Errno.EINVAL);
    }
    // inode_lock(inode)
    if (info.seals().contains(Seal.F_SEAL_SEAL)) {
      return fail(KernelFn.MEMFD_ADD_SEALS, Errno.EPERM);
    }
    // v4: the seal is refused on a non-empty file (Andy Lutomirski and Chao Peng on the v4 thread,
    // Feb 2022); the errno is UNCONFIRMED, as in the spec.
    if (seals.contains(Seal.F_SEAL_INACCESSIBLE) && info.iSize() != 0) {
      return fail(KernelFn.MEMFD_ADD_SEALS, Errno.EPERM);
    }
    EnumSet<Seal> add = EnumSet.noneOf(Seal.class);
    add.addAll(seals);
    if (revision().execImpliedBeforeDenyCheck()) {
      addExecImplied(add, info);
    }
    if (add.contains(Seal.F_SEAL_WRITE) && !info.seals().contains(Seal.F_SEAL_WRITE)
        && revision().sealWriteDeniesWritable()) {
      int err = info.mapping().mappingDenyWritable();
      if (err != 0) {
        return output(KernelFn.MEMFD_ADD_SEALS, err);
      }
      err = memfdWaitForPins();
      if (err != 0) {
        info.mapping().mappingAllowWritable();
        return output(KernelFn.MEMFD_ADD_SEALS, err);
      }
    }
    if (!revision().execImpliedBeforeDenyCheck()) {
      // M-R7: added after the check above, so an implied F_SEAL_WRITE skipped it.
      addExecImplied(add, info);
    }
    info.mutableSeals().addAll(add);
    return output(KernelFn.MEMFD_ADD_SEALS, 0);
  }

  /**
   * F_SEAL_EXEC on an executable file implies the W^X seals (the spec's ExecImplied; "executable"
   * is {@code i_mode & 0111}, which on the modelled modes means 0777).
   */
  private static void addExecImplied(EnumSet<Seal> add, ShmemInodeInfo info) {
    if (add.contains(Seal.F_SEAL_EXEC) && info.isExec()) {
      add.addAll(EnumSet.of(Seal.F_SEAL_SHRINK, Seal.F_SEAL_GROW, Seal.F_SEAL_WRITE,
          Seal.F_SEAL_FUTURE_WRITE));
    }
  }

  /**
   * memfd_wait_for_pins(): waits for GUP/DMA pins to go. No actor here takes pins, which can only
   * make F_SEAL_WRITE fail with EBUSY more often, so it always succeeds.
   */
  private static int memfdWaitForPins() {
    return 0;
  }

  // ------------------------------------------------------------------ write, setattr, fallocate

  /**
   * shmem_write_begin() for the one-page chunk at {@code index}, against the current i_size
   * (earlier chunks of the same write may have grown it). Pure.
   */
  public int shmemWriteBegin(int index) {
    ShmemInodeInfo info = requireInode();
    if (info.isWriteSealed()) {
      return Errno.EPERM.neg();
    }
    if (info.seals().contains(Seal.F_SEAL_GROW) && index + 1 > info.iSize()) {
      return Errno.EPERM.neg();
    }
    // v4 hunk; v5 tests its flag (where v5 put the check is UNCONFIRMED).
    if (info.isInaccessible()) {
      return Errno.EPERM.neg();
    }
    // v7: write() must not allocate; the errno is UNCONFIRMED.
    if (info.seals().contains(Seal.F_SEAL_AUTO_ALLOCATE)
        && info.mapping().page(index) == PageContent.NONE) {
      return Errno.EPERM.neg();
    }
    return 0;
  }

  /**
   * write()/pwrite() of {@code len} pages at page {@code pos} -> shmem_file_write_iter() ->
   * generic_perform_write(), which calls shmem_write_begin()/shmem_write_end() per order-0 folio,
   * so a page is the unit of a short write: the result is the number of pages written before the
   * first refused chunk, or that chunk's errno if it is the first. One step: the writer holds
   * inode_lock, and the only lockless party, a reader, reads one page, which a chunked write
   * changes at one instant as this step does.
   */
  public int shmemFileWriteIter(int pos, int len) {
    mutating();
    ShmemInodeInfo info = requireInode();
    requireRange(pos, len);
    int written = 0;
    int err = 0;
    for (int k = pos; k < pos + len; k++) {
      err = shmemWriteBegin(k);
      if (err != 0) {
        break;
      }
      info.mapping().setPage(k, PageContent.USER);
      // shmem_write_end(): i_size_write() when the chunk ends past EOF.
      if (k + 1 > info.iSize()) {
        info.setISize(k + 1);
      }
      written++;
    }
    return output(KernelFn.SHMEM_FILE_WRITE_ITER, written > 0 ? written : err);
  }

  /**
   * shmem_setattr(), under inode_lock: ATTR_SIZE from ftruncate(), ATTR_MODE from fchmod().
   *
   * <p>A size change to a size not above the old one drops every folio at or past the new size,
   * and the VMAs' private COW copies there, as the kernel does (only when {@code newsize <=
   * oldsize}); a grow truncates nothing, so folios that fallocate(KEEP_SIZE) placed past EOF
   * survive it, as in the spec.
   */
  public int shmemSetattr(Iattr attr) {
    mutating();
    ShmemInodeInfo info = requireInode();
    if (attr.attrMode()) {
      if (!revision().hasExecSeal()) {
        throw new IllegalStateException("fchmod is modelled only where F_SEAL_EXEC exists (upstream)");
      }
      // F_SEAL_EXEC (6.3+) freezes the exec bits. On the two modelled modes, 0777 and 0666, this
      // is the spec's "mode # i_mode".
      if (info.seals().contains(Seal.F_SEAL_EXEC) && ((info.iMode() ^ attr.iaMode()) & 0111) != 0) {
        return fail(KernelFn.SHMEM_SETATTR, Errno.EPERM);
      }
      info.setIMode(attr.iaMode());
      return output(KernelFn.SHMEM_SETATTR, 0);
    }
    int oldsize = info.iSize();
    int newsize = attr.iaSize();
    if (newsize < 0 || newsize > config.maxPages()) {
      throw new IllegalArgumentException("size " + newsize + " not in 0.." + config.maxPages());
    }
    if ((newsize < oldsize && info.seals().contains(Seal.F_SEAL_SHRINK))
        || (newsize > oldsize && info.seals().contains(Seal.F_SEAL_GROW))) {
      return fail(KernelFn.SHMEM_SETATTR, Errno.EPERM);
    }
    // v4 hunk: an inaccessible file keeps the size it had when it became non-empty.
    if (info.seals().contains(Seal.F_SEAL_INACCESSIBLE) && oldsize != 0) {
      return fail(KernelFn.SHMEM_SETATTR, Errno.EPERM);
    }
    info.setISize(newsize);
    // if (newsize <= oldsize) shmem_truncate_range(inode, newsize, -1): from the new size to the
    // end, pages that fallocate(KEEP_SIZE) placed past EOF included; growing truncates nothing.
    if (newsize <= oldsize) {
      // unmap_mapping_range(mapping, holebegin, 0, 1) before and after the truncation: even_cows,
      // so the private COW copies past the new size go too. A copy exists only inside the old
      // i_size (a fault past it is SIGBUS), so this is a no-op when newsize == oldsize, where
      // the kernel skips the unmap ("if (oldsize > holebegin)").
      mm.unmapMappingRangeEvenCows(newsize);
      for (int i = newsize; i < config.maxPages(); i++) {
        info.mapping().setPage(i, PageContent.NONE);
      }
    }
    return output(KernelFn.SHMEM_SETATTR, 0);
  }

  /**
   * fallocate() -> shmem_fallocate(), under inode_lock. Allocation is not a write: F_SEAL_WRITE
   * does not stop it, and the new folios are zero-filled.
   */
  public int shmemFallocate(FallocMode mode, int off, int len) {
    mutating();
    ShmemInodeInfo info = requireInode();
    requireRange(off, len);
    if (mode == FallocMode.FALLOC_FL_PUNCH_HOLE) {
      if (info.isWriteSealed()) {
        return fail(KernelFn.SHMEM_FALLOCATE, Errno.EPERM);
      }
      // shmem_truncate_range() on the hole; PTEs are zapped first, by unmap_mapping_range(...,
      // 0): even_cows is 0, so the VMAs' private COW copies in the hole stay ("No need to unmap
      // again: hole-punching leaves COWed pages").
      for (int i = off; i < off + len; i++) {
        info.mapping().setPage(i, PageContent.NONE);
      }
      return output(KernelFn.SHMEM_FALLOCATE, 0);
    }
    // F_SEAL_GROW applies to the range even with KEEP_SIZE.
    if (info.seals().contains(Seal.F_SEAL_GROW) && off + len > info.iSize()) {
      return fail(KernelFn.SHMEM_FALLOCATE, Errno.EPERM);
    }
    for (int i = off; i < off + len; i++) {
      if (info.mapping().page(i) == PageContent.NONE) {
        info.mapping().setPage(i, PageContent.ZERO);
      }
    }
    if (mode == FallocMode.MODE_0 && off + len > info.iSize()) {
      info.setISize(off + len);
    }
    return output(KernelFn.SHMEM_FALLOCATE, 0);
  }

  // ------------------------------------------------------------------ mmap, mprotect, munmap

  /**
   * What do_mmap() would do: its return value; the new VMA's flags; whether mmap_region() takes
   * (and at its end drops) a temporary writable count, which is where a write-sealed file's EPERM
   * comes from; and whether the VMA holds a count of its own (__vma_link_file()).
   */
  public record MmapPlan(int err, Set<VmFlag> vmFlags, boolean tempCount, boolean vmaCount) {
    static MmapPlan error(int err) {
      return new MmapPlan(err, Set.of(), false, false);
    }
  }

  /**
   * do_mmap() of the whole file, through its checks but without touching anything: the error it
   * would return, or the flags the VMA gets and whether mapping_map_writable() runs. Pure, so that
   * the properties ask exactly what doMmap would do (WriteSealAllowsReadOnlyMapInv).
   */
  public MmapPlan doMmapPrepare(File file, boolean shared, boolean write) {
    ShmemInodeInfo info = requireInode();
    // calc_vm_prot_bits() | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC: every mapping starts MAYWRITE.
    EnumSet<VmFlag> flags = EnumSet.of(VmFlag.VM_READ, VmFlag.VM_MAYWRITE);
    if (write) {
      flags.add(VmFlag.VM_WRITE);
    }
    if (shared) {
      flags.add(VmFlag.VM_SHARED);
      flags.add(VmFlag.VM_MAYSHARE);
      if (!file.fmodeWrite()) {
        // MAP_SHARED of a file opened without FMODE_WRITE.
        if (write) {
          return MmapPlan.error(Errno.EACCES.neg());
        }
        flags.remove(VmFlag.VM_MAYWRITE);
        flags.remove(VmFlag.VM_SHARED);
      }
    }
    Set<VmFlag> initial = EnumSet.copyOf(flags);
    // v4 shmem_mmap(); v5 likewise for its flag.
    if (info.isInaccessible()) {
      return MmapPlan.error(Errno.EPERM.neg());
    }
    int err = memfdCheckSealsMmap(flags);
    if (err != 0) {
      return MmapPlan.error(err);
    }
    // 6.12 takes the temporary count on the flags before the seal check cleared VM_MAYWRITE, so a
    // read-only shared mapping of a write-sealed file fails (M-R1).
    boolean tempCount = vmaIsSharedMaywrite(revision().mmapChecksInitialFlags() ? initial : flags);
    // mapping_map_writable()'s own test, asked here so that this stays pure.
    if (tempCount && info.mapping().iMmapWritable() < 0) {
      return MmapPlan.error(Errno.EPERM.neg());
    }
    return new MmapPlan(0, Collections.unmodifiableSet(flags), tempCount, vmaIsSharedMaywrite(flags));
  }

  /** The spec's MmapResult: what do_mmap() returns for this mapping in this state. Pure. */
  public int mmapResult(File file, boolean shared, boolean write) {
    return doMmapPrepare(file, shared, write).err();
  }

  /**
   * memfd_check_seals_mmap(): the write-seal check of a new mapping (do_mmap() in 6.7+; before 6.7
   * shmem_mmap()'s seal_check_future_write(), which knew only FUTURE_WRITE). May clear
   * VM_MAYWRITE in {@code vmFlags}.
   */
  int memfdCheckSealsMmap(EnumSet<VmFlag> vmFlags) {
    if (!Collections.disjoint(inode.seals(), revision().mmapSealedSeals())) {
      return checkWriteSeal(vmFlags, !Collections.disjoint(inode.seals(), revision().mayWriteClearingSeals()));
    }
    return 0;
  }

  /**
   * check_write_seal(): a private mapping's writes never reach the file; a shared writable one is
   * refused; a shared read-only one loses VM_MAYWRITE so that mprotect() cannot make it writable
   * later (and, 6.7+, so that it takes no writable count) -- unless {@code clearMayWrite} is off
   * (the switch FutureWriteClearsMayWrite, for F_SEAL_FUTURE_WRITE alone).
   */
  static int checkWriteSeal(EnumSet<VmFlag> vmFlags, boolean clearMayWrite) {
    if (!vmFlags.contains(VmFlag.VM_SHARED)) {
      return 0;
    }
    if (vmFlags.contains(VmFlag.VM_WRITE)) {
      return Errno.EPERM.neg();
    }
    if (clearMayWrite) {
      vmFlags.remove(VmFlag.VM_MAYWRITE);
    }
    return 0;
  }

  /**
   * vma_is_shared_maywrite(): the VMAs that hold a count in i_mmap_writable. Before 6.7 every
   * VM_SHARED VMA did.
   */
  public boolean vmaIsSharedMaywrite(Set<VmFlag> vmFlags) {
    if (revision().sharedCountsAsWritable()) {
      return vmFlags.contains(VmFlag.VM_SHARED);
    }
    return vmFlags.contains(VmFlag.VM_SHARED) && vmFlags.contains(VmFlag.VM_MAYWRITE);
  }

  /**
   * mmap(file, MAP_SHARED or MAP_PRIVATE, PROT_READ[|PROT_WRITE]) of the whole file into VMA slot
   * v: do_mmap() -> mmap_region() -> shmem_mmap(). One step: mmap_lock is held, and the
   * i_mmap_writable update is an atomic op that F_ADD_SEALS's deny also uses.
   */
  public int doMmap(int v, File file, boolean shared, boolean write) {
    mutating();
    ShmemInodeInfo info = requireInode();
    if (mm.vma(v) != null) {
      throw new IllegalStateException("VMA slot " + v + " is in use");
    }
    MmapPlan plan = doMmapPrepare(file, shared, write);
    if (plan.err() != 0) {
      return output(KernelFn.DO_MMAP, plan.err());
    }
    AddressSpace mapping = info.mapping();
    if (plan.tempCount() && mapping.mappingMapWritable() != 0) {
      throw new IllegalStateException("doMmapPrepare allowed a mapping that mapping_map_writable refuses");
    }
    mm.install(v, new VmAreaStruct(plan.vmFlags(), config.maxPages()));
    // __vma_link_file(): the VMA's own count, on the flags it ends up with. It cannot meet a
    // negative count: the final flags count only if the checked ones did.
    if (plan.vmaCount()) {
      mapping.mappingAllowWritable();
    }
    // mmap_region(): "Clear our write mapping regardless of error."
    if (plan.tempCount()) {
      mapping.mappingUnmapWritable();
    }
    return output(KernelFn.DO_MMAP, 0);
  }

  /**
   * mprotect() -> do_mprotect_pkey() -> mprotect_fixup(): adding PROT_WRITE needs VM_MAYWRITE,
   * which is how a write seal keeps a read-only shared mapping read-only. Only the protection
   * changes: the VMA keeps its COW copies.
   */
  public int doMprotectPkey(int v, boolean write) {
    mutating();
    requireInode();
    VmAreaStruct vma = requireVma(v);
    if (write && !vma.has(VmFlag.VM_MAYWRITE)) {
      return fail(KernelFn.DO_MPROTECT_PKEY, Errno.EACCES);
    }
    if (write) {
      vma.mutableVmFlags().add(VmFlag.VM_WRITE);
    } else {
      vma.mutableVmFlags().remove(VmFlag.VM_WRITE);
    }
    return output(KernelFn.DO_MPROTECT_PKEY, 0);
  }

  /**
   * munmap() -> do_vmi_munmap(); a counted VMA drops its count in mapping_unmap_writable()
   * (__remove_shared_vm_struct), judged on the flags it has now. Its COW copies are freed with it
   * (unmap_vmas, unlink_anon_vmas).
   */
  public int doVmiMunmap(int v) {
    mutating();
    ShmemInodeInfo info = requireInode();
    VmAreaStruct vma = requireVma(v);
    if (vmaIsSharedMaywrite(vma.vmFlags())) {
      info.mapping().mappingUnmapWritable();
    }
    mm.remove(v);
    return output(KernelFn.DO_VMI_MUNMAP, 0);
  }

  // ------------------------------------------------------------------ faults, uffd, KVM

  /**
   * A load or store through VMA v at page i: shmem_fault() -> shmem_get_folio(SGP_CACHE), which
   * allocates a hole, since shmem has no shared zero page. Every access is modelled as a fault:
   * truncation and hole punching zap PTEs before freeing, so a cached PTE never sees a page the
   * lookup would not. Returns a vm_fault_t.
   *
   * <p>A store to a MAP_PRIVATE VMA (is_cow_mapping) copies the page into the VMA's anonymous
   * memory, do_cow_fault() (after shmem_fault, which allocates a hole) or wp_page_copy(), and
   * leaves the file alone. From then on that VMA's PTE maps its own copy: loads and stores
   * through it never reach shmem and see the copy; read(), other VMAs and pages it has not
   * copied see the file's current page.
   */
  public int shmemFault(int v, int i, boolean write) {
    mutating();
    ShmemInodeInfo info = requireInode();
    VmAreaStruct vma = requireVma(v);
    if (write && !vma.has(VmFlag.VM_WRITE)) {
      throw new IllegalStateException("a store to a VMA without VM_WRITE is a SIGSEGV before shmem");
    }
    PageContent page = page(i);
    PageContent anon = vma.anonPage(i);
    if (anon != PageContent.NONE) {
      // The PTE maps the VMA's anon page (a store rewrites it with the same user bytes).
      ret = new Ret(KernelFn.SHMEM_FAULT, 0, write ? PageContent.NONE : anon);
      return 0;
    }
    if (i >= info.iSize()) {
      return output(KernelFn.SHMEM_FAULT, Errno.VM_FAULT_SIGBUS);
    }
    // v7: a write fault must not allocate (how v7 failed it is UNCONFIRMED). A read fault is not
    // stopped: the finding this revision is there to show.
    if (write && info.seals().contains(Seal.F_SEAL_AUTO_ALLOCATE) && page == PageContent.NONE) {
      return output(KernelFn.SHMEM_FAULT, Errno.VM_FAULT_SIGBUS);
    }
    if (write && !vma.isCowMapping()) {
      info.mapping().setPage(i, PageContent.USER);
    } else if (page == PageContent.NONE) {
      info.mapping().setPage(i, PageContent.ZERO);
    }
    if (write && vma.isCowMapping()) {
      // do_cow_fault(): a new anon folio, the file's page copied in, then the store fills it.
      vma.setAnonPage(i, PageContent.USER);
    }
    ret = new Ret(KernelFn.SHMEM_FAULT, 0, write ? PageContent.NONE : page.observed());
    return 0;
  }

  /**
   * ioctl(UFFDIO_COPY) -> shmem_mfill_atomic_pte(): places a new page with the user's data. The
   * spec allows it only on a VM_SHARED|VM_WRITE VMA (a missing-mode registration on a writable
   * shared mapping of the memfd): that is the caller's guard.
   */
  public int shmemMfillAtomicPte(int v, int i) {
    mutating();
    ShmemInodeInfo info = requireInode();
    requireVma(v);
    PageContent page = page(i);
    // max_off = DIV_ROUND_UP(i_size_read(inode), PAGE_SIZE); if (pgoff >= max_off) -EFAULT
    if (i >= info.iSize()) {
      return fail(KernelFn.SHMEM_MFILL_ATOMIC_PTE, Errno.EFAULT);
    }
    // shmem_add_to_page_cache() finds a folio there.
    if (page != PageContent.NONE) {
      return fail(KernelFn.SHMEM_MFILL_ATOMIC_PTE, Errno.EEXIST);
    }
    info.mapping().setPage(i, PageContent.USER);
    return output(KernelFn.SHMEM_MFILL_ATOMIC_PTE, 0);
  }

  /**
   * v4/v5: the guest stores to page i through KVM, which gets the pfn from shmem_get_lock_pfn()
   * (memfile_notifier pfn_ops; shmem_getpage(SGP_WRITE) allocates). KVM accepts only an
   * inaccessible memfd as private backing and only pages inside i_size: the caller's guard.
   */
  public int shmemGetLockPfn(int i) {
    mutating();
    ShmemInodeInfo info = requireInode();
    page(i);
    info.mapping().setPage(i, PageContent.GUEST);
    return output(KernelFn.SHMEM_GET_LOCK_PFN, 0);
  }

  // ------------------------------------------------------------------ the reader's steps

  /** The reader's i_size step ({@link ShmemFileReadIter#readISize}). */
  public void shmemReadISize(int i) {
    mutating();
    ShmemInodeInfo info = requireInode();
    page(i);
    if (!reader.canReadISize(i, revision())) {
      throw new IllegalStateException("the reader is at " + reader + ", not before its i_size read of " + i);
    }
    ret = reader.readISize(i, info, revision());
  }

  /** The reader's seal-check step ({@link ShmemFileReadIter#readCheckSeal}). */
  public void shmemReadCheckSeal(int i) {
    mutating();
    ShmemInodeInfo info = requireInode();
    page(i);
    if (!reader.canReadCheckSeal(i, revision())) {
      throw new IllegalStateException("the reader is at " + reader + ", not before its seal check of " + i);
    }
    ret = reader.readCheckSeal(i, info, revision());
  }

  /** The reader's lookup-and-copy step ({@link ShmemFileReadIter#readCopy}). */
  public void shmemReadCopy() {
    mutating();
    ShmemInodeInfo info = requireInode();
    if (!reader.canReadCopy()) {
      throw new IllegalStateException("the reader is at " + reader + ", not before its copy");
    }
    ret = reader.readCopy(info);
  }

  // ------------------------------------------------------------------ helpers

  private int output(KernelFn fn, int val) {
    ret = new Ret(fn, val, PageContent.NONE);
    return val;
  }

  private int fail(KernelFn fn, Errno err) {
    return output(fn, err.neg());
  }

  private ShmemInodeInfo requireInode() {
    if (inode == null) {
      throw new IllegalStateException("no memfd yet: memfd_create() has not succeeded");
    }
    return inode;
  }

  private VmAreaStruct requireVma(int v) {
    VmAreaStruct vma = mm.vma(v);
    if (vma == null) {
      throw new IllegalStateException("no VMA in slot " + v);
    }
    return vma;
  }

  private void requireRange(int off, int len) {
    if (off < 0 || len < 1 || off + len > config.maxPages()) {
      throw new IllegalArgumentException("range " + off + "+" + len + " not inside 0.." + config.maxPages());
    }
  }

  private static <T> void requireKnown(Set<T> given, Set<T> known, String what) {
    for (T t : given) {
      if (!known.contains(t)) {
        throw new IllegalArgumentException(what + " " + t + " is not modelled in this revision (known: " + known + ")");
      }
    }
  }

  // ------------------------------------------------------------------ value semantics

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MemfdSystem s)) {
      return false;
    }
    if (frozen && s.frozen && hash != s.hash) {
      return false;
    }
    return config.equals(s.config) && Objects.equals(inode, s.inode) && mm.equals(s.mm)
        && reader.equals(s.reader) && ret.equals(s.ret) && Objects.equals(arg, s.arg);
  }

  @Override
  public int hashCode() {
    return frozen ? hash : computeHash();
  }

  private int computeHash() {
    return Objects.hash(inode, mm, reader, ret, arg);
  }

  @Override
  public String toString() {
    return "MemfdSystem[" + config.revision() + (inode == null ? " no memfd" : " " + inode)
        + " vmas=" + mm + " reader=" + reader + " ret=" + ret
        + " arg=" + (arg == null ? "Init" : arg.toStep()) + "]";
  }
}
