package org.sealcheck.model.gmem;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sealcheck.model.state.SpecValue;

/**
 * The spec's constants for one config: the revision, the actors that run, and the bounds. Slots,
 * vCPUs and pages are kept in TLC's order of their sets; the model refers to them by position.
 *
 * @param vcpus the vCPU model values (or other values) of {@code Vcpus}, in TLC's order
 * @param pfns the page model values of {@code Pfns}, in TLC's order
 * @param noPfn the value of {@code NoPfn}
 * @param slots memslot ids (positive integers), ascending
 * @param slotBase memslot->base_gfn, by position in {@code slots}
 * @param slotPages memslot->npages, by position in {@code slots}
 * @param initBound memslot ids created and bound at pgoff 0 before the race
 * @param initPrivate gfns private before the race
 * @param mmap GUEST_MEMFD_FLAG_MMAP in GmemFlags
 * @param initShared GUEST_MEMFD_FLAG_INIT_SHARED in GmemFlags
 */
public record GmemConfig(GmemRevision revision, Set<GmemActor> actors, List<SpecValue> vcpus,
    List<SpecValue> pfns, SpecValue noPfn, int nPages, List<Integer> slots, List<Integer> slotBase,
    List<Integer> slotPages, int nGfns, Set<Integer> initBound, boolean vmHasPrivateMem,
    Set<Integer> initPrivate, boolean mmap, boolean initShared, int pageSize, int maxSeq) {

  /** Bit sets of gfns, indices and pages are longs. */
  public static final int MAX_ELEMS = 62;

  /** The constants the model reads, as named in the spec. */
  public static final List<String> CONSTANTS = List.of("Actors", "Vcpus", "Pfns", "NoPfn", "NPages",
      "Slots", "SlotBase", "SlotPages", "NGfns", "InitBound", "VmHasPrivateMem", "InitPrivate",
      "GmemFlags", "PageSize", "MaxSeq");

  /** The spec's ASSUMEs, as IllegalArgumentExceptions with one line each. */
  public GmemConfig {
    require(revision != null, "revision must be set");
    actors = actors.isEmpty() ? Set.of() : ImmutableSet.copyOf(EnumSet.copyOf(actors));
    vcpus = ImmutableList.copyOf(vcpus);
    pfns = ImmutableList.copyOf(pfns);
    slots = ImmutableList.copyOf(slots);
    slotBase = ImmutableList.copyOf(slotBase);
    slotPages = ImmutableList.copyOf(slotPages);
    initBound = ImmutableSortedSet.copyOf(initBound);
    initPrivate = ImmutableSortedSet.copyOf(initPrivate);
    require(nPages >= 1 && nPages <= MAX_ELEMS, "NPages must be in 1.." + MAX_ELEMS + ", not " + nPages);
    require(nGfns >= 1 && nGfns <= MAX_ELEMS, "NGfns must be in 1.." + MAX_ELEMS + ", not " + nGfns);
    require(pfns.size() <= MAX_ELEMS, "at most " + MAX_ELEMS + " Pfns");
    require(pageSize >= 2, "PageSize must be >= 2, not " + pageSize);
    require(maxSeq >= 0, "MaxSeq must be a natural number, not " + maxSeq);
    require(!pfns.contains(noPfn), "NoPfn must not be in Pfns");
    require(slotBase.size() == slots.size() && slotPages.size() == slots.size(),
        "SlotBase and SlotPages must be functions on Slots");
    for (int k = 0; k < slots.size(); k++) {
      int s = slots.get(k);
      require(s > 0, "memslot ids must be positive (0 is NoSlot), not " + s);
      require(slotPages.get(k) >= 1 && slotPages.get(k) <= nPages,
          "SlotPages[" + s + "] must be in 1..NPages, not " + slotPages.get(k));
      require(slotBase.get(k) >= 0 && slotBase.get(k) + slotPages.get(k) <= nGfns,
          "SlotBase[" + s + "] + SlotPages[" + s + "] must be <= NGfns");
    }
    require(!(actors.contains(GmemActor.RELEASE) && actors.contains(GmemActor.HOST_FAULT)),
        "Actors must not hold both \"release\" and \"host_fault\" (a host mapping holds a file reference)");
    require(slots.containsAll(initBound), "InitBound must be a subset of Slots");
    require((!mmap || revision.supportsMmap()) && (!initShared || revision.supportsInitShared()),
        "GmemFlags must be a subset of revision " + revision + "'s GmemSupportedFlags (kvm_gmem_create() refuses the others)");
    for (int g : initPrivate) {
      require(g >= 0 && g < nGfns, "InitPrivate must be a subset of 0..NGfns-1, not contain " + g);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * The config of revision {@code rev} from the spec's other constants, as the checker reads them
   * from TLC.
   *
   * @throws IllegalArgumentException naming the first constant that is missing or malformed
   */
  public static GmemConfig fromConstants(GmemRevision rev, Map<String, SpecValue> c) {
    for (String name : CONSTANTS) {
      require(c.containsKey(name), "constant " + name + " is missing");
    }
    EnumSet<GmemActor> actors = EnumSet.noneOf(GmemActor.class);
    for (SpecValue a : set(c, "Actors")) {
      actors.add(GmemActor.fromName(str(a, "Actors")));
    }
    List<Integer> slots = new ArrayList<>();
    List<Integer> base = new ArrayList<>();
    List<Integer> pages = new ArrayList<>();
    for (SpecValue s : set(c, "Slots")) {
      int id = integer(s, "Slots");
      slots.add(id);
      base.add(integer(applyOrFail(c.get("SlotBase"), s, "SlotBase"), "SlotBase"));
      pages.add(integer(applyOrFail(c.get("SlotPages"), s, "SlotPages"), "SlotPages"));
    }
    Set<Integer> initBound = new java.util.TreeSet<>();
    for (SpecValue s : set(c, "InitBound")) {
      initBound.add(integer(s, "InitBound"));
    }
    Set<Integer> initPrivate = new java.util.TreeSet<>();
    for (SpecValue g : set(c, "InitPrivate")) {
      initPrivate.add(integer(g, "InitPrivate"));
    }
    boolean mmap = false;
    boolean initShared = false;
    for (SpecValue f : set(c, "GmemFlags")) {
      String flag = str(f, "GmemFlags");
      if (flag.equals("MMAP")) {
        mmap = true;
      } else if (flag.equals("INIT_SHARED")) {
        initShared = true;
      } else {
        throw new IllegalArgumentException("GmemFlags must be a subset of {\"MMAP\", \"INIT_SHARED\"}, not contain \""
            + flag + "\"");
      }
    }
    SpecValue vhpm = c.get("VmHasPrivateMem");
    require(vhpm instanceof SpecValue.Bool, "VmHasPrivateMem must be a Boolean, not " + vhpm.toTla());
    return new GmemConfig(rev, actors, List.copyOf(set(c, "Vcpus")), List.copyOf(set(c, "Pfns")),
        c.get("NoPfn"), integer(c.get("NPages"), "NPages"), slots, base, pages,
        integer(c.get("NGfns"), "NGfns"), initBound, vhpm.asBool(), initPrivate, mmap, initShared,
        integer(c.get("PageSize"), "PageSize"), integer(c.get("MaxSeq"), "MaxSeq"));
  }

  private static Set<SpecValue> set(Map<String, SpecValue> c, String name) {
    SpecValue v = c.get(name);
    require(v instanceof SpecValue.SetV, name + " must be a set, not " + v.toTla());
    return v.asSet();
  }

  private static int integer(SpecValue v, String name) {
    require(v instanceof SpecValue.Int, name + ": " + v.toTla() + " is not an integer");
    return Math.toIntExact(v.asLong());
  }

  private static String str(SpecValue v, String name) {
    require(v instanceof SpecValue.Str, name + ": " + v.toTla() + " is not a string");
    return v.asString();
  }

  private static SpecValue applyOrFail(SpecValue f, SpecValue arg, String name) {
    try {
      return f.apply(arg);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be a function on Slots: " + arg.toTla()
          + " is not in the domain of " + f.toTla());
    }
  }

  // ------------------------------------------------------------------ MC defaults, for tests

  /**
   * MCGuestMemInvalidation's bounds: one vCPU v1, pages p1..p3, a two-page file, one memslot 1 over
   * both gfns bound before the race, both gfns private, no flags, PageSize 2, MaxSeq 2.
   */
  public static GmemConfig mc(GmemRevision revision, GmemActor... actors) {
    return new GmemConfig(revision, actors.length == 0 ? Set.of() : EnumSet.of(actors[0], actors),
        List.of(SpecValue.of("v1")), List.of(SpecValue.of("p1"), SpecValue.of("p2"), SpecValue.of("p3")),
        SpecValue.of("NoPfn"), 2, List.of(1), List.of(0), List.of(2), 2, Set.of(1), true, Set.of(0, 1),
        false, false, 2, 2);
  }

  /** This config with other memslots: {@code slots[k]} at {@code base[k]} with {@code pages[k]}. */
  public GmemConfig withSlots(List<Integer> slots, List<Integer> base, List<Integer> pages, Set<Integer> initBound) {
    return new GmemConfig(revision, actors, vcpus, pfns, noPfn, nPages, slots, base, pages, nGfns, initBound,
        vmHasPrivateMem, initPrivate, mmap, initShared, pageSize, maxSeq);
  }

  /** This config with other attributes and guest_memfd flags. */
  public GmemConfig withMemory(boolean vmHasPrivateMem, Set<Integer> initPrivate, boolean mmap, boolean initShared) {
    return new GmemConfig(revision, actors, vcpus, pfns, noPfn, nPages, slots, slotBase, slotPages, nGfns,
        initBound, vmHasPrivateMem, initPrivate, mmap, initShared, pageSize, maxSeq);
  }

  /** This config with another invalidation budget. */
  public GmemConfig withMaxSeq(int maxSeq) {
    return new GmemConfig(revision, actors, vcpus, pfns, noPfn, nPages, slots, slotBase, slotPages, nGfns,
        initBound, vmHasPrivateMem, initPrivate, mmap, initShared, pageSize, maxSeq);
  }

  public boolean runs(GmemActor a) {
    return actors.contains(a);
  }

  public int slotCount() {
    return slots.size();
  }

  /** The position of memslot id {@code s} in {@link #slots}, or -1. */
  public int slotIndex(int s) {
    return slots.indexOf(s);
  }
}
