package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * A GuestMemInvalidation counterexample as the mail tells it. One task per actor that runs: each
 * vCPU (its steps start with the guest's access), the fallocate() that punches a hole, the one
 * that allocates, the memslot ioctls, KVM_SET_MEMORY_ATTRIBUTES, memory_failure(), close() and
 * the release, a host access through the file's mmap. Userspace's part is its syscall with real
 * arguments (byte offsets of 4096-byte pages); the kernel's steps are the functions the spec's
 * actions model ({@link KernelNames}), and what each changed is a note under it
 * ({@link GmemChanges}).
 */
final class GmemStory {

  private final TraceSteps t;
  private final boolean gmem;
  /** What the notifiers' offsets count: 1 (pgoff_t) or, in v9, bytes. */
  private final int notifierUnit;
  private final String fd;
  private final List<Row> rows = new ArrayList<>();
  private final Task punch;
  private final Task allocate;
  private final Task populate;
  private final Task bind;
  private final Task attributes;
  private final Task release;
  private final Task memoryFailure;
  private final Task hostFault;

  private GmemStory(TraceSteps t, GmemRevision rev) {
    this.t = t;
    this.gmem = rev.isGmem();
    this.notifierUnit = rev.notifierUnit(MemfdCalls.PAGE_SIZE);
    this.fd = gmem ? "gmem_fd" : "rm_fd";
    this.punch = new Task("punch", "fallocate(FALLOC_FL_PUNCH_HOLE) on " + fd);
    this.allocate = new Task("allocate", "fallocate() allocating in " + fd);
    this.populate = new Task("populate", "kvm_gmem_populate() (SEV-SNP/TDX launch, under slots_lock)");
    this.bind = new Task("bind", "the memslot ioctls on vm_fd");
    this.attributes = new Task("attributes", "KVM_SET_MEMORY_ATTRIBUTES on vm_fd");
    this.release = new Task("release", "close(" + fd + "), then the file's release");
    this.memoryFailure = new Task("memory_failure", "memory_failure() after a hardware error");
    this.hostFault = new Task("host_fault", "a host access through the mmap of " + fd + " (mem)");
  }

  static Story of(TraceSteps t, GmemRevision rev) {
    return new GmemStory(t, rev).tell();
  }

  private Story tell() {
    boolean host = false;
    for (int i = 1; i <= t.steps(); i++) {
      host |= t.step(i).action().equals("KvmGmemFaultUserMapping");
      step(t.step(i), t.before(i), t.after(i));
    }
    List<String> notes = new ArrayList<>();
    notes.add("Offsets and sizes are bytes, in 4096-byte pages (the model counts pages); gfn N is guest "
        + "physical address N * 4096.");
    notes.add(fd + " is the " + (gmem ? "guest_memfd" : "memfd_restricted() fd") + ", vm_fd the VM; p1, p2, ... "
        + "name the physical pages (pfns) the model hands out.");
    if (host) {
      notes.add("mem is " + fd + " mapped MAP_SHARED.");
    }
    return new Story(setup(), rows, notes);
  }

  /** The state before the first step: the file, the memslots bound to it, the private gfns. */
  private String setup() {
    SpecState init = t.before(1);
    long pages = t.constant("NPages").asLong();
    StringBuilder b = new StringBuilder("Before the race: ");
    if (gmem) {
      List<String> flags = new ArrayList<>();
      t.constant("GmemFlags").asSet().forEach(f -> flags.add("GUEST_MEMFD_FLAG_" + f.asString()));
      b.append(fd).append(" = ioctl(vm_fd, KVM_CREATE_GUEST_MEMFD, {.size = ").append(pages * MemfdCalls.PAGE_SIZE)
          .append(", .flags = ").append(flags.isEmpty() ? "0" : String.join("|", flags)).append("})");
    } else {
      b.append(fd).append(" = memfd_restricted(0), ").append(pages * MemfdCalls.PAGE_SIZE).append(" bytes");
    }
    for (Map.Entry<SpecValue, SpecValue> e : init.get("memslot").asFunction().entrySet()) {
      if (!e.getValue().asString().equals("active")) {
        continue;
      }
      long s = e.getKey().asLong();
      long pgoff = init.get("gmem_pgoff").apply(e.getKey()).asLong();
      b.append("; memslot ").append(s).append(" covers ").append(gfns(slotBase(s), slotBase(s) + slotPages(s) - 1));
      b.append(pgoff >= 0 ? " and is bound to " + fd + " at offset " + pgoff * MemfdCalls.PAGE_SIZE : ", unbound");
    }
    List<Long> priv = new ArrayList<>();
    init.get("attributes").asFunction().forEach((g, a) -> {
      if (a.asString().equals("private")) {
        priv.add(g.asLong());
      }
    });
    if (!priv.isEmpty() && t.constant("VmHasPrivateMem").asBool()) {
      b.append("; ").append(priv.size() == 1 ? "gfn " + priv.get(0) + " is" : list(priv) + " are").append(" private");
    }
    return b.append(".").toString();
  }

  private long slotBase(long s) {
    return t.constant("SlotBase").apply(SpecValue.of(s)).asLong();
  }

  private long slotPages(long s) {
    return t.constant("SlotPages").apply(SpecValue.of(s)).asLong();
  }

  private static String gfns(long first, long last) {
    return first == last ? "gfn " + first : "gfns " + first + "-" + last;
  }

  private static String list(List<Long> gs) {
    boolean contiguous = gs.get(gs.size() - 1) - gs.get(0) == gs.size() - 1;
    if (contiguous) {
      return gfns(gs.get(0), gs.get(gs.size() - 1));
    }
    return "gfns " + String.join(", ", gs.stream().map(String::valueOf).toList());
  }

  // ------------------------------------------------------------------ steps

  private void step(Step s, SpecState before, SpecState after) {
    SpecValue ret = after.get("ret");
    String fn = ret.apply(SpecValue.of("fn")).asString();
    String val = ret.apply(SpecValue.of("val")).asString();
    boolean returns = !fn.equals("none");
    String a = s.action();
    String kernel = KernelNames.of("GuestMemInvalidation", a);
    List<Row> body = new ArrayList<>();
    Row done = null;
    boolean invalidation = false;
    switch (a) {
      case "KvmMmuDoPageFault": {
        String v = s.param("v").asString();
        boolean retry = before.get("vcpu_pc").apply(SpecValue.of(v)).asString().equals("retry");
        boolean priv = after.get("fault").apply(SpecValue.of(v)).apply(SpecValue.of("is_private")).asBool();
        long g = s.param("g").asLong();
        Row access = new Row(vcpu(v), 0, (retry ? "guest retries its access to gfn " : "guest accesses gfn ") + g
            + " (" + (priv ? "private" : "shared") + ")");
        body.add(access);
        body.add(access.below(kernel));
        break;
      }
      case "FaultSnapshotSeq": {
        String v = s.param("v").asString();
        long seq = after.get("fault").apply(SpecValue.of(v)).apply(SpecValue.of("mmu_seq")).asLong();
        body.add(new Row(vcpu(v), 1, kernel + seq));
        break;
      }
      case "FaultCheckAttributes", "HvaToPfn", "FaultTakeMmuLock", "KvmTdpMmuMap":
        body.add(new Row(vcpu(s.param("v").asString()), 1, kernel + (returns ? " = " + val : "")));
        break;
      case "KvmGmemGetPfn": {
        String p = s.param("p").asString();
        body.add(new Row(vcpu(s.param("v").asString()), 1, kernel + " = " + val + (val.equals("0") ? ": " + p : "")));
        break;
      }
      case "IsPageFaultStale":
        body.add(new Row(vcpu(s.param("v").asString()), 1, kernel + (returns ? " = true: " + val : " = false")));
        break;
      case "KvmGmemPunchHole", "RestrictedmemPunchHole", "RestrictedmemFallocate": {
        Row call = new Row(punch, 0, "fallocate(" + fd + ", FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE, "
            + bytes(s.param("off").asLong()) + ", " + bytes(s.param("len").asLong()) + ")");
        body.add(call);
        body.add(call.below(kernel + (after.get("punch_pc").asString().equals("lock")
            ? ": filemap_invalidate_lock() waits behind a reader" : "")));
        break;
      }
      case "FilemapInvalidateLock":
        body.add(new Row(punch, 1, kernel));
        break;
      case "KvmGmemInvalidateBegin", "KvmRestrictedmemInvalidateBegin", "KvmGmemInvalidateEnd",
          "KvmRestrictedmemInvalidateEnd": {
        SpecValue range = after.get("punch");
        long start = range.apply(SpecValue.of("start")).asLong() * notifierUnit;
        long end = range.apply(SpecValue.of("end")).asLong() * notifierUnit;
        body.add(new Row(punch, 1, kernel.replace("()", "(" + start + ", " + end + ")")));
        invalidation = true;
        if (returns) {
          done = new Row(punch, 0, "fallocate() returns " + Errnos.syscall(val));
        }
        break;
      }
      case "TruncateInodePagesRange", "ShmemFallocate":
        body.add(new Row(punch, 1, kernel + (after.get("punch_pc").asString().equals("folio_lock")
            ? ": a folio is locked, skipped; folio_lock() waits" : "")));
        break;
      case "TruncateInodeFolio":
        body.add(new Row(punch, 1, kernel));
        break;
      case "FilemapInvalidateUnlock", "RestrictedmemUpRead":
        body.add(new Row(punch, 1, kernel));
        done = new Row(punch, 0, "fallocate() returns " + Errnos.syscall(val));
        break;
      case "KvmGmemAllocate": {
        String call = "fallocate(" + fd + ", " + (gmem ? "FALLOC_FL_KEEP_SIZE" : "0") + ", "
            + bytes(s.param("i").asLong()) + ", " + MemfdCalls.PAGE_SIZE + ")";
        if (returns) {
          body.add(new Row(allocate, 0, call + " = " + Errnos.syscall(val)));
        } else {
          Row r = new Row(allocate, 0, call);
          body.add(r);
          body.add(r.below("filemap_invalidate_lock_shared(); kvm_gmem_get_folio(): folio_lock() waits"));
        }
        break;
      }
      case "KvmGmemAllocateGetFolio":
        body.add(new Row(allocate, 1, kernel));
        done = new Row(allocate, 0, "fallocate() returns " + Errnos.syscall(val));
        break;
      case "KvmGmemBind":
        body.add(new Row(bind, 0, createMemslot(s.param("s").asLong(), s.param("pgoff").asLong()) + " = "
            + Errnos.syscall(val)));
        break;
      case "KvmSetMemoryRegionDelete": {
        Row call = new Row(bind, 0, "ioctl(vm_fd, " + memslotIoctl() + ", {.slot = " + s.param("s").asLong()
            + ", .memory_size = 0})");
        body.add(call);
        body.add(call.below(kernel));
        break;
      }
      case "KvmGmemUnbind":
        body.add(new Row(bind, 1, kernel));
        done = new Row(bind, 0, "ioctl() returns " + Errnos.syscall(val));
        break;
      case "FilpClose":
        body.add(new Row(release, 0, "close(" + fd + ") = " + Errnos.syscall(val)));
        break;
      case "KvmGmemRelease":
        body.add(new Row(release, 1, kernel));
        invalidation = true;
        break;
      case "KvmVmSetMemAttributes": {
        long g = s.param("g").asLong();
        boolean priv = s.param("a").asString().equals("private");
        Row call = new Row(attributes, 0, "ioctl(vm_fd, KVM_SET_MEMORY_ATTRIBUTES, {.address = 0x"
            + Long.toHexString(g * MemfdCalls.PAGE_SIZE) + ", .size = " + MemfdCalls.PAGE_SIZE + ", .attributes = "
            + (priv ? "KVM_MEMORY_ATTRIBUTE_PRIVATE" : "0") + "})" + (returns ? " = " + Errnos.syscall(val) : ""));
        body.add(call);
        if (!returns) {
          body.add(call.below(kernel));
        }
        break;
      }
      case "KvmPreSetMemoryAttributes", "KvmSetMemAttributesStore":
        body.add(new Row(attributes, 1, kernel));
        invalidation = a.equals("KvmPreSetMemoryAttributes");
        break;
      case "KvmPostSetMemoryAttributes":
        body.add(new Row(attributes, 1, kernel));
        invalidation = true;
        done = new Row(attributes, 0, "ioctl() returns " + Errnos.syscall(val));
        break;
      case "MemoryFailure":
        body.add(new Row(memoryFailure, 0, "memory_failure(" + before.get("folios")
            .apply(s.param("i")).asString() + ")"));
        break;
      case "KvmGmemErrorFolio":
        body.add(new Row(memoryFailure, 1, kernel + (returns ? " = " + val
            : ": filemap_invalidate_lock_shared(), kvm_gmem_invalidate_begin()")));
        invalidation = !returns;
        break;
      case "KvmGmemErrorFolioWork":
        body.add(new Row(memoryFailure, 1, kernel + ": kvm_gmem_invalidate_begin()"));
        invalidation = true;
        break;
      case "KvmGmemErrorFolioInvalidateEnd":
        body.add(new Row(memoryFailure, 1, kernel + "; " + fn + "() = " + val));
        invalidation = true;
        break;
      case "KvmGmemPopulate":
        body.add(new Row(populate, 0, kernel + ": index " + s.param("i").asLong()));
        break;
      case "KvmGmemGetFolio":
        body.add(new Row(populate, 1, kernel));
        done = new Row(populate, 0, "kvm_gmem_populate() returns " + val);
        break;
      case "KvmGmemFaultUserMapping": {
        Row access = new Row(hostFault, 0, "host access to mem + " + bytes(s.param("i").asLong()));
        body.add(access);
        body.add(access.below(kernel + " = " + val));
        break;
      }
      default:
        throw new BadInputException(t.where() + ": " + a + " is not a GuestMemInvalidation action");
    }
    rows.addAll(body);
    List<String> changes = GmemChanges.of(before, after);
    if (invalidation && !GmemChanges.invalidated(before, after)) {
      changes.add(0, "no binding in range: nothing invalidated");
    }
    if (!changes.isEmpty()) {
      rows.add(body.get(body.size() - 1).below("/* " + String.join("; ", changes) + " */"));
    }
    if (done != null) {
      rows.add(done);
    }
  }

  private Task vcpu(String v) {
    return new Task("vcpu " + v, "vCPU " + v + " (KVM_RUN)");
  }

  private String memslotIoctl() {
    return gmem ? "KVM_SET_USER_MEMORY_REGION2" : "KVM_SET_USER_MEMORY_REGION";
  }

  /** KVM_SET_USER_MEMORY_REGION2 with guest_memfd (v9 and the shim: the restricted_fd extension). */
  private String createMemslot(long s, long pgoff) {
    String base = "0x" + Long.toHexString(slotBase(s) * MemfdCalls.PAGE_SIZE);
    String size = bytes(slotPages(s));
    return "ioctl(vm_fd, " + memslotIoctl() + ", {.slot = " + s + ", .flags = "
        + (gmem ? "KVM_MEM_GUEST_MEMFD" : "KVM_MEM_PRIVATE") + ", .guest_phys_addr = " + base + ", .memory_size = "
        + size + (gmem ? ", .guest_memfd = " + fd + ", .guest_memfd_offset = "
        : ", .restricted_fd = " + fd + ", .restricted_offset = ") + bytes(pgoff) + "})";
  }

  private static String bytes(long pages) {
    return Long.toString(pages * MemfdCalls.PAGE_SIZE);
  }
}
