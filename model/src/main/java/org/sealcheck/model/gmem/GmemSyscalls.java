package org.sealcheck.model.gmem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sealcheck.model.state.SpecValue;

/**
 * What one process sees of guest_memfd through the uAPI, for the live-kernel oracle: a VM
 * (KVM_CREATE_VM already done), at most one guest_memfd of it, the memslots of the config, and at
 * most one host mapping of the guest_memfd. Each call is the kernel's argument checks, as methods
 * named after the kernel function that makes them and returning its errno, and then the spec
 * steps ({@link GmemSystem}) the call runs, each to completion (one thread: no step of another
 * actor can interleave).
 *
 * <p>The file the spec has from Init is created here by KVM_CREATE_GUEST_MEMFD: its flags become
 * the config's GmemFlags and its size NPages. Results are strings in the spec's ret.val convention
 * ("0", "-EINVAL"; "SIGBUS" for an access the fault handler refuses).
 *
 * <p>Page content: the model knows which page backs each index; a page is zero when it joins the
 * page cache (kvm_gmem_fault_user_mapping() zeroes a !uptodate folio before the first host PTE maps
 * it, so a host access never sees a page before that) and keeps what was stored into it until it
 * leaves the page cache.
 *
 * <p>Not modelled here (no uAPI reaches them on a VM without vCPUs running guest code): vCPU
 * faults, KVM_SET_MEMORY_ATTRIBUTES, memory_failure(), close() and kvm_gmem_release() (a host
 * mapping holds a file reference, so release and host faults are not in one config).
 */
public final class GmemSyscalls {

  // include/uapi/linux/kvm.h
  public static final long GUEST_MEMFD_FLAG_MMAP = 1L << 0;
  public static final long GUEST_MEMFD_FLAG_INIT_SHARED = 1L << 1;
  public static final int KVM_MEM_LOG_DIRTY_PAGES = 1 << 0;
  public static final int KVM_MEM_READONLY = 1 << 1;
  public static final int KVM_MEM_GUEST_MEMFD = 1 << 2;
  // include/uapi/linux/falloc.h
  public static final int FALLOC_FL_KEEP_SIZE = 0x01;
  public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
  /** FALLOC_FL_MODE_MASK's bits plus KEEP_SIZE: what vfs_fallocate() lets through to the file. */
  private static final int FALLOC_FL_VFS_MASK = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x40;

  /** The result of a load or store through the mapping: its val and, for a load that ran, the byte. */
  public record Access(String val, byte data) {}

  private final GmemRevision revision;
  private final long pageSize;
  private final List<Integer> slots;
  private final List<Integer> slotBase;
  private final List<Integer> slotPages;
  private final int nGfns;
  /** The guest_memfd, once KVM_CREATE_GUEST_MEMFD succeeded. */
  private GmemSystem s;
  private long mapPages = -1;
  /** Content by pfn (the pool is small). */
  private byte[] data;

  /**
   * @param pageSize PAGE_SIZE in bytes
   * @param slots memslot ids; {@code slotBase}/{@code slotPages} their base_gfn and npages (fixed:
   *     KVM_SET_USER_MEMORY_REGION2 for slot k always passes these)
   */
  public GmemSyscalls(GmemRevision revision, long pageSize, List<Integer> slots, List<Integer> slotBase,
      List<Integer> slotPages, int nGfns) {
    if (!revision.isGmem()) {
      throw new IllegalArgumentException("revision " + revision + " has no guest_memfd uAPI (KVM_CREATE_GUEST_MEMFD)");
    }
    this.revision = revision;
    this.pageSize = pageSize;
    this.slots = List.copyOf(slots);
    this.slotBase = List.copyOf(slotBase);
    this.slotPages = List.copyOf(slotPages);
    this.nGfns = nGfns;
  }

  public GmemRevision revision() {
    return revision;
  }

  /** The spec state of the guest_memfd, or null before KVM_CREATE_GUEST_MEMFD succeeded. */
  public GmemSystem state() {
    return s;
  }

  public boolean hasGmem() {
    return s != null;
  }

  public boolean mapped() {
    return mapPages >= 0;
  }

  /** Whether memslot position k can be the target of a create: the spec never re-creates a freed memslot. */
  public boolean slotReusable(int k) {
    return s == null || s.kvm().memslot(k).state() != KvmMemorySlot.State.FREED;
  }

  // ------------------------------------------------------------------ KVM_CREATE_GUEST_MEMFD

  /**
   * kvm_gmem_get_supported_flags(): the flags the revision has (GmemSupportedFlags; 6.8 none, 6.18
   * MMAP and INIT_SHARED), INIT_SHARED only on a VM without private memory.
   */
  public static long kvmGmemGetSupportedFlags(GmemRevision rev, boolean vmHasPrivateMem) {
    return (rev.supportsMmap() ? GUEST_MEMFD_FLAG_MMAP : 0)
        | (rev.supportsInitShared() && !vmHasPrivateMem ? GUEST_MEMFD_FLAG_INIT_SHARED : 0);
  }

  /** kvm_gmem_create()'s checks: unsupported flags, then a size that is not a positive multiple of PAGE_SIZE. */
  public static String kvmGmemCreate(GmemRevision rev, boolean vmHasPrivateMem, long flags, long size, long pageSize) {
    if ((flags & ~kvmGmemGetSupportedFlags(rev, vmHasPrivateMem)) != 0) {
      return "-EINVAL";
    }
    if (size <= 0 || size % pageSize != 0) {
      return "-EINVAL";
    }
    return "0";
  }

  /**
   * KVM_CREATE_GUEST_MEMFD on the default VM (no private memory): on success, the spec's file with
   * GmemFlags = flags and NPages = size / PAGE_SIZE.
   */
  public String createGuestMemfd(long flags, long size) {
    if (s != null) {
      throw new IllegalStateException("one guest_memfd per sequence");
    }
    String r = kvmGmemCreate(revision, false, flags, size, pageSize);
    if (!r.equals("0")) {
      return r;
    }
    int nPages = Math.toIntExact(size / pageSize);
    int nPfns = nPages + 1;
    List<SpecValue> pfns = new ArrayList<>();
    for (int p = 1; p <= nPfns; p++) {
      pfns.add(SpecValue.of("p" + p));
    }
    GmemConfig c = new GmemConfig(revision,
        EnumSet.of(GmemActor.PUNCH, GmemActor.ALLOCATE, GmemActor.BIND, GmemActor.HOST_FAULT),
        List.of(SpecValue.of("v1")), pfns, SpecValue.of("NoPfn"), nPages, slots, slotBase, slotPages, nGfns, Set.of(),
        false, Set.of(), (flags & GUEST_MEMFD_FLAG_MMAP) != 0, (flags & GUEST_MEMFD_FLAG_INIT_SHARED) != 0, 2,
        Integer.MAX_VALUE);
    s = GmemSystem.initial(c);
    data = new byte[nPfns];
    return "0";
  }

  // ------------------------------------------------------------------ fallocate

  /** vfs_fallocate()'s checks that a guest_memfd (S_IFREG, O_RDWR, not append-only) can fail. */
  public static String vfsFallocate(int mode, long offset, long len) {
    if (offset < 0 || len <= 0) {
      return "-EINVAL";
    }
    if ((mode & ~FALLOC_FL_VFS_MASK) != 0) {
      return "-EOPNOTSUPP";
    }
    if ((mode & FALLOC_FL_PUNCH_HOLE) != 0 && (mode & FALLOC_FL_KEEP_SIZE) == 0) {
      return "-EOPNOTSUPP";
    }
    return "0";
  }

  /** kvm_gmem_fallocate()'s checks: KEEP_SIZE required, no mode but PUNCH_HOLE, page-aligned range. */
  public static String kvmGmemFallocateChecks(int mode, long offset, long len, long pageSize) {
    if ((mode & FALLOC_FL_KEEP_SIZE) == 0) {
      return "-EOPNOTSUPP";
    }
    if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) {
      return "-EOPNOTSUPP";
    }
    if (offset % pageSize != 0 || len % pageSize != 0) {
      return "-EINVAL";
    }
    return "0";
  }

  /** kvm_gmem_allocate()'s check: the range must lie within i_size (no growing). */
  public static String kvmGmemAllocateChecks(long offset, long len, long iSize) {
    return offset + len > iSize ? "-EINVAL" : "0";
  }

  /** fallocate(gmem, mode, offset, len). */
  public String fallocate(int mode, long offset, long len) {
    requireGmem();
    String r = vfsFallocate(mode, offset, len);
    if (r.equals("0")) {
      r = kvmGmemFallocateChecks(mode, offset, len, pageSize);
    }
    if (!r.equals("0")) {
      return r;
    }
    int nPages = s.config().nPages();
    int start = Math.toIntExact(offset / pageSize);
    int end = Math.toIntExact((offset + len) / pageSize);
    if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
      // kvm_gmem_punch_hole() always returns 0. Beyond i_size no binding and no folio exists,
      // so the range clamped to the file invalidates and truncates the same; nothing if empty.
      int e = Math.min(end, nPages);
      if (start < e) {
        punch(start, e - start);
      }
      return "0";
    }
    r = kvmGmemAllocateChecks(offset, len, nPages * pageSize);
    if (!r.equals("0")) {
      return r;
    }
    for (int i = start; i < end; i++) {
      allocate(i);
      if (!s.ret().val().equals("0")) {
        return s.ret().val(); // -ENOMEM: partial progress is kept
      }
    }
    return "0";
  }

  private void punch(int off, int len) {
    run(new GmemStep.PunchHole(off, len));
    run(GmemStep.Unparameterized.KvmGmemInvalidateBegin);
    run(GmemStep.Unparameterized.TruncateInodePagesRange);
    run(GmemStep.Unparameterized.KvmGmemInvalidateEnd);
    run(GmemStep.Unparameterized.FilemapInvalidateUnlock);
  }

  /** KvmGmemAllocate(i, p) with the first page the allocator may hand out (which one is not observable). */
  private void allocate(int i) {
    for (int p = 0; p < s.config().pfns().size(); p++) {
      if (tryStep(new GmemStep.KvmGmemAllocate(i, p))) {
        return;
      }
    }
    run(new GmemStep.KvmGmemAllocate(i, Pfn.NO_PFN));
  }

  // ------------------------------------------------------------------ KVM_SET_USER_MEMORY_REGION2

  /**
   * check_memory_region_flags() (6.18): LOG_DIRTY_PAGES, READONLY where the arch has read-only
   * memory (x86: yes), GUEST_MEMFD where guest_memfd is built in; with GUEST_MEMFD neither dirty
   * logging nor READONLY. 6.8 accepts GUEST_MEMFD only on a VM with private memory.
   */
  public static String checkMemoryRegionFlags(GmemRevision rev, boolean vmHasPrivateMem, int flags) {
    int valid = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY;
    // guest_memfd backs shared memory too once it can be mapped (6.18), so any VM may bind it.
    if (rev.supportsMmap() || vmHasPrivateMem) {
      valid |= KVM_MEM_GUEST_MEMFD;
    }
    if ((flags & KVM_MEM_GUEST_MEMFD) != 0) {
      valid &= ~(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY);
    }
    return (flags & ~valid) != 0 ? "-EINVAL" : "0";
  }

  /**
   * kvm_gmem_bind()'s checks before the bindings: the offset must be page aligned and
   * offset + npages pages within i_size. (The overlap with another binding is the spec's
   * KvmGmemBind, which returns -EINVAL.)
   */
  public static String kvmGmemBindChecks(long offset, long npages, long iSize, long pageSize) {
    if (offset < 0 || offset % pageSize != 0 || offset + npages * pageSize > iSize) {
      return "-EINVAL";
    }
    return "0";
  }

  /**
   * KVM_SET_USER_MEMORY_REGION2 of memslot position k with the config's gpa, {@code npages} pages
   * (0: delete), the guest_memfd at {@code offset}; __kvm_set_memory_region()'s order: flags, the
   * guest_memfd_offset alignment, delete of a slot that does not exist (-EINVAL), a guest_memfd
   * slot that exists (-EINVAL: private memslots are immutable), a gpa overlap (-EEXIST), then
   * kvm_gmem_bind().
   */
  public String setUserMemoryRegion2(int k, int flags, long offset, boolean delete) {
    requireGmem();
    String r = checkMemoryRegionFlags(revision, false, flags);
    if (!r.equals("0")) {
      return r;
    }
    if ((flags & KVM_MEM_GUEST_MEMFD) != 0 && offset % pageSize != 0) {
      return "-EINVAL";
    }
    KvmMemorySlot slot = s.kvm().memslot(k);
    boolean exists = slot.state() == KvmMemorySlot.State.ACTIVE;
    if (delete) {
      if (!exists) {
        return "-EINVAL";
      }
      run(new GmemStep.KvmSetMemoryRegionDelete(k));
      run(new GmemStep.KvmGmemUnbind(k));
      return s.ret().val();
    }
    if (exists) {
      if ((flags & KVM_MEM_GUEST_MEMFD) == 0) {
        throw new IllegalArgumentException("only guest_memfd memslots are modelled");
      }
      return "-EINVAL";
    }
    if (slot.state() == KvmMemorySlot.State.FREED) {
      throw new IllegalStateException("memslot " + slot.id + " was freed: the spec does not re-create it");
    }
    for (int t = 0; t < s.kvm().nMemslots(); t++) {
      KvmMemorySlot o = s.kvm().memslot(t);
      if (t != k && o.state() == KvmMemorySlot.State.ACTIVE && o.baseGfn < slot.baseGfn + slot.npages
          && slot.baseGfn < o.baseGfn + o.npages) {
        return "-EEXIST"; // kvm_check_memslot_overlap()
      }
    }
    if ((flags & KVM_MEM_GUEST_MEMFD) == 0) {
      throw new IllegalArgumentException("only guest_memfd memslots are modelled");
    }
    r = kvmGmemBindChecks(offset, slot.npages, s.config().nPages() * pageSize, pageSize);
    if (!r.equals("0")) {
      return r;
    }
    run(new GmemStep.KvmGmemBind(k, Math.toIntExact(offset / pageSize)));
    return s.ret().val();
  }

  // ------------------------------------------------------------------ mmap and accesses

  /** kvm_gmem_mmap(): -ENODEV without GUEST_MEMFD_FLAG_MMAP (6.8: no .mmap at all), -EINVAL unless MAP_SHARED. */
  public static String kvmGmemMmap(GmemRevision rev, boolean mmapFlag, boolean shared) {
    if (!rev.supportsMmap() || !mmapFlag) {
      return "-ENODEV";
    }
    return shared ? "0" : "-EINVAL";
  }

  /** mmap(NULL, pages * PAGE_SIZE, PROT_READ|PROT_WRITE, shared ? MAP_SHARED : MAP_PRIVATE, gmem, 0). */
  public String mmap(long pages, boolean shared) {
    requireGmem();
    String r = kvmGmemMmap(revision, s.config().mmap(), shared);
    if (r.equals("0")) {
      mapPages = pages;
    }
    return r;
  }

  /** munmap() of the whole mapping. The host PTEs go with it; the page cache stays. */
  public String munmap() {
    mapPages = -1;
    return "0";
  }

  /**
   * kvm_gmem_fault_user_mapping()'s first check, the one the spec's KvmGmemFaultUserMapping
   * leaves to its parameter's type: an index at or past i_size is VM_FAULT_SIGBUS.
   */
  public static boolean faultPastEof(long index, int nPages) {
    return index >= nPages;
  }

  /** A one-byte load at page {@code index} of the mapping. */
  public Access load(int index) {
    int pfn = access(index);
    return pfn < 0 ? new Access("SIGBUS", (byte) 0) : new Access("0", data[pfn]);
  }

  /** A one-byte store of {@code value} at page {@code index} of the mapping. */
  public Access store(int index, byte value) {
    int pfn = access(index);
    if (pfn < 0) {
      return new Access("SIGBUS", (byte) 0);
    }
    data[pfn] = value;
    return new Access("0", value);
  }

  /** The pfn a host access at {@code index} reaches, faulting it in if no PTE maps it; -1 for SIGBUS. */
  private int access(int index) {
    requireGmem();
    if (!mapped() || index >= mapPages) {
      throw new IllegalStateException("no mapping of page " + index);
    }
    if (faultPastEof(index, s.config().nPages())) {
      return -1;
    }
    int pte = s.file().hostPte(index);
    if (pte != Pfn.NO_PFN) {
      return pte;
    }
    for (int p = Pfn.NO_PFN; p < s.config().pfns().size(); p++) {
      if (tryStep(new GmemStep.KvmGmemFaultUserMapping(index, p))) {
        return p;
      }
    }
    throw new IllegalStateException("KvmGmemFaultUserMapping(" + index + ") is disabled in " + s);
  }

  // ------------------------------------------------------------------ running spec steps

  private void requireGmem() {
    if (s == null) {
      throw new IllegalStateException("no guest_memfd yet");
    }
  }

  private void run(GmemStep step) {
    if (!tryStep(step)) {
      throw new IllegalStateException(step.toStep(s.config()) + " is disabled in " + s);
    }
  }

  /** Runs a step if enabled; a page that joins the page cache is zero. */
  private boolean tryStep(GmemStep step) {
    int[] before = new int[s.config().nPages()];
    for (int i = 0; i < before.length; i++) {
      before[i] = s.file().folio(i);
    }
    if (!step.run(s)) {
      return false;
    }
    for (int i = 0; i < before.length; i++) {
      int now = s.file().folio(i);
      if (now != before[i] && Pfn.isPage(now)) {
        data[now] = 0;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "GmemSyscalls[" + (s == null ? "no gmem" : s.toString()) + " map=" + mapPages + " data="
        + Arrays.toString(data) + "]";
  }
}
