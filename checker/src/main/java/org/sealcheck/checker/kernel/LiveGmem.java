package org.sealcheck.checker.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.Map;

/**
 * A VM and a guest_memfd on the running kernel's /dev/kvm, driven by {@link GmemOp}s. Results use
 * the model's ret.val strings: "0" (an fd for KVM_CREATE_GUEST_MEMFD), "-EINVAL", and "SIGBUS" /
 * "SIGSEGV" for an access that raised the signal, with the byte a load saw. Nothing here touches
 * guest_memfd memory in the JVM: mappings and accesses run in the {@link MmChild} process, in
 * its slot 0. Not
 * thread-safe; one per thread.
 */
final class LiveGmem implements AutoCloseable {

  /** What one call returned: val and, for a load that ran, the byte it saw. */
  record Outcome(String val, byte data) {}

  private static final KvmLib K = KvmLib.I;
  private static final Map<Integer, String> ERRNO = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
      Map.entry(9, "EBADF"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
      Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"), Map.entry(22, "EINVAL"),
      Map.entry(25, "ENOTTY"), Map.entry(29, "ESPIPE"), Map.entry(95, "EOPNOTSUPP"));

  final long page;
  private final int kvm;
  private final Memory createArgs = new Memory(64);
  private final Memory region = new Memory(160);
  /** The process that owns the mapping (slot 0) and makes the accesses; null if it cannot start. */
  private final MmChild child;
  private final String mappingSkipped;
  private int vm = -1;
  private int gmem = -1;

  private LiveGmem(int kvm, long page) {
    this.kvm = kvm;
    this.page = page;
    MmChild c = null;
    String skipped = null;
    try {
      c = MmChild.start();
    } catch (OracleUnavailable e) {
      skipped = e.getMessage();
    }
    this.child = c;
    this.mappingSkipped = skipped;
  }

  /**
   * Opens /dev/kvm (the system property sealcheck.kvm names another path, for tests) and checks it
   * has guest_memfd and KVM_SET_USER_MEMORY_REGION2.
   */
  static LiveGmem open() throws OracleUnavailable {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      throw new OracleUnavailable("not Linux");
    }
    String path = System.getProperty("sealcheck.kvm", "/dev/kvm");
    int fd = K.open(path, KvmLib.O_RDWR | KvmLib.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new OracleUnavailable("cannot open " + path + ": " + errnoName(Native.getLastError()));
    }
    for (int cap : new int[] {KvmLib.KVM_CAP_GUEST_MEMFD, KvmLib.KVM_CAP_USER_MEMORY2}) {
      if (K.ioctl(fd, KvmLib.KVM_CHECK_EXTENSION, (long) cap) <= 0) {
        K.close(fd);
        throw new OracleUnavailable(path + " lacks " + (cap == KvmLib.KVM_CAP_GUEST_MEMFD ? "KVM_CAP_GUEST_MEMFD"
            : "KVM_CAP_USER_MEMORY2"));
      }
    }
    return new LiveGmem(fd, LibC.I.sysconf(LibC.SC_PAGESIZE));
  }

  /** Whether mappings and accesses through them can be made (in the mapping child). */
  boolean canMap() {
    return child != null;
  }

  /** Why accesses through a mapping are not checked, or null when they are. */
  String mappingSkipped() {
    return mappingSkipped;
  }

  /** KVM_CAP_GUEST_MEMFD_FLAGS on a VM: the flags KVM_CREATE_GUEST_MEMFD takes (6.18). */
  long guestMemfdFlags() {
    return vm < 0 ? -1 : K.ioctl(vm, KvmLib.KVM_CHECK_EXTENSION, (long) KvmLib.KVM_CAP_GUEST_MEMFD_FLAGS);
  }

  /** KVM_CREATE_VM(KVM_X86_DEFAULT_VM): "0" or -errno, and the VM of the next calls. */
  String createVm() {
    vm = K.ioctl(kvm, KvmLib.KVM_CREATE_VM, 0L);
    return vm >= 0 ? "0" : "-" + errnoName(Native.getLastError());
  }

  Outcome run(GmemOp op) {
    if (op instanceof GmemOp.CreateGuestMemfd c) {
      return new Outcome(createGuestMemfd(c.flags(), c.size()), (byte) 0);
    } else if (op instanceof GmemOp.Fallocate f) {
      return new Outcome(ret(K.fallocate(gmem, f.mode(), f.offset(), f.len())), (byte) 0);
    } else if (op instanceof GmemOp.SetRegion r) {
      return new Outcome(setRegion(r), (byte) 0);
    }
    if (child == null) {
      throw new IllegalStateException("no mapping child for " + op);
    }
    if (op instanceof GmemOp.Mmap m) {
      long r = child.mmap(0, gmem, m.pages() * page, LibC.PROT_READ | LibC.PROT_WRITE,
          m.shared() ? LibC.MAP_SHARED : LibC.MAP_PRIVATE, 0);
      return new Outcome(ret(r), (byte) 0);
    } else if (op instanceof GmemOp.Munmap) {
      return new Outcome(ret(child.munmap(0)), (byte) 0);
    } else if (op instanceof GmemOp.Access a) {
      MmChild.Access r = a.store() ? child.store(0, a.index() * page, 1, a.marker())
          : child.load(0, a.index() * page, 1);
      String val = r.signal() == 0 ? "0" : r.signal() == MmChild.SIGBUS ? "SIGBUS"
          : r.signal() == MmChild.SIGSEGV ? "SIGSEGV" : "signal " + r.signal();
      return new Outcome(val, r.signal() == 0 && !a.store() ? r.data()[0] : 0);
    }
    throw new IllegalArgumentException("unknown call " + op);
  }

  private String createGuestMemfd(long flags, long size) {
    createArgs.clear();
    createArgs.setLong(0, size);
    createArgs.setLong(8, flags);
    int fd = K.ioctl(vm, KvmLib.KVM_CREATE_GUEST_MEMFD, createArgs);
    if (fd < 0) {
      return "-" + errnoName(Native.getLastError());
    }
    gmem = fd;
    return "0";
  }

  private String setRegion(GmemOp.SetRegion r) {
    GmemOracle.Slot s = GmemOracle.SLOTS.get(r.k());
    region.clear();
    region.setInt(0, s.id());
    region.setInt(4, r.flags());
    region.setLong(8, s.gfn() * page);
    region.setLong(16, r.delete() ? 0 : s.pages() * page);
    region.setLong(24, 0); // userspace_addr: unused by a guest_memfd-only slot
    region.setLong(32, r.offset());
    region.setInt(40, gmem);
    return ret(K.ioctl(vm, KvmLib.KVM_SET_USER_MEMORY_REGION2, region));
  }

  /** A child's 0 or -errno. */
  private static String ret(long r) {
    return r >= 0 ? "0" : "-" + errnoName((int) -r);
  }

  private static String ret(int r) {
    return r >= 0 ? "0" : "-" + errnoName(Native.getLastError());
  }

  static String errnoName(int errno) {
    return ERRNO.getOrDefault(errno, "errno" + errno);
  }

  /** Ends a sequence: closes the guest_memfd and the VM (their memslots and pages go with them). */
  void endSequence() {
    if (child != null) {
      child.reset();
    }
    if (gmem >= 0) {
      K.close(gmem);
      gmem = -1;
    }
    if (vm >= 0) {
      K.close(vm);
      vm = -1;
    }
  }

  @Override
  public void close() {
    endSequence();
    K.close(kvm);
    if (child != null) {
      child.close();
    }
  }
}
