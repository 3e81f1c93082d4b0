package org.sealcheck.checker.kernel;

import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_KEEP_SIZE;
import static org.sealcheck.model.gmem.GmemSyscalls.FALLOC_FL_PUNCH_HOLE;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_INIT_SHARED;
import static org.sealcheck.model.gmem.GmemSyscalls.GUEST_MEMFD_FLAG_MMAP;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_GUEST_MEMFD;
import static org.sealcheck.model.gmem.GmemSyscalls.KVM_MEM_LOG_DIRTY_PAGES;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.sealcheck.checker.kernel.OracleResult.Disagreement;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.gmem.GmemSyscalls;

/**
 * Runs guest_memfd call sequences on the live kernel's /dev/kvm and on the Java model of
 * {@code revision} ({@link GmemSyscalls} over the spec's steps), and compares every result: the
 * return value or errno, the signal of an access through the mapping, and the byte a load saw
 * (the model's page identity: the same page keeps the marker a store left, a new page is zero).
 * Each sequence runs on a new VM (KVM_CREATE_VM, checked to succeed) and ends with the guest_memfd
 * and the VM closed.
 *
 * <p>The alphabet: KVM_CREATE_GUEST_MEMFD with flags 0, MMAP, MMAP|INIT_SHARED, INIT_SHARED and an
 * unknown bit (size 2 pages), and MMAP|INIT_SHARED with size 0 and half a page; fallocate()
 * KEEP_SIZE and KEEP_SIZE|PUNCH_HOLE over [0,1), [1,2), [0,2), [1,3) pages, mode 0, PUNCH_HOLE
 * alone, and a half-page length; KVM_SET_USER_MEMORY_REGION2 create of memslot 1 (gfns 0-1) at
 * guest_memfd_offset 0 and 1 page, of memslot 2 (gfn 2) at 0, 1 and 2 pages, of memslot 3 (gfn 1,
 * which overlaps memslot 1) at 0, of memslot 1 with LOG_DIRTY_PAGES, and the delete of each; with a
 * mapping child, mmap() of 3 pages (one past EOF) MAP_SHARED and MAP_PRIVATE, munmap(), and a load
 * and a marker store at each of the 3 pages. A step is tried only where the harness can make it:
 * calls on the guest_memfd once it exists (one per sequence), a mapping's accesses while it
 * exists, and no re-create of a deleted memslot (the spec's memslots are not re-created).
 *
 * <p>Left out: vCPU faults (kvm_pvm here exits to userspace with KVM_EXIT_MMIO for a guest_memfd
 * slot, so guest accesses cannot reach guest_memfd), KVM_SET_MEMORY_ATTRIBUTES (ENOTTY here),
 * memory_failure() and close() with kvm_gmem_release() (a mapping holds a file reference, and the
 * model runs release and host faults in different configs).
 */
public final class GmemOracle {

  /** A memslot of the alphabet: its id, first gfn and size in pages. */
  record Slot(int id, int gfn, int pages) {}

  static final List<Slot> SLOTS = List.of(new Slot(1, 0, 2), new Slot(2, 2, 1), new Slot(3, 1, 1));
  static final int N_GFNS = 3;
  static final int FILE_PAGES = 2;

  private final GmemRevision revision;
  private final LiveGmem live;
  private final long page;
  private final List<GmemOp> alphabet = new ArrayList<>();
  private long sequences;
  private long operations;

  /** @throws IllegalArgumentException for a revision without the guest_memfd uAPI */
  public GmemOracle(GmemRevision revision, LiveGmemHandle handle) {
    this.revision = revision;
    this.live = handle.live;
    this.page = live.page;
    model(); // rejects a revision without guest_memfd
    long two = FILE_PAGES * page;
    for (long flags : new long[] {0, GUEST_MEMFD_FLAG_MMAP, GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED,
        GUEST_MEMFD_FLAG_INIT_SHARED, 1L << 2}) {
      alphabet.add(new GmemOp.CreateGuestMemfd(flags, two));
    }
    long shared = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED;
    alphabet.add(new GmemOp.CreateGuestMemfd(shared, 0));
    alphabet.add(new GmemOp.CreateGuestMemfd(shared, page / 2));
    for (int mode : new int[] {FALLOC_FL_KEEP_SIZE, FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE}) {
      for (long[] r : new long[][] {{0, 1}, {1, 1}, {0, 2}, {1, 2}}) {
        alphabet.add(new GmemOp.Fallocate(mode, r[0] * page, r[1] * page));
      }
    }
    alphabet.add(new GmemOp.Fallocate(0, 0, page));
    alphabet.add(new GmemOp.Fallocate(FALLOC_FL_PUNCH_HOLE, 0, page));
    alphabet.add(new GmemOp.Fallocate(FALLOC_FL_KEEP_SIZE, 0, page / 2));
    alphabet.add(new GmemOp.SetRegion(0, KVM_MEM_GUEST_MEMFD, 0, false));
    alphabet.add(new GmemOp.SetRegion(0, KVM_MEM_GUEST_MEMFD, page, false));
    alphabet.add(new GmemOp.SetRegion(1, KVM_MEM_GUEST_MEMFD, 0, false));
    alphabet.add(new GmemOp.SetRegion(1, KVM_MEM_GUEST_MEMFD, page, false));
    alphabet.add(new GmemOp.SetRegion(1, KVM_MEM_GUEST_MEMFD, 2 * page, false));
    alphabet.add(new GmemOp.SetRegion(2, KVM_MEM_GUEST_MEMFD, 0, false));
    alphabet.add(new GmemOp.SetRegion(0, KVM_MEM_GUEST_MEMFD | KVM_MEM_LOG_DIRTY_PAGES, 0, false));
    for (int k = 0; k < SLOTS.size(); k++) {
      alphabet.add(new GmemOp.SetRegion(k, KVM_MEM_GUEST_MEMFD, 0, true));
    }
    if (live.canMap()) {
      alphabet.add(new GmemOp.Mmap(FILE_PAGES + 1, true));
      alphabet.add(new GmemOp.Mmap(FILE_PAGES + 1, false));
      alphabet.add(new GmemOp.Munmap());
      for (int i = 0; i <= FILE_PAGES; i++) {
        alphabet.add(new GmemOp.Access(i, false));
        alphabet.add(new GmemOp.Access(i, true));
      }
    }
  }

  /**
   * The live side, opened once: /dev/kvm and, where it can start, the mapping child.
   */
  public static final class LiveGmemHandle implements AutoCloseable {
    final LiveGmem live;

    private LiveGmemHandle(LiveGmem live) {
      this.live = live;
    }

    /**
     * @throws OracleUnavailable with a one-line reason when /dev/kvm is missing, not openable or
     *     lacks guest_memfd
     */
    public static LiveGmemHandle open() throws OracleUnavailable {
      return new LiveGmemHandle(LiveGmem.open());
    }

    /** Why accesses through a mapping are not checked, or null. */
    public String mappingSkipped() {
      return live.mappingSkipped();
    }

    @Override
    public void close() {
      live.close();
    }
  }

  private GmemSyscalls model() {
    return new GmemSyscalls(revision, page, SLOTS.stream().map(Slot::id).toList(),
        SLOTS.stream().map(Slot::gfn).toList(), SLOTS.stream().map(Slot::pages).toList(), N_GFNS);
  }

  /** The calls, in order. */
  public List<String> alphabet() {
    return alphabet.stream().map(GmemOp::toString).toList();
  }

  /** Every sequence of 1..depth calls, all of length 1 first, then 2, ...: the first disagreement is a shortest one. */
  public OracleResult<String> exhaustive(int depth) {
    long start = System.nanoTime();
    for (int length = 1; length <= depth; length++) {
      Optional<Disagreement<String>> d = extend(new ArrayList<>(), length);
      if (d.isPresent()) {
        return result(start, d);
      }
    }
    return result(start, Optional.empty());
  }

  /** {@code count} sequences of up to {@code length} calls, each drawn uniformly from those possible. */
  public OracleResult<String> random(long count, int length, long seed) {
    long start = System.nanoTime();
    Random rnd = new Random(seed);
    for (long n = 0; n < count; n++) {
      List<GmemOp> seq = new ArrayList<>();
      GmemSyscalls m = model();
      for (int i = 0; i < length; i++) {
        List<GmemOp> next = possible(m);
        GmemOp op = next.get(rnd.nextInt(next.size()));
        seq.add(op);
        expect(m, op);
      }
      Optional<Disagreement<String>> d = runOnKernel(seq);
      if (d.isPresent()) {
        return result(start, d);
      }
    }
    return result(start, Optional.empty());
  }

  private OracleResult<String> result(long start, Optional<Disagreement<String>> d) {
    return new OracleResult<>(sequences, operations, (System.nanoTime() - start) / 1e9, d);
  }

  private Optional<Disagreement<String>> extend(List<GmemOp> prefix, int length) {
    if (prefix.size() == length) {
      return runOnKernel(prefix);
    }
    GmemSyscalls m = model();
    for (GmemOp op : prefix) {
      expect(m, op);
    }
    for (GmemOp op : possible(m)) {
      prefix.add(op);
      Optional<Disagreement<String>> d = extend(prefix, length);
      prefix.remove(prefix.size() - 1);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  /** The harness's guards: what can be called in the model's state (not kernel checks). */
  private List<GmemOp> possible(GmemSyscalls m) {
    List<GmemOp> out = new ArrayList<>();
    for (GmemOp op : alphabet) {
      boolean ok;
      if (op instanceof GmemOp.CreateGuestMemfd) {
        ok = !m.hasGmem();
      } else if (op instanceof GmemOp.SetRegion r) {
        ok = m.hasGmem() && (r.delete() || m.slotReusable(r.k()));
      } else if (op instanceof GmemOp.Mmap) {
        ok = m.hasGmem() && !m.mapped();
      } else if (op instanceof GmemOp.Munmap || op instanceof GmemOp.Access) {
        ok = m.hasGmem() && m.mapped();
      } else {
        ok = m.hasGmem();
      }
      if (ok) {
        out.add(op);
      }
    }
    return out;
  }

  /** The model's result of {@code op}: "val" or, for a load that ran, "val data=0xNN". */
  private static String expect(GmemSyscalls m, GmemOp op) {
    if (op instanceof GmemOp.CreateGuestMemfd c) {
      return m.createGuestMemfd(c.flags(), c.size());
    } else if (op instanceof GmemOp.Fallocate f) {
      return m.fallocate(f.mode(), f.offset(), f.len());
    } else if (op instanceof GmemOp.SetRegion r) {
      return m.setUserMemoryRegion2(r.k(), r.flags(), r.offset(), r.delete());
    } else if (op instanceof GmemOp.Mmap mm) {
      return m.mmap(mm.pages(), mm.shared());
    } else if (op instanceof GmemOp.Munmap) {
      return m.munmap();
    } else if (op instanceof GmemOp.Access a) {
      GmemSyscalls.Access r = a.store() ? m.store(a.index(), a.marker()) : m.load(a.index());
      return describe(a, r.val(), r.data());
    }
    throw new IllegalStateException("unknown call " + op);
  }

  static String describe(GmemOp op, String val, byte data) {
    return op instanceof GmemOp.Access a && !a.store() && val.equals("0")
        ? val + " data=0x" + Integer.toHexString(data & 0xff) : val;
  }

  private Optional<Disagreement<String>> runOnKernel(List<GmemOp> seq) {
    sequences++;
    GmemSyscalls m = model();
    try {
      String vm = live.createVm();
      operations++;
      if (!vm.equals("0")) {
        return Optional.of(new Disagreement<>(names(seq), 0, "KVM_CREATE_VM: 0", "KVM_CREATE_VM: " + vm));
      }
      for (int i = 0; i < seq.size(); i++) {
        GmemOp op = seq.get(i);
        String want = expect(m, op);
        LiveGmem.Outcome k = live.run(op);
        operations++;
        String got = describe(op, k.val(), k.data());
        if (!want.equals(got)) {
          return Optional.of(new Disagreement<>(names(seq), i + 1, want, got));
        }
      }
      return Optional.empty();
    } finally {
      live.endSequence();
    }
  }

  /** What the kernel returned for each call of {@code seq}, on a new VM (for tests). */
  List<String> kernelResults(List<GmemOp> seq) {
    try {
      if (!live.createVm().equals("0")) {
        throw new IllegalStateException("KVM_CREATE_VM failed");
      }
      List<String> out = new ArrayList<>();
      for (GmemOp op : seq) {
        LiveGmem.Outcome k = live.run(op);
        out.add(describe(op, k.val(), k.data()));
      }
      return out;
    } finally {
      live.endSequence();
    }
  }

  /** What the model returns for each call of {@code seq}. */
  List<String> modelResults(List<GmemOp> seq) {
    GmemSyscalls m = model();
    return seq.stream().map(op -> expect(m, op)).toList();
  }

  private static List<String> names(List<GmemOp> seq) {
    return seq.stream().map(GmemOp::toString).toList();
  }
}
