------------------------ MODULE GuestMemInvalidation ------------------------
(***************************************************************************)
(* The invalidate-start/end protocol between a guest-private-memory file   *)
(* and the KVM MMU: the file's pages, its bindings to memslots, KVM's      *)
(* mmu_invalidate_* state, SPTEs and memory attributes, with each kernel   *)
(* path split into atomic steps wherever it takes or drops a lock or reads *)
(* shared state without one.                                               *)
(*                                                                         *)
(* Kernel code modelled (shared/reference/linux-protocols.md sections 2-4, *)
(* seeds 002 and 004):                                                     *)
(*   virt/kvm/guest_memfd.c  kvm_gmem_punch_hole, __kvm_gmem_invalidate_   *)
(*       begin/end, kvm_gmem_allocate, kvm_gmem_bind/unbind, kvm_gmem_     *)
(*       release, kvm_gmem_error_folio, kvm_gmem_get_pfn, kvm_gmem_fault_  *)
(*       user_mapping (6.18)                                               *)
(*   virt/kvm/kvm_main.c     kvm_mmu_invalidate_begin/range_add/end,       *)
(*       kvm_vm_set_mem_attributes, memslot create/delete                  *)
(*   arch/x86/kvm/mmu/mmu.c  kvm_mmu_do_page_fault, kvm_mmu_faultin_pfn,   *)
(*       is_page_fault_stale, the TDP MMU map                              *)
(*   mm/restrictedmem.c      v9 memfd_restricted (Oct 2022) and the v10+   *)
(*       restrictedmem bindings (the "shim" revision)                      *)
(*                                                                         *)
(* Units: file offsets are page indices (pgoff_t), guest addresses gfns.   *)
(* Pages are order 0 (guest_memfd WARNs on large folios). Physical pages   *)
(* are model values from a pool: a page freed by truncation goes back to   *)
(* the pool and can be handed out again, so a use after free shows up as   *)
(* an SPTE that maps a page the file no longer holds at that index.        *)
(*                                                                         *)
(* What is left out, and why that is safe for the properties here:         *)
(*  - Huge pages: all folios are order 0, so R2 (9129633d568e, hugepage    *)
(*    range on attribute change) cannot be expressed; see MCGuestMem...    *)
(*  - TLB flushes: a zap and its flush are one step under mmu_lock, as     *)
(*    the kernel flushes before dropping mmu_lock.                         *)
(*  - Two vCPUs installing the same SPTE: the map step is atomic (the TDP  *)
(*    MMU's cmpxchg), and a second install finds the SPTE present.         *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Revision,         \* the revision's name, a label for traces and reports: no action
                      \* reads it; what a revision does is the switches below
    Actors,           \* the concurrent actors this config runs (see AllActors)
    Vcpus,            \* vCPU threads
    Pfns,             \* physical pages the allocator can hand out
    NoPfn,            \* no page
    NPages,           \* size of the file, in pages
    Slots,            \* memslot ids
    SlotBase,         \* [Slots -> gfn]: memslot->base_gfn
    SlotPages,        \* [Slots -> Nat]: memslot->npages
    NGfns,            \* guest frames 0 .. NGfns-1
    InitBound,        \* memslots created and bound at pgoff 0 before the race
    VmHasPrivateMem,  \* kvm_arch_has_private_mem(): memory attributes exist
    InitPrivate,      \* gfns set private before the race (KVM_SET_MEMORY_ATTRIBUTES at boot)
    GmemFlags,        \* guest_memfd flags (6.18): subset of {"MMAP", "INIT_SHARED"}
    PageSize,         \* bytes per page; any value >= 2 shows the v9 unit mismatch
    MaxSeq            \* invalidation budget: no invalidation starts once
                      \* mmu_invalidate_seq reaches it

(***************************************************************************)
(* Revision switches. A revision is a named set of values for these, kept  *)
(* in revisions.json beside this spec and written into each cfg; the Java  *)
(* model reads the same values. The actions test switches, never a         *)
(* revision's name, so a revision that recombines them needs no edit here. *)
(***************************************************************************)
CONSTANTS
    Backing,                    \* the private-memory file: "memfd_restricted" (v9 notifiers),
                                \*   "restrictedmem" (the bindings shim), "guest_memfd"
    NotifierUnit,               \* what the invalidation range is in: "pgoff_t", or "loff_t"
                                \*   (v9 restrictedmem_fallocate() passes byte offsets)
    BindingsLockedAcrossPunch,  \* the bindings are stable from invalidate begin to end: the punch
                                \*   holds filemap_invalidate_lock (guest_memfd), rm->lock (shim)
    UnbindRemovesDying,         \* kvm_gmem_unbind() of a dying file removes its bindings (ae431059e75d)
    UnbindAlwaysTakesInvalidateLock, \* it removes them under filemap_invalidate_lock() (kvm-x86
                                \*   5e38e1bd4e7b); FALSE: a dying file's without it (ae431059e75d)
    BindOverlapErrno,           \* kvm_gmem_bind() of a range already bound: "-EINVAL", or "-EEXIST"
                                \*   (kvm-x86 5e38e1bd4e7b)
    GmemSupportedFlags,         \* kvm_gmem_get_supported_flags(): the guest_memfd flags that exist
    GmemInvalidateFilter,       \* kvm_gfn_range.attr_filter of a guest_memfd invalidation: "none"
                                \*   (6.8), "private" (the TDX series), "by_init_shared" (5d3341d684be:
                                \*   SHARED for an INIT_SHARED file, else PRIVATE)
    AttrZapFilter,              \* what kvm_arch_pre_set_memory_attributes() zaps: "all" (6.8), or
                                \*   "converted" (the mappings of the kind being converted away)
    RetryCheck,                 \* is_page_fault_stale() calls mmu_invalidate_retry_gfn()
    InvalidateBeforeTruncate,   \* the punch begins the invalidation (and zaps) before it truncates
                                \*   the file, then ends it; FALSE: it truncates first
    ErrorFolioTakesInvalidateLock \* kvm_gmem_error_folio() takes filemap_invalidate_lock_shared()
                                \*   under the folio lock memory_failure() holds (6.8 onwards);
                                \*   FALSE: it queues the invalidation on a work item that runs
                                \*   after the folio is unlocked (the -fix revision)

AllActors == {"fault", "punch", "allocate", "bind", "attributes", "release",
              "memory_failure", "host_fault", "populate"}

ASSUME Actors \subseteq AllActors
ASSUME NPages \in Nat \ {0} /\ NGfns \in Nat \ {0} /\ PageSize >= 2 /\ MaxSeq \in Nat
ASSUME NoPfn \notin Pfns
ASSUME InitBound \subseteq Slots /\ InitPrivate \subseteq 0 .. NGfns - 1
ASSUME GmemFlags \subseteq {"MMAP", "INIT_SHARED"}
\* A host mapping holds a file reference, so the file is not released while
\* one exists; no config runs the two actors together.
ASSUME ~({"release", "host_fault"} \subseteq Actors)
ASSUME \A s \in Slots : SlotPages[s] \in 1 .. NPages /\ SlotBase[s] + SlotPages[s] <= NGfns
ASSUME Backing \in {"memfd_restricted", "restrictedmem", "guest_memfd"}
ASSUME NotifierUnit \in {"pgoff_t", "loff_t"}
ASSUME \A b \in {BindingsLockedAcrossPunch, UnbindRemovesDying, UnbindAlwaysTakesInvalidateLock,
                 RetryCheck, InvalidateBeforeTruncate, ErrorFolioTakesInvalidateLock} :
           b \in BOOLEAN
ASSUME GmemSupportedFlags \subseteq {"MMAP", "INIT_SHARED"}
ASSUME GmemInvalidateFilter \in {"none", "private", "by_init_shared"}
ASSUME AttrZapFilter \in {"all", "converted"}
ASSUME BindOverlapErrno \in {"-EINVAL", "-EEXIST"}
\* A dying file's unbind takes the lock only in a revision where it removes the bindings.
ASSUME UnbindAlwaysTakesInvalidateLock => UnbindRemovesDying
\* kvm_gmem_create() refuses a flag the revision does not support.
ASSUME GmemFlags \subseteq GmemSupportedFlags
\* v9 has no lock to hold across the punch: data->lock guards one notifier walk.
ASSUME BindingsLockedAcrossPunch => Backing # "memfd_restricted"

-----------------------------------------------------------------------------
(* What follows from the switches.                                         *)

IsV9 == Backing = "memfd_restricted"
IsShim == Backing = "restrictedmem"
IsGmem == Backing = "guest_memfd"

\* The notifiers' range is [offset, offset + len) in NotifierUnit: v9's
\* loff_t offsets reach notifiers that take pgoff_t (seed 002; "That's
\* correct. Thanks.").
NotifierScale == IF NotifierUnit = "loff_t" THEN PageSize ELSE 1

\* A memslot bound to an MMAP-capable guest_memfd is KVM_MEMSLOT_GMEM_ONLY:
\* shared faults go through guest_memfd too (6.18).
GmemOnly == "MMAP" \in GmemFlags

\* The attr_filter of a guest_memfd invalidation. The model's zap honours the
\* filter as a filter-aware MMU (TDX) does; x86 without TDX zaps all roots
\* regardless.
GmemFilter ==
    CASE GmemInvalidateFilter = "none"             -> "all"
      [] GmemInvalidateFilter = "private"          -> "private"
      [] "INIT_SHARED" \in GmemFlags               -> "shared"
      [] OTHER                                     -> "private"

\* kvm_arch_pre_set_memory_attributes() on a conversion to a.
AttrFilter(a) == IF AttrZapFilter = "converted" THEN (IF a = "private" THEN "shared" ELSE "private")
                 ELSE "all"

-----------------------------------------------------------------------------
Gfns == 0 .. NGfns - 1
Idx == 0 .. NPages - 1
NoSlot == 0
NoBinding == -1
INVALID_GPA == -1
NoSpte == [pfn |-> NoPfn, private |-> FALSE]
HvaPfn == "hva"   \* a page of the host mapping at userspace_addr (not guest_memfd)

\* What a step returns: the kernel function and its value or errno.
NoRet == [fn |-> "none", val |-> "none"]

VARIABLES
    folios,                        \* the file's page cache: index -> pfn or NoPfn
    hwpoison,                      \* pfns with PG_hwpoison set (memory_failure)
    user_alloc,                    \* indices userspace allocated (fallocate, or a host mmap touch)
    host_pte,                      \* 6.18 host mmap: index -> pfn mapped by a user PTE
    file_state,                    \* the file: "open", "dying" (last fput, release pending), "released"
    invalidate_lock,               \* filemap_invalidate_lock (guest_memfd), rm->lock (shim): held by the
                                   \* punch, or by kvm_gmem_populate() (slots_lock = "populate")
    slots_lock,                    \* kvm->slots_lock holder: "none", "memslot", "attributes"
    memslot,                       \* per memslot id: "none", "active", "invalid" (being deleted), "freed"
    gmem_pgoff,                    \* slot->gmem.pgoff while the file's bindings map it, else NoBinding
    gmem_file,                     \* slot->gmem.file # NULL
    mmu_invalidate_seq,            \* kvm->mmu_invalidate_seq
    mmu_invalidate_in_progress,    \* kvm->mmu_invalidate_in_progress
    mmu_invalidate_range_start,    \* kvm->mmu_invalidate_range_start (gfn, INVALID_GPA)
    mmu_invalidate_range_end,      \* kvm->mmu_invalidate_range_end
    spte,                          \* gfn -> [pfn, private] of the installed SPTE, or NoSpte
    attributes,                    \* kvm->mem_attr_array: gfn -> "shared" | "private"
    hva_populated,                 \* gfns whose host page at userspace_addr exists
    vcpu_pc,                       \* where each vCPU's page fault is
    fault,                         \* each vCPU's struct kvm_page_fault: gfn, is_private, slot, mmu_seq, pfn
    punch_pc,                      \* where the hole punch is
    punch,                         \* its range [start, end) in pages
    attr_pc,                       \* where KVM_SET_MEMORY_ATTRIBUTES is
    attr_req,                      \* its gfn and attribute
    mf_pc,                         \* where memory_failure() is
    mf_index,                      \* the file index of the poisoned folio
    populate_pc,                   \* where kvm_gmem_populate() is
    populate_index,                \* the file index it populates
    alloc_pc,                      \* where kvm_gmem_allocate() is: "get_folio" while it waits for a folio
    alloc_index,                   \* the file index it waits for
    kasan,                         \* KASAN has reported a use-after-free of a memslot
    ret                            \* output of the last step: [fn, val]

fileVars == <<folios, hwpoison, user_alloc, host_pte, file_state, invalidate_lock>>
slotVars == <<slots_lock, memslot, gmem_pgoff, gmem_file>>
mmuVars == <<mmu_invalidate_seq, mmu_invalidate_in_progress,
             mmu_invalidate_range_start, mmu_invalidate_range_end, spte>>
kvmVars == <<attributes, hva_populated>>
vcpuVars == <<vcpu_pc, fault>>
actorVars == <<punch_pc, punch, attr_pc, attr_req, mf_pc, mf_index, kasan, populate_pc, populate_index,
              alloc_pc, alloc_index>>
vars == <<fileVars, slotVars, mmuVars, kvmVars, vcpuVars, actorVars, ret>>

\* ret is an output: no action reads it. The invalidation range is read only
\* while mmu_invalidate_in_progress # 0, and the begin that raises it from 0
\* resets it, so its value at 0 does not change any future either. TLC
\* fingerprints this view (VIEW in the safety cfgs).
RangeView == IF mmu_invalidate_in_progress = 0 THEN <<>>
             ELSE <<mmu_invalidate_range_start, mmu_invalidate_range_end>>
View == <<fileVars, slotVars, mmu_invalidate_seq, mmu_invalidate_in_progress, RangeView,
          spte, kvmVars, vcpuVars, actorVars>>

VcpuPcs == {"idle", "retry", "snapshot", "attr_check", "get_pfn", "lock", "check", "map"}
PunchPcs == {"idle", "lock", "begin", "truncate", "folio_lock", "end", "unlock"}
MfPcs == {"idle", "error_folio", "error_folio_end", "work", "work_end"}
NoFault == [gfn |-> 0, is_private |-> FALSE, slot |-> NoSlot, mmu_seq |-> 0, pfn |-> NoPfn]

TypeOK ==
    /\ folios \in [Idx -> Pfns \cup {NoPfn}]
    /\ hwpoison \subseteq Pfns
    /\ user_alloc \subseteq Idx
    /\ host_pte \in [Idx -> Pfns \cup {NoPfn}]
    /\ file_state \in {"open", "dying", "released"}
    /\ invalidate_lock \in BOOLEAN
    /\ slots_lock \in {"none", "memslot", "attributes", "populate"}
    /\ memslot \in [Slots -> {"none", "active", "invalid", "freed"}]
    /\ gmem_pgoff \in [Slots -> {NoBinding} \cup Idx]
    /\ gmem_file \in [Slots -> BOOLEAN]
    /\ mmu_invalidate_seq \in Nat
    /\ mmu_invalidate_in_progress \in Int
    /\ mmu_invalidate_range_start \in {INVALID_GPA} \cup 0 .. NGfns
    /\ mmu_invalidate_range_end \in {INVALID_GPA} \cup 0 .. NGfns
    /\ spte \in [Gfns -> [pfn : Pfns \cup {NoPfn, HvaPfn}, private : BOOLEAN]]
    /\ attributes \in [Gfns -> {"shared", "private"}]
    /\ hva_populated \subseteq Gfns
    /\ vcpu_pc \in [Vcpus -> VcpuPcs]
    /\ fault \in [Vcpus -> [gfn : Gfns, is_private : BOOLEAN, slot : {NoSlot} \cup Slots,
                             mmu_seq : Nat, pfn : Pfns \cup {NoPfn, HvaPfn}]]
    /\ punch_pc \in PunchPcs
    /\ punch \in [start : Idx, end : 1 .. NPages]
    /\ attr_pc \in {"idle", "pre", "store", "post"}
    /\ attr_req \in [gfn : Gfns, attr : {"shared", "private"}]
    /\ mf_pc \in MfPcs
    /\ mf_index \in Idx
    /\ populate_pc \in {"idle", "get_folio"}
    /\ populate_index \in Idx
    /\ alloc_pc \in {"idle", "get_folio"}
    /\ alloc_index \in Idx
    /\ kasan \in BOOLEAN
    /\ ret \in [fn : STRING, val : STRING]

-----------------------------------------------------------------------------
(* Helpers.                                                                *)

Bound(s) == gmem_pgoff[s] # NoBinding
SlotGfns(s) == SlotBase[s] .. SlotBase[s] + SlotPages[s] - 1
BindRange(s) == gmem_pgoff[s] .. gmem_pgoff[s] + SlotPages[s] - 1
GmemIndex(s, g) == g - SlotBase[s] + gmem_pgoff[s]
GfnOf(s, i) == SlotBase[s] + i - gmem_pgoff[s]

\* The memslot KVM finds for a gfn (kvm_vcpu_gfn_to_memslot), or NoSlot.
SlotAt(g) == IF \E s \in Slots : memslot[s] \in {"active", "invalid"} /\ g \in SlotGfns(s)
             THEN CHOOSE s \in Slots : memslot[s] \in {"active", "invalid"} /\ g \in SlotGfns(s)
             ELSE NoSlot

\* The gfns of bound slot s whose file index is in [start, end) (pgoff_t):
\* kvm_gmem_invalidate_begin's and kvm_restrictedmem_invalidate_begin's
\* clamping of the range to the binding.
Hit(s, start, end) == {GfnOf(s, i) : i \in BindRange(s) \cap start .. end - 1}
Hits(start, end) == {s \in Slots : Bound(s) /\ Hit(s, start, end) # {}}

\* Pages in use: held by the file, by a fault in flight (its reference), by
\* a host PTE, or isolated after a memory failure. An SPTE holds no
\* reference: KVM does not pin guest_memfd pages.
InUse == {folios[i] : i \in Idx} \cup {fault[v].pfn : v \in Vcpus}
         \cup {host_pte[i] : i \in Idx} \cup hwpoison
FreePfns == Pfns \ InUse

IsPrivate(g) == VmHasPrivateMem /\ attributes[g] = "private"

\* The folio lock of index i is held across steps only by memory_failure(),
\* from its folio_lock() (mm/memory-failure.c) to the folio_unlock() after
\* error_remove_folio. Every other path locks a folio and unlocks it within
\* one step of its own (kvm_gmem_get_folio()'s FGP_LOCK, truncation's
\* per-folio lock, the host fault's lock until finish_fault()), so such a step
\* is enabled only while the folio is unlocked: it waits for the lock.
FolioLocked(i) == mf_pc \in {"error_folio", "error_folio_end"} /\ mf_index = i

\* mmu_lock is held for write only inside atomic steps, which therefore
\* need it free of readers; a fault holds it for read from its lock step
\* to its map or retry.
\* The invalidate lock's rw_semaphore (kernel/locking/rwsem.c). Across steps
\* it is held exclusive by the punch and populate (invalidate_lock), and
\* shared by kvm_gmem_allocate() while kvm_gmem_get_folio() waits for a
\* folio (AllocReadHeld) and by kvm_gmem_error_folio() (the fix: its work
\* item) between its invalidate begin and end (MfReadHeld). A punch that
\* finds it read-held queues (punch_pc "lock"); while it waits,
\* rwsem_down_read_slowpath() queues a new reader
\* behind it, since the lock is reader-owned with rcnt > 1 (no lock
\* stealing). A reader that finds no reader holding it may take it past a
\* waiting writer (stealing without RWSEM_FLAG_HANDOFF), and the other
\* writers (bind, unbind, release, populate), which do not queue here, wait
\* until it is free: both allow more behaviours than the kernel's FIFO
\* hand-off, never fewer blocked states that matter for a cycle through the
\* queued punch.
AllocReadHeld == alloc_pc = "get_folio"
MfReadHeld == mf_pc \in {"error_folio_end", "work_end"}
ReadHeld == AllocReadHeld \/ MfReadHeld
WriterQueued == punch_pc = "lock"
ReadLockFree == ~invalidate_lock /\ ~(WriterQueued /\ ReadHeld)
WriteLockFree == ~invalidate_lock /\ ~ReadHeld

MmuLockFree == \A v \in Vcpus : vcpu_pc[v] \notin {"check", "map"}

Budget == mmu_invalidate_seq < MaxSeq

\* kvm_mmu_invalidate_begin() (which resets the range when it raises the
\* count from 0) followed by kvm_mmu_invalidate_range_add() over gfns gs.
RangeAdd(gs, begun) ==
    LET lo == CHOOSE g \in gs : \A h \in gs : g <= h
        hi == (CHOOSE g \in gs : \A h \in gs : g >= h) + 1
        fresh == begun /\ mmu_invalidate_in_progress = 0
        s0 == IF fresh THEN INVALID_GPA ELSE mmu_invalidate_range_start
        e0 == IF fresh THEN INVALID_GPA ELSE mmu_invalidate_range_end
    IN /\ mmu_invalidate_range_start' = IF s0 = INVALID_GPA \/ lo < s0 THEN lo ELSE s0
       /\ mmu_invalidate_range_end' = IF e0 = INVALID_GPA \/ hi > e0 THEN hi ELSE e0

FilterAdmits(f, private) == f = "all" \/ (f = "private" /\ private) \/ (f = "shared" /\ ~private)

\* kvm_unmap_gfn_range() / kvm_arch_flush_shadow_memslot(): drop the SPTEs of gs.
Zap(gs, f) == [g \in Gfns |-> IF g \in gs /\ FilterAdmits(f, spte[g].private) THEN NoSpte ELSE spte[g]]

\* One write-locked section that begins an invalidation over the gfns gs
\* (n begins: 1 for guest_memfd and the shim, one per slot for v9), adds
\* the range and zaps. Nothing when gs is empty (no binding intersects).
BeginZap(n, gs, f) ==
    IF gs = {} THEN UNCHANGED mmuVars
    ELSE /\ mmu_invalidate_in_progress' = mmu_invalidate_in_progress + n
         /\ RangeAdd(gs, TRUE)
         /\ spte' = Zap(gs, f)
         /\ UNCHANGED mmu_invalidate_seq

\* kvm_mmu_invalidate_end(), n times.
End(n) ==
    /\ mmu_invalidate_seq' = mmu_invalidate_seq + n
    /\ mmu_invalidate_in_progress' = mmu_invalidate_in_progress - n
    /\ UNCHANGED <<mmu_invalidate_range_start, mmu_invalidate_range_end, spte>>

\* The notifier range of a punch, in the unit the revision passes.
NStart == punch.start * NotifierScale
NEnd == punch.end * NotifierScale

\* The begin and end of one invalidation over [start, end): guest_memfd and
\* the shim begin once for the file (on the first intersecting binding); v9
\* calls each slot's notifier, and each intersecting slot begins.
Begins(start, end) == IF Hits(start, end) = {} THEN 0
                      ELSE IF IsV9 THEN Cardinality(Hits(start, end)) ELSE 1
HitGfns(start, end) == UNION {Hit(s, start, end) : s \in Hits(start, end)}

Return(fn, val) == ret' = [fn |-> fn, val |-> val]

-----------------------------------------------------------------------------
Init ==
    /\ folios = [i \in Idx |-> NoPfn]
    /\ hwpoison = {}
    /\ user_alloc = {}
    /\ host_pte = [i \in Idx |-> NoPfn]
    /\ file_state = "open"
    /\ invalidate_lock = FALSE
    /\ slots_lock = "none"
    /\ memslot = [s \in Slots |-> IF s \in InitBound THEN "active" ELSE "none"]
    /\ gmem_pgoff = [s \in Slots |-> IF s \in InitBound THEN 0 ELSE NoBinding]
    /\ gmem_file = [s \in Slots |-> s \in InitBound]
    /\ mmu_invalidate_seq = 0
    /\ mmu_invalidate_in_progress = 0
    /\ mmu_invalidate_range_start = INVALID_GPA
    /\ mmu_invalidate_range_end = INVALID_GPA
    /\ spte = [g \in Gfns |-> NoSpte]
    /\ attributes = [g \in Gfns |-> IF VmHasPrivateMem /\ g \in InitPrivate THEN "private" ELSE "shared"]
    /\ hva_populated = {}
    /\ vcpu_pc = [v \in Vcpus |-> "idle"]
    /\ fault = [v \in Vcpus |-> NoFault]
    /\ punch_pc = "idle"
    /\ punch = [start |-> 0, end |-> 1]
    /\ attr_pc = "idle"
    /\ attr_req = [gfn |-> 0, attr |-> "shared"]
    /\ mf_pc = "idle"
    /\ mf_index = 0
    /\ populate_pc = "idle"
    /\ populate_index = 0
    /\ alloc_pc = "idle"
    /\ alloc_index = 0
    /\ kasan = FALSE
    /\ ret = NoRet

-----------------------------------------------------------------------------
(* The vCPU page fault (kvm_mmu_do_page_fault -> kvm_mmu_faultin_pfn ->    *)
(* kvm_tdp_mmu_page_fault), one step per unlocked read or lock point.      *)

SetPc(v, pc) == vcpu_pc' = [vcpu_pc EXCEPT ![v] = pc]
\* A fault that ends: back to the guest or out to userspace.
FaultDone(v) == /\ SetPc(v, "idle") /\ fault' = [fault EXCEPT ![v] = NoFault]
\* RET_PF_RETRY: the reference is dropped and the guest re-executes the
\* access, which faults again on the same gfn.
FaultRetry(v) == /\ SetPc(v, "retry") /\ fault' = [fault EXCEPT ![v].pfn = NoPfn]

\* kvm_mmu_do_page_fault(): a guest access to gfn g without an SPTE, or the
\* re-execution after RET_PF_RETRY. A SW_PROTECTED VM derives is_private
\* from the attributes here; the memslot lookup happens here too.
KvmMmuDoPageFault(v, g) ==
    /\ "fault" \in Actors
    /\ \/ vcpu_pc[v] = "idle" /\ spte[g] = NoSpte
       \/ vcpu_pc[v] = "retry" /\ g = fault[v].gfn
    /\ SetPc(v, "snapshot")
    /\ fault' = [fault EXCEPT ![v] = [NoFault EXCEPT !.gfn = g, !.is_private = IsPrivate(g),
                                                    !.slot = SlotAt(g)]]
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, kvmVars, actorVars>>

\* kvm_mmu_faultin_pfn(): fault->mmu_seq = kvm->mmu_invalidate_seq; smp_rmb().
FaultSnapshotSeq(v) ==
    /\ vcpu_pc[v] = "snapshot"
    /\ SetPc(v, "attr_check")
    /\ fault' = [fault EXCEPT ![v].mmu_seq = mmu_invalidate_seq]
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, kvmVars, actorVars>>

\* The private/shared check against the attributes (no lock), then the slot
\* checks: no memslot -> emulated MMIO; a memslot being deleted
\* (KVM_MEMSLOT_INVALID) -> RET_PF_RETRY.
FaultCheckAttributes(v) ==
    /\ vcpu_pc[v] = "attr_check"
    /\ LET f == fault[v] IN
       CASE f.is_private # IsPrivate(f.gfn) ->
              /\ FaultDone(v) /\ Return("kvm_mmu_faultin_pfn", "KVM_EXIT_MEMORY_FAULT")
         [] f.slot = NoSlot ->
              /\ FaultDone(v) /\ Return("kvm_mmu_faultin_pfn", "KVM_EXIT_MMIO")
         [] memslot[f.slot] = "invalid" ->
              /\ FaultRetry(v) /\ Return("kvm_mmu_faultin_pfn", "RET_PF_RETRY")
         [] OTHER ->
              /\ SetPc(v, "get_pfn") /\ ret' = NoRet /\ UNCHANGED fault
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, kvmVars, actorVars>>

UsesGmem(f) == f.is_private \/ GmemOnly

\* kvm_gmem_get_pfn() (v9/shim: restrictedmem_get_page(SGP_WRITE)), without
\* the invalidate lock or mmu_lock: p is the page it returns (NoPfn on
\* error). A missing folio is allocated (filemap_grab_folio / SGP_WRITE) from
\* the free pool. kvm_gmem_get_folio() locks the folio (FGP_LOCK), so the
\* step waits while memory_failure() holds it; the hwpoison check is made
\* under that lock.
KvmGmemGetPfn(v, p) ==
    /\ vcpu_pc[v] = "get_pfn"
    /\ UsesGmem(fault[v])
    /\ LET f == fault[v]
           s == f.slot
           i == GmemIndex(s, f.gfn)
           ok(q) == /\ SetPc(v, "lock") /\ fault' = [fault EXCEPT ![v].pfn = q]
                    /\ Return("kvm_gmem_get_pfn", "0")
           \* v9 turns every error into RET_PF_RETRY; guest_memfd exits to userspace.
           err(e) == /\ p = NoPfn
                     /\ IF IsV9 THEN FaultRetry(v) ELSE FaultDone(v)
                     /\ Return("kvm_gmem_get_pfn", e)
       IN /\ CASE IsGmem /\ (~gmem_file[s] \/ file_state # "open") ->
                    /\ err("-EFAULT") /\ UNCHANGED folios
               [] ~Bound(s) ->
                    /\ err("-EIO") /\ UNCHANGED folios
               [] FolioLocked(i) ->
                    FALSE
               [] folios[i] # NoPfn /\ folios[i] \in hwpoison ->
                    /\ err("-EHWPOISON") /\ UNCHANGED folios
               [] folios[i] # NoPfn ->
                    /\ p = folios[i] /\ ok(p) /\ UNCHANGED folios
               [] FreePfns = {} ->
                    /\ err("-ENOMEM") /\ UNCHANGED folios
               [] OTHER ->
                    /\ p \in FreePfns /\ ok(p) /\ folios' = [folios EXCEPT ![i] = p]
    /\ UNCHANGED <<hwpoison, user_alloc, host_pte, file_state, invalidate_lock,
                   slotVars, mmuVars, kvmVars, actorVars>>

\* hva_to_pfn(): a shared fault on a slot that is not guest_memfd-only maps
\* the host page at userspace_addr (populated on first touch). Host pages
\* are outside this protocol (the mmu_notifier guards them).
HvaToPfn(v) ==
    /\ vcpu_pc[v] = "get_pfn"
    /\ ~UsesGmem(fault[v])
    /\ SetPc(v, "lock")
    /\ fault' = [fault EXCEPT ![v].pfn = HvaPfn]
    /\ hva_populated' = hva_populated \cup {fault[v].gfn}
    /\ Return("hva_to_pfn", "0")
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, attributes, actorVars>>

\* kvm_tdp_mmu_page_fault(): read_lock(&kvm->mmu_lock).
FaultTakeMmuLock(v) ==
    /\ vcpu_pc[v] = "lock"
    /\ SetPc(v, "check")
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, kvmVars, fault, actorVars>>

\* is_page_fault_stale() -> mmu_invalidate_retry_gfn(kvm, fault->mmu_seq, gfn).
RetryGfn(f) ==
    \/ mmu_invalidate_in_progress # 0
       /\ \/ mmu_invalidate_range_start = INVALID_GPA
          \/ mmu_invalidate_range_start <= f.gfn /\ f.gfn < mmu_invalidate_range_end
    \/ mmu_invalidate_seq # f.mmu_seq

IsPageFaultStale(v) ==
    /\ vcpu_pc[v] = "check"
    /\ IF RetryCheck /\ RetryGfn(fault[v])
       THEN /\ FaultRetry(v)
            /\ Return("is_page_fault_stale", "RET_PF_RETRY")
       ELSE /\ SetPc(v, "map")
            /\ ret' = NoRet
            /\ UNCHANGED fault
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, kvmVars, actorVars>>

\* kvm_tdp_mmu_map(): install the SPTE, read_unlock, drop the page reference.
KvmTdpMmuMap(v) ==
    /\ vcpu_pc[v] = "map"
    /\ LET f == fault[v] IN
       IF spte[f.gfn] = NoSpte
       THEN /\ spte' = [spte EXCEPT ![f.gfn] = [pfn |-> f.pfn, private |-> f.is_private]]
            /\ Return("kvm_tdp_mmu_map", "RET_PF_FIXED")
       ELSE /\ UNCHANGED spte
            /\ Return("kvm_tdp_mmu_map", "RET_PF_SPURIOUS")
    /\ FaultDone(v)
    /\ UNCHANGED <<fileVars, slotVars, mmu_invalidate_seq, mmu_invalidate_in_progress,
                   mmu_invalidate_range_start, mmu_invalidate_range_end, kvmVars, actorVars>>

-----------------------------------------------------------------------------
(* Hole punch: kvm_gmem_punch_hole() (guest_memfd), restrictedmem_punch_   *)
(* hole() (shim), restrictedmem_fallocate() (v9). Every revision here      *)
(* begins the invalidation, truncates, then ends it; with                  *)
(* InvalidateBeforeTruncate = FALSE the truncation comes first (a patch    *)
(* that frees the pages before KVM has zapped the SPTEs mapping them).     *)

\* Entry, taking filemap_invalidate_lock (shim: down_read(&rm->lock); v9
\* takes no lock across the punch). The fd holds a file reference.
PunchEntry(off, len) ==
    /\ "punch" \in Actors
    /\ off + len <= NPages
    /\ punch_pc = "idle" /\ file_state = "open" /\ Budget
    /\ BindingsLockedAcrossPunch => ~invalidate_lock
    /\ IF IsGmem /\ ReadHeld
       THEN /\ punch_pc' = "lock" /\ UNCHANGED invalidate_lock
       ELSE /\ invalidate_lock' = BindingsLockedAcrossPunch
            /\ punch_pc' = IF InvalidateBeforeTruncate THEN "begin" ELSE "truncate"
    /\ punch' = [start |-> off, end |-> off + len]
    /\ ret' = NoRet
    /\ UNCHANGED <<folios, hwpoison, user_alloc, host_pte, file_state, slotVars, mmuVars,
                   kvmVars, vcpuVars, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

KvmGmemPunchHole(off, len) == IsGmem /\ PunchEntry(off, len)

\* filemap_invalidate_lock() of a queued punch, once the reader is gone
\* (rwsem_down_write_slowpath(): the first waiter takes the lock).
FilemapInvalidateLock ==
    /\ punch_pc = "lock" /\ WriteLockFree
    /\ invalidate_lock' = TRUE
    /\ punch_pc' = IF InvalidateBeforeTruncate THEN "begin" ELSE "truncate"
    /\ ret' = NoRet
    /\ UNCHANGED <<folios, hwpoison, user_alloc, host_pte, file_state, slotVars, mmuVars, kvmVars,
                   vcpuVars, punch, attr_pc, attr_req, mf_pc, mf_index, kasan, populate_pc, populate_index,
                   alloc_pc, alloc_index>>
RestrictedmemPunchHole(off, len) == IsShim /\ PunchEntry(off, len)
RestrictedmemFallocate(off, len) == IsV9 /\ PunchEntry(off, len)

\* Invalidate begin over the bindings the notifier range intersects, one
\* write-locked section (v9: one per notifier; the list walk holds
\* data->lock, so the notifier list is stable within it).
PunchBegin ==
    /\ punch_pc = "begin" /\ MmuLockFree
    /\ BeginZap(Begins(NStart, NEnd), HitGfns(NStart, NEnd), GmemFilter)
    /\ punch_pc' = IF InvalidateBeforeTruncate THEN "truncate" ELSE "end"
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, kvmVars, vcpuVars, punch, attr_pc, attr_req,
                   mf_pc, mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

KvmGmemInvalidateBegin == IsGmem /\ PunchBegin
KvmRestrictedmemInvalidateBegin == ~IsGmem /\ PunchBegin

\* truncate_inode_pages_range() (v9/shim: shmem_undo_range() under shmem's
\* fallocate(PUNCH_HOLE)) removes the folios (their pages return to the pool
\* unless a fault holds a reference) and unmaps host PTEs under each folio's
\* lock. Its first pass (find_lock_entries()) trylocks each folio and skips a
\* locked one; the second pass folio_lock()s each folio left and waits for it
\* (mm/truncate.c; shmem_undo_range() has the same two passes). With no folio
\* of the range locked the two passes are one step, as no other task can
\* tell them apart; otherwise the punch removes the rest and waits in
\* folio_lock() (punch_pc "folio_lock").
PunchRemove(r) ==
    /\ folios' = [i \in Idx |-> IF i \in r THEN NoPfn ELSE folios[i]]
    /\ host_pte' = [i \in Idx |-> IF i \in r THEN NoPfn ELSE host_pte[i]]
    /\ user_alloc' = user_alloc \ r
PunchRange == punch.start .. punch.end - 1
AfterTruncate == IF InvalidateBeforeTruncate THEN "end" ELSE "begin"

PunchTruncate ==
    /\ punch_pc = "truncate"
    /\ LET locked == {i \in PunchRange : FolioLocked(i)} IN
       /\ PunchRemove(PunchRange \ locked)
       /\ punch_pc' = IF locked = {} THEN AfterTruncate ELSE "folio_lock"
    /\ ret' = NoRet
    /\ UNCHANGED <<hwpoison, file_state, invalidate_lock, slotVars, mmuVars, kvmVars,
                   vcpuVars, punch, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

\* The second pass once the folio lock it waits for is free: truncate_inode_
\* folio() on every folio of the range, those added since the first pass
\* included (a guest fault allocates without the invalidate lock).
TruncateInodeFolio ==
    /\ punch_pc = "folio_lock"
    /\ \A i \in PunchRange : ~FolioLocked(i)
    /\ PunchRemove(PunchRange)
    /\ punch_pc' = AfterTruncate
    /\ ret' = NoRet
    /\ UNCHANGED <<hwpoison, file_state, invalidate_lock, slotVars, mmuVars, kvmVars,
                   vcpuVars, punch, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

TruncateInodePagesRange == IsGmem /\ PunchTruncate
ShmemFallocate == ~IsGmem /\ PunchTruncate

\* Invalidate end if a binding intersects now (v9: each notifier now on the
\* list whose slot intersects). v9 returns here: it holds no lock.
PunchEnd ==
    /\ punch_pc = "end" /\ MmuLockFree
    /\ End(Begins(NStart, NEnd))
    /\ IF IsV9
       THEN /\ punch_pc' = "idle"
            /\ Return("restrictedmem_fallocate", "0")
       ELSE /\ punch_pc' = "unlock"
            /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, kvmVars, vcpuVars, punch, attr_pc, attr_req,
                   mf_pc, mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

KvmGmemInvalidateEnd == IsGmem /\ PunchEnd
KvmRestrictedmemInvalidateEnd == ~IsGmem /\ PunchEnd

\* filemap_invalidate_unlock() (shim: up_read(&rm->lock)); fallocate returns 0.
PunchUnlock(fn) ==
    /\ punch_pc = "unlock"
    /\ invalidate_lock' = FALSE
    /\ punch_pc' = "idle"
    /\ Return(fn, "0")
    /\ UNCHANGED <<folios, hwpoison, user_alloc, host_pte, file_state, slotVars, mmuVars,
                   kvmVars, vcpuVars, punch, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

FilemapInvalidateUnlock == IsGmem /\ PunchUnlock("kvm_gmem_punch_hole")
RestrictedmemUpRead == IsShim /\ PunchUnlock("restrictedmem_punch_hole")

-----------------------------------------------------------------------------
(* fallocate(mode 0): kvm_gmem_allocate() under filemap_invalidate_lock_   *)
(* shared, one page, whose folio kvm_gmem_get_folio() locks; p is the page *)
(* of index i afterwards. One step when the folio is not locked: the lock  *)
(* excludes punch, bind and unbind for the whole call, and a concurrent    *)
(* fault sees the folio either absent or present. When memory_failure()    *)
(* holds the folio's lock, kvm_gmem_get_folio() sleeps in folio_lock()     *)
(* with the invalidate lock held shared (alloc_pc "get_folio"). Taking     *)
(* the read lock only when it then blocks loses nothing: between the read  *)
(* lock and the folio lock nothing the others can see happens, and a       *)
(* memory_failure() that locks the folio in between is the same state as   *)
(* one that locked it before. v9 also brackets allocation with notifier    *)
(* start/end; those only zap and bump the sequence, and their imbalance    *)
(* under a concurrent bind is punch's.                                     *)
\* kvm_gmem_get_folio() / filemap_grab_folio() of index i with FGP_CREAT on
\* userspace's behalf (fallocate, populate, a host fault): the folio there, else
\* a new one from the free pages, which counts as userspace's allocation; p is
\* the page, NoPfn when none is free. fn returns ok, or oom on -ENOMEM.
GrabFolio(i, p, fn, ok, oom) ==
    CASE folios[i] # NoPfn ->
           /\ p = folios[i] /\ UNCHANGED folios
           /\ user_alloc' = user_alloc \cup {i} /\ Return(fn, ok)
      [] FreePfns = {} ->
           /\ p = NoPfn /\ UNCHANGED <<folios, user_alloc>> /\ Return(fn, oom)
      [] OTHER ->
           /\ p \in FreePfns /\ folios' = [folios EXCEPT ![i] = p]
           /\ user_alloc' = user_alloc \cup {i} /\ Return(fn, ok)

AllocateFolio(i, p) == GrabFolio(i, p, "fallocate", "0", "-ENOMEM")

KvmGmemAllocate(i, p) ==
    /\ "allocate" \in Actors
    /\ alloc_pc = "idle" /\ file_state = "open" /\ ReadLockFree
    /\ IF FolioLocked(i)
       THEN /\ p = NoPfn /\ alloc_pc' = "get_folio" /\ alloc_index' = i /\ ret' = NoRet
            /\ UNCHANGED <<folios, user_alloc>>
       ELSE /\ AllocateFolio(i, p) /\ UNCHANGED <<alloc_pc, alloc_index>>
    /\ UNCHANGED <<hwpoison, host_pte, file_state, invalidate_lock, slotVars, mmuVars,
                   kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   populate_pc, populate_index>>

\* The folio lock is free: kvm_gmem_get_folio() returns it (locked, then
\* unlocked), and filemap_invalidate_unlock_shared(); fallocate returns.
KvmGmemAllocateGetFolio(p) ==
    /\ alloc_pc = "get_folio" /\ ~FolioLocked(alloc_index)
    /\ AllocateFolio(alloc_index, p)
    /\ alloc_pc' = "idle"
    /\ UNCHANGED <<hwpoison, host_pte, file_state, invalidate_lock, slotVars, mmuVars,
                   kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   populate_pc, populate_index, alloc_index>>

-----------------------------------------------------------------------------
(* Memslots: create binds the file (kvm_gmem_bind; shim restrictedmem_     *)
(* bind; v9 restrictedmem_register_notifier), delete invalidates the slot  *)
(* and later unbinds and frees it. Both run under kvm->slots_lock.         *)

\* KVM_SET_USER_MEMORY_REGION2 create: atomic under slots_lock and, for
\* guest_memfd and the shim, the invalidate lock (exclusive); v9 only
\* takes data->lock around list_add. Overlapping bindings -> EINVAL
\* (v9 has no check).
KvmGmemBind(s, pgoff) ==
    /\ "bind" \in Actors
    /\ memslot[s] = "none" /\ slots_lock = "none" /\ file_state = "open"
    /\ pgoff + SlotPages[s] <= NPages
    /\ ~IsV9 => WriteLockFree
    /\ LET overlap == \E t \in Slots : Bound(t) /\ BindRange(t) \cap pgoff .. pgoff + SlotPages[s] - 1 # {}
       IN IF ~IsV9 /\ overlap
          THEN /\ Return("kvm_set_memory_region", BindOverlapErrno)
               /\ UNCHANGED <<memslot, gmem_pgoff, gmem_file>>
          ELSE /\ memslot' = [memslot EXCEPT ![s] = "active"]
               /\ gmem_pgoff' = [gmem_pgoff EXCEPT ![s] = pgoff]
               /\ gmem_file' = [gmem_file EXCEPT ![s] = TRUE]
               /\ Return("kvm_set_memory_region", "0")
    /\ UNCHANGED <<fileVars, slots_lock, mmuVars, kvmVars, vcpuVars, actorVars>>

\* KVM_SET_USER_MEMORY_REGION2 delete, up to kvm_free_memslot(): take
\* slots_lock, mark the slot KVM_MEMSLOT_INVALID, swap the memslots and
\* synchronize_srcu() (no fault that could see the old slot is in flight),
\* then kvm_arch_flush_shadow_memslot() zaps its SPTEs.
KvmSetMemoryRegionDelete(s) ==
    /\ "bind" \in Actors
    /\ memslot[s] = "active" /\ slots_lock = "none"
    /\ \A v \in Vcpus : vcpu_pc[v] \in {"idle", "retry"}
    /\ slots_lock' = "memslot"
    /\ memslot' = [memslot EXCEPT ![s] = "invalid"]
    /\ spte' = Zap(SlotGfns(s), "all")
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, gmem_pgoff, gmem_file, mmu_invalidate_seq, mmu_invalidate_in_progress,
                   mmu_invalidate_range_start, mmu_invalidate_range_end, kvmVars, vcpuVars, actorVars>>

\* kvm_gmem_unbind() of slot s takes the invalidate lock: a live file's
\* binding, or a dying file's where UnbindAlwaysTakesInvalidateLock.
UnbindLocks(s) ==
    ~IsV9 /\ gmem_file[s] /\ (IsGmem /\ file_state # "open" => UnbindAlwaysTakesInvalidateLock)

\* kvm_free_memslot() -> kvm_gmem_unbind(), then kfree(slot) and
\* mutex_unlock(slots_lock). guest_memfd: a file already released
\* (slot->gmem.file NULL) has no bindings left; a dying file
\* (get_file_active() fails) keeps them before ae431059e75d and loses them
\* without the invalidate lock after (torvalds/linux 01f492e1817e too), under
\* it in kvm-x86/linux 5e38e1bd4e7b (UnbindAlwaysTakesInvalidateLock); a live
\* file's under the invalidate lock.
\* v9 restrictedmem_unregister_notifier and the shim's restrictedmem_unbind.
KvmGmemUnbind(s) ==
    /\ memslot[s] = "invalid" /\ slots_lock = "memslot"
    /\ LET keep == IsGmem /\ gmem_file[s] /\ file_state # "open" /\ ~UnbindRemovesDying
       IN /\ UnbindLocks(s) => WriteLockFree
          /\ gmem_pgoff' = IF keep THEN gmem_pgoff ELSE [gmem_pgoff EXCEPT ![s] = NoBinding]
          /\ gmem_file' = IF keep THEN gmem_file ELSE [gmem_file EXCEPT ![s] = FALSE]
    /\ memslot' = [memslot EXCEPT ![s] = "freed"]
    /\ slots_lock' = "none"
    /\ Return("kvm_set_memory_region", "0")
    /\ UNCHANGED <<fileVars, mmuVars, kvmVars, vcpuVars, actorVars>>

-----------------------------------------------------------------------------
(* The file's last reference and kvm_gmem_release().                       *)

\* close(): the last fput; __fput() and so release run later. A punch in
\* flight holds a reference of its own (fdget in fallocate).
FilpClose ==
    /\ "release" \in Actors
    /\ file_state = "open" /\ punch_pc = "idle" /\ alloc_pc = "idle"
    /\ file_state' = "dying"
    /\ Return("close", "0")
    /\ UNCHANGED <<folios, hwpoison, user_alloc, host_pte, invalidate_lock, slotVars, mmuVars,
                   kvmVars, vcpuVars, actorVars>>

\* kvm_gmem_release(): under slots_lock and the invalidate lock, set
\* slot->gmem.file = NULL for every binding (KASAN reports it when the
\* memslot was freed), invalidate begin and end over everything, and
\* destroy the bindings; then the inode is evicted and its pages freed
\* (truncate_inode_pages_final(), which waits for each folio's lock).
\* One step: both locks are held throughout, no page is freed between the
\* begin and the end, and a fault between them would retry exactly as it
\* does after them (the sequence has moved).
KvmGmemRelease ==
    /\ file_state = "dying" /\ slots_lock = "none" /\ WriteLockFree /\ MmuLockFree
    /\ \A i \in Idx : ~FolioLocked(i)
    /\ LET bound == {s \in Slots : Bound(s)}
           gs == UNION {SlotGfns(s) : s \in bound}
       IN /\ kasan' = (kasan \/ \E s \in bound : memslot[s] = "freed")
          /\ gmem_file' = [s \in Slots |-> IF s \in bound THEN FALSE ELSE gmem_file[s]]
          /\ IF gs = {}
             THEN UNCHANGED mmuVars
             ELSE /\ mmu_invalidate_seq' = mmu_invalidate_seq + 1
                  /\ UNCHANGED mmu_invalidate_in_progress
                  /\ RangeAdd(gs, TRUE)
                  /\ spte' = Zap(gs, GmemFilter)
    /\ gmem_pgoff' = [s \in Slots |-> NoBinding]
    /\ file_state' = "released"
    /\ folios' = [i \in Idx |-> NoPfn]
    /\ user_alloc' = {}
    /\ Return("kvm_gmem_release", "0")
    /\ UNCHANGED <<hwpoison, host_pte, invalidate_lock, slots_lock, memslot, kvmVars, vcpuVars,
                   punch_pc, punch, attr_pc, attr_req, mf_pc, mf_index,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

-----------------------------------------------------------------------------
(* KVM_SET_MEMORY_ATTRIBUTES: kvm_vm_set_mem_attributes() under slots_lock *)
(* (pre: begin + range_add + zap; store; post: end), begin and end only    *)
(* when a memslot intersects the gfn.                                      *)

KvmVmSetMemAttributes(g, a) ==
    /\ "attributes" \in Actors /\ VmHasPrivateMem
    /\ attr_pc = "idle" /\ slots_lock = "none" /\ Budget
    /\ IF attributes[g] = a
       THEN /\ Return("kvm_vm_set_mem_attributes", "0")
            /\ UNCHANGED <<slots_lock, attr_pc, attr_req>>
       ELSE /\ slots_lock' = "attributes" /\ attr_pc' = "pre"
            /\ attr_req' = [gfn |-> g, attr |-> a]
            /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, memslot, gmem_pgoff, gmem_file, mmuVars, kvmVars, vcpuVars,
                   punch_pc, punch, mf_pc, mf_index, kasan,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

AttrSlots == {s \in Slots : memslot[s] = "active" /\ attr_req.gfn \in SlotGfns(s)}

\* kvm_handle_gfn_range(pre_set_range): begin on the first slot, then
\* kvm_pre_set_memory_attributes() on each (range_add + arch zap).
KvmPreSetMemoryAttributes ==
    /\ attr_pc = "pre" /\ MmuLockFree
    /\ BeginZap(IF AttrSlots = {} THEN 0 ELSE 1, IF AttrSlots = {} THEN {} ELSE {attr_req.gfn},
                AttrFilter(attr_req.attr))
    /\ attr_pc' = "store"
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, kvmVars, vcpuVars, punch_pc, punch, attr_req,
                   mf_pc, mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

\* xa_store() of the new attribute, outside mmu_lock.
KvmSetMemAttributesStore ==
    /\ attr_pc = "store"
    /\ attributes' = [attributes EXCEPT ![attr_req.gfn] = attr_req.attr]
    /\ attr_pc' = "post"
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, mmuVars, hva_populated, vcpuVars, punch_pc, punch,
                   attr_req, mf_pc, mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

\* kvm_handle_gfn_range(post_set_range): end; unlock slots_lock.
KvmPostSetMemoryAttributes ==
    /\ attr_pc = "post" /\ MmuLockFree
    /\ End(IF AttrSlots = {} THEN 0 ELSE 1)
    /\ attr_pc' = "idle" /\ slots_lock' = "none"
    /\ Return("kvm_vm_set_mem_attributes", "0")
    /\ UNCHANGED <<fileVars, memslot, gmem_pgoff, gmem_file, kvmVars, vcpuVars, punch_pc, punch,
                   attr_req, mf_pc, mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

-----------------------------------------------------------------------------
(* Memory failure on a guest_memfd folio.                                  *)

\* memory_failure() (mm/memory-failure.c): mutex_lock(&mf_mutex),
\* TestSetPageHWPoison(), then folio_lock() before identify_page_state()
\* acts on the page cache: PG_hwpoison is set before the mapping is told, and
\* the folio stays locked until error_remove_folio has returned. One
\* memory_failure() runs at a time (mf_mutex), and the model has one, so
\* mf_mutex is never contended and is not a variable. Its folio_lock() never
\* waits: no other task holds a folio lock from one step to the next.
MemoryFailure(i) ==
    /\ "memory_failure" \in Actors
    /\ mf_pc = "idle" /\ Budget
    /\ folios[i] # NoPfn /\ folios[i] \notin hwpoison
    /\ hwpoison' = hwpoison \cup {folios[i]}
    /\ mf_pc' = "error_folio" /\ mf_index' = i
    /\ ret' = NoRet
    /\ UNCHANGED <<folios, user_alloc, host_pte, file_state, invalidate_lock, slotVars, mmuVars,
                   kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req, kasan,
                   populate_pc, populate_index, alloc_pc, alloc_index>>

\* kvm_gmem_invalidate_begin() over the folio's index, under
\* filemap_invalidate_lock_shared() taken here: for the file, a begin, the
\* range add and the zap in one write-locked section if a binding
\* intersects (__kvm_gmem_invalidate_begin()'s xa_for_each_range()). No
\* truncation: the page stays in the file.
ErrorFolioInvalidateBegin(next) ==
    /\ ReadLockFree /\ MmuLockFree
    /\ BeginZap(Begins(mf_index, mf_index + 1), HitGfns(mf_index, mf_index + 1), GmemFilter)
    /\ mf_pc' = next

\* me_pagecache_clean() -> truncate_error_folio() -> a_ops->error_remove_folio
\* = kvm_gmem_error_folio(), with the folio locked. With
\* ErrorFolioTakesInvalidateLock (6.8 onwards) it takes
\* filemap_invalidate_lock_shared() here, after the folio lock, waits while a
\* punch holds the lock exclusive, and begins; otherwise (the -fix revision)
\* it queues the invalidation on a work item and returns MF_DELAYED at once,
\* and memory_failure() unlocks the folio and mf_mutex.
KvmGmemErrorFolio ==
    /\ mf_pc = "error_folio"
    /\ IF ErrorFolioTakesInvalidateLock
       THEN ErrorFolioInvalidateBegin("error_folio_end") /\ ret' = NoRet
       ELSE /\ mf_pc' = "work" /\ UNCHANGED mmuVars
            /\ Return("kvm_gmem_error_folio", "MF_DELAYED")
    /\ UNCHANGED <<fileVars, slotVars, kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req,
                   mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

\* The fix's work item (kvm_gmem_error_folio_work): with no folio lock held,
\* filemap_invalidate_lock_shared() and the same begin, as mm/filemap.c
\* orders the locks (->invalidate_lock before ->lock_page). The work item
\* pins the inode (ihold()), so it may run after kvm_gmem_release(): the
\* bindings are gone by then and it zaps nothing.
KvmGmemErrorFolioWork ==
    /\ mf_pc = "work"
    /\ ErrorFolioInvalidateBegin("work_end")
    /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, slotVars, kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req,
                   mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

\* kvm_gmem_invalidate_end() of kvm_gmem_error_folio() (or of the work item):
\* an end if a binding intersects the index now (__kvm_gmem_invalidate_end()'s
\* xa_find()), then filemap_invalidate_unlock_shared(). kvm_gmem_error_folio()
\* returns MF_DELAYED and memory_failure() unlocks the folio and mf_mutex. The
\* end tests the bindings afresh: it balances the begin only if no binding of
\* the index was removed in between, which the shared lock ensures against
\* every unbind that takes the lock exclusive.
KvmGmemErrorFolioInvalidateEnd ==
    /\ MfReadHeld /\ MmuLockFree
    /\ End(Begins(mf_index, mf_index + 1))
    /\ mf_pc' = "idle"
    /\ IF mf_pc = "error_folio_end"
       THEN Return("kvm_gmem_error_folio", "MF_DELAYED")
       ELSE Return("kvm_gmem_error_folio_work", "0")
    /\ UNCHANGED <<fileVars, slotVars, kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req,
                   mf_index, kasan, populate_pc, populate_index, alloc_pc, alloc_index>>

-----------------------------------------------------------------------------
(* kvm_gmem_populate() (virt/kvm/guest_memfd.c; SEV-SNP launch update and  *)
(* TDX init-mem-region, which call it with kvm->slots_lock held):          *)
(* filemap_invalidate_lock() (exclusive), then for each page               *)
(* __kvm_gmem_get_pfn() -> kvm_gmem_get_folio() (FGP_LOCK|FGP_CREAT), the  *)
(* hwpoison check, post_populate and folio_put(); one page here. The folio *)
(* is locked and unlocked within the second step, which is also where the  *)
(* invalidate lock and slots_lock are dropped: nothing another task can    *)
(* see happens between folio_unlock() and filemap_invalidate_unlock().     *)

KvmGmemPopulate(i) ==
    /\ "populate" \in Actors
    /\ populate_pc = "idle" /\ file_state = "open" /\ slots_lock = "none" /\ WriteLockFree
    /\ slots_lock' = "populate" /\ invalidate_lock' = TRUE
    /\ populate_pc' = "get_folio" /\ populate_index' = i
    /\ ret' = NoRet
    /\ UNCHANGED <<folios, hwpoison, user_alloc, host_pte, file_state, memslot, gmem_pgoff, gmem_file,
                   mmuVars, kvmVars, vcpuVars, punch_pc, punch, attr_pc, attr_req, mf_pc, mf_index, kasan,
                   alloc_pc, alloc_index>>

\* kvm_gmem_get_folio() waits while memory_failure() holds the folio's lock.
\* A missing folio is allocated (userspace asked for the page: it counts as
\* its allocation); p is the page populated, NoPfn on an error.
KvmGmemGetFolio(p) ==
    /\ populate_pc = "get_folio"
    /\ LET i == populate_index IN
       /\ ~FolioLocked(i)
       /\ IF folios[i] # NoPfn /\ folios[i] \in hwpoison
          THEN /\ p = NoPfn /\ UNCHANGED <<folios, user_alloc>> /\ Return("kvm_gmem_populate", "-EHWPOISON")
          ELSE GrabFolio(i, p, "kvm_gmem_populate", "1", "-ENOMEM")
    /\ slots_lock' = "none" /\ invalidate_lock' = FALSE /\ populate_pc' = "idle"
    /\ UNCHANGED <<hwpoison, host_pte, file_state, memslot, gmem_pgoff, gmem_file, mmuVars, kvmVars,
                   vcpuVars, punch_pc, punch, attr_pc, attr_req, mf_pc, mf_index, kasan, populate_index,
                   alloc_pc, alloc_index>>

-----------------------------------------------------------------------------
(* 6.18 host mmap: kvm_gmem_fault_user_mapping(), without the invalidate   *)
(* lock. Atomic: the folio stays locked from filemap_grab_folio() until    *)
(* finish_fault() has installed the PTE, and truncation takes the folio    *)
(* lock before removing it, so the two do not interleave. It waits while   *)
(* memory_failure() holds that folio's lock.                               *)
KvmGmemFaultUserMapping(i, p) ==
    /\ "host_fault" \in Actors /\ "MMAP" \in GmemFlags
    /\ file_state = "open" /\ host_pte[i] = NoPfn /\ ~FolioLocked(i)
    /\ CASE "INIT_SHARED" \notin GmemFlags ->
              /\ p = NoPfn /\ UNCHANGED <<folios, user_alloc, host_pte>>
              /\ Return("kvm_gmem_fault_user_mapping", "VM_FAULT_SIGBUS")
         [] OTHER ->
              /\ GrabFolio(i, p, "kvm_gmem_fault_user_mapping", "VM_FAULT_LOCKED", "VM_FAULT_OOM")
              /\ host_pte' = IF p = NoPfn THEN host_pte ELSE [host_pte EXCEPT ![i] = p]
    /\ UNCHANGED <<hwpoison, file_state, invalidate_lock, slotVars, mmuVars, kvmVars,
                   vcpuVars, actorVars>>

-----------------------------------------------------------------------------
PageArgs == Pfns \cup {NoPfn}
PunchArgs == {<<off, len>> : off \in Idx, len \in 1 .. NPages}

\* A vCPU's steps once its fault has begun (the guest re-executing after
\* RET_PF_RETRY included, a new access not).
VcpuStep(v) ==
    \/ vcpu_pc[v] = "retry" /\ \E g \in Gfns : KvmMmuDoPageFault(v, g)
    \/ FaultSnapshotSeq(v) \/ FaultCheckAttributes(v)
    \/ \E p \in PageArgs : KvmGmemGetPfn(v, p)
    \/ HvaToPfn(v) \/ FaultTakeMmuLock(v) \/ IsPageFaultStale(v) \/ KvmTdpMmuMap(v)

PunchStep ==
    \/ KvmGmemInvalidateBegin \/ KvmRestrictedmemInvalidateBegin
    \/ TruncateInodePagesRange \/ ShmemFallocate \/ TruncateInodeFolio
    \/ KvmGmemInvalidateEnd \/ KvmRestrictedmemInvalidateEnd
    \/ FilemapInvalidateUnlock \/ RestrictedmemUpRead \/ FilemapInvalidateLock

AttrStep == KvmPreSetMemoryAttributes \/ KvmSetMemAttributesStore \/ KvmPostSetMemoryAttributes

\* Every disjunct is a kernel function's operator applied to its arguments,
\* so that TLC labels each step with the function's name.
Next ==
    \/ \E v \in Vcpus, g \in Gfns : KvmMmuDoPageFault(v, g)
    \/ \E v \in Vcpus :
          \/ FaultSnapshotSeq(v) \/ FaultCheckAttributes(v)
          \/ \E p \in PageArgs : KvmGmemGetPfn(v, p)
          \/ HvaToPfn(v) \/ FaultTakeMmuLock(v) \/ IsPageFaultStale(v) \/ KvmTdpMmuMap(v)
    \/ \E off \in Idx, len \in 1 .. NPages :
          \/ KvmGmemPunchHole(off, len) \/ RestrictedmemPunchHole(off, len)
          \/ RestrictedmemFallocate(off, len)
    \/ PunchStep
    \/ \E i \in Idx, p \in PageArgs : KvmGmemAllocate(i, p)
    \/ \E p \in PageArgs : KvmGmemAllocateGetFolio(p)
    \/ \E s \in Slots, pgoff \in Idx : KvmGmemBind(s, pgoff)
    \/ \E s \in Slots : KvmSetMemoryRegionDelete(s)
    \/ \E s \in Slots : KvmGmemUnbind(s)
    \/ FilpClose
    \/ KvmGmemRelease
    \/ \E g \in Gfns, a \in {"shared", "private"} : KvmVmSetMemAttributes(g, a)
    \/ AttrStep
    \/ \E i \in Idx : MemoryFailure(i)
    \/ KvmGmemErrorFolio
    \/ KvmGmemErrorFolioWork
    \/ KvmGmemErrorFolioInvalidateEnd
    \/ \E i \in Idx, p \in PageArgs : KvmGmemFaultUserMapping(i, p)
    \/ \E i \in Idx : KvmGmemPopulate(i)
    \/ \E p \in PageArgs : KvmGmemGetFolio(p)

Spec == Init /\ [][Next]_vars

\* The fairness the kernel gives: a runnable vCPU thread runs (weak
\* fairness on each of its steps); mmu_lock is a queued rwlock and the
\* invalidate lock and slots_lock are sleeping locks that hand over to
\* waiters, so a step that waits for a lock is eventually taken if the lock
\* is free infinitely often (strong fairness). Nothing is fair to a new
\* operation: userspace may never punch, bind or convert again. GmemFairness
\* holds the same conjuncts for replay, which rejects an unfair lasso.
Fairness ==
    /\ \A v \in Vcpus : WF_vars(VcpuStep(v))
    /\ SF_vars(PunchStep) /\ SF_vars(AttrStep)
    /\ \A s \in Slots : SF_vars(KvmGmemUnbind(s))
    /\ SF_vars(KvmGmemRelease) /\ SF_vars(KvmGmemErrorFolio) /\ SF_vars(KvmGmemErrorFolioWork)
    /\ SF_vars(KvmGmemErrorFolioInvalidateEnd)
    /\ SF_vars(\E p \in PageArgs : KvmGmemGetFolio(p))
    /\ SF_vars(\E p \in PageArgs : KvmGmemAllocateGetFolio(p))
LiveSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Invariants.                                                             *)

\* No SPTE maps a guest_memfd page that is not the file's page at the
\* gfn's index in a live binding, nor a poisoned page after
\* kvm_gmem_error_folio() (the window between memory_failure() setting
\* PG_hwpoison and the invalidation is allowed).
NoStaleSpteInv ==
    \A g \in Gfns : spte[g].pfn \in Pfns =>
        \E s \in Slots :
            /\ memslot[s] = "active" /\ Bound(s) /\ g \in SlotGfns(s)
            /\ folios[GmemIndex(s, g)] = spte[g].pfn
            /\ spte[g].pfn \in hwpoison => mf_pc \in {"error_folio", "work"}

\* Every begin has its end: the count never goes negative and is zero
\* whenever no invalidation is between its begin and end.
Quiescent == /\ punch_pc \notin {"truncate", "folio_lock", "end"} /\ attr_pc \notin {"store", "post"}
             /\ ~MfReadHeld
InvalidationBalancedInv ==
    /\ mmu_invalidate_in_progress >= 0
    /\ Quiescent => mmu_invalidate_in_progress = 0

\* Before a punch frees pages, the invalidation covers every bound gfn whose
\* page it frees: in progress, and the gfn inside the range.
InvalidationCoversFreedPagesInv ==
    punch_pc \in {"truncate", "folio_lock"} =>
        \A s \in Slots : Bound(s) /\ memslot[s] = "active" =>
            \A i \in BindRange(s) \cap punch.start .. punch.end - 1 :
                folios[i] # NoPfn =>
                    /\ mmu_invalidate_in_progress > 0
                    /\ mmu_invalidate_range_start <= GfnOf(s, i)
                    /\ GfnOf(s, i) < mmu_invalidate_range_end

\* No file page is bound to two memslots.
BindingsExclusiveInv ==
    \A s, t \in Slots : s # t /\ Bound(s) /\ Bound(t) => BindRange(s) \cap BindRange(t) = {}

\* No gfn is backed by both a shared page (at userspace_addr) and a private
\* page (in the file).
NoDoubleAllocationInv ==
    \A g \in hva_populated : \A s \in Slots :
        Bound(s) /\ memslot[s] = "active" /\ g \in SlotGfns(s) => folios[GmemIndex(s, g)] = NoPfn

\* Every page in the file was allocated by userspace (fallocate, or a touch
\* of its own mapping), never by KVM behind its back.
NoImplicitAllocationInv == \A i \in Idx : folios[i] # NoPfn => i \in user_alloc

\* R1: kvm_gmem_release() never writes into a freed memslot.
NoSlotUseAfterFreeInv == ~kasan

\* A host PTE maps the file's current page at its index.
NoStaleHostPteInv == \A i \in Idx : host_pte[i] \in {NoPfn, folios[i]}

-----------------------------------------------------------------------------
(* Locks that block. A step that takes a lock another task holds is not    *)
(* enabled, so its task waits at the pc that names that step; a step that  *)
(* cannot wait (a trylock) never needs a free lock. Holds(t) is what task  *)
(* t holds from one step to the next, Wants(t) what its next step takes.   *)
(* A lock is <<class, instance>>: mmu_lock (rwlock: faults read; zaps and  *)
(* invalidate begin/end write), invalidate_lock (the mapping's             *)
(* rw_semaphore; the shim's rm->lock), slots_lock (mutex), folio_lock (one *)
(* per file index). mmu_lock write sections are single steps, which need   *)
(* it free of readers (MmuLockFree). The invalidate lock's rwsem queue is  *)
(* modelled as far as ReadLockFree says (above): a reader waits behind a   *)
(* queued punch while allocate or memory failure holds the lock shared,    *)
(* which makes it wait for the punch (QueuedBehind).                       *)
(* Bind, the host fault and release take and drop every lock in one step:  *)
(* they can wait but hold nothing while waiting, so they are in no cycle   *)
(* and are not tasks here; nor is allocate when its folio is not locked.   *)

LockTasks == Vcpus \cup {"punch", "attributes", "memory_failure", "memslot", "populate", "allocate"}
Excl(c, x) == [l |-> <<c, x>>, excl |-> TRUE]
Shared(c, x) == [l |-> <<c, x>>, excl |-> FALSE]
MmuLockRead == Shared("mmu_lock", 0)
MmuLockWrite == Excl("mmu_lock", 0)
\* filemap_invalidate_lock() (exclusive); the shim's down_read(&rm->lock).
PunchInvalidateLock == IF IsShim THEN Shared("invalidate_lock", 0) ELSE Excl("invalidate_lock", 0)
InvalidateLockShared == Shared("invalidate_lock", 0)
FolioLock(i) == Excl("folio_lock", i)
SlotsLock == Excl("slots_lock", 0)

\* The memslot whose deletion is between kvm_set_memory_region()'s delete
\* and kvm_free_memslot() -> kvm_gmem_unbind(), under slots_lock.
DeletingSlots == {s \in Slots : memslot[s] = "invalid"}

Holds(t) ==
    CASE t \in Vcpus -> IF vcpu_pc[t] \in {"check", "map"} THEN {MmuLockRead} ELSE {}
      [] t = "punch" -> IF punch_pc \notin {"idle", "lock"} /\ BindingsLockedAcrossPunch
                        THEN {PunchInvalidateLock} ELSE {}
      [] t = "attributes" -> IF attr_pc # "idle" THEN {SlotsLock} ELSE {}
      [] t = "memory_failure" ->
           (IF FolioLocked(mf_index) THEN {FolioLock(mf_index)} ELSE {})
           \cup (IF MfReadHeld THEN {InvalidateLockShared} ELSE {})
      [] t = "memslot" -> IF slots_lock = "memslot" THEN {SlotsLock} ELSE {}
      [] t = "populate" -> IF populate_pc = "get_folio"
                           THEN {SlotsLock, Excl("invalidate_lock", 0)} ELSE {}
      [] t = "allocate" -> IF AllocReadHeld THEN {InvalidateLockShared} ELSE {}

\* The folio lock a vCPU's kvm_gmem_get_pfn() takes, if it gets that far.
GetPfnLocks(v) ==
    LET f == fault[v] IN
    IF /\ vcpu_pc[v] = "get_pfn" /\ UsesGmem(f) /\ f.slot # NoSlot /\ Bound(f.slot)
       /\ ~(IsGmem /\ (~gmem_file[f.slot] \/ file_state # "open"))
    THEN {FolioLock(GmemIndex(f.slot, f.gfn))} ELSE {}

Wants(t) ==
    CASE t \in Vcpus -> IF vcpu_pc[t] = "lock" THEN {MmuLockRead} ELSE GetPfnLocks(t)
      [] t = "punch" ->
           CASE punch_pc = "lock" -> {Excl("invalidate_lock", 0)}
             [] punch_pc \in {"begin", "end"} -> {MmuLockWrite}
             [] punch_pc = "folio_lock" -> {FolioLock(i) : i \in {j \in PunchRange : folios[j] # NoPfn}}
             [] OTHER -> {}
      [] t = "attributes" -> IF attr_pc \in {"pre", "post"} THEN {MmuLockWrite} ELSE {}
      [] t = "memory_failure" ->
           CASE \/ mf_pc = "error_folio" /\ ErrorFolioTakesInvalidateLock
                \/ mf_pc = "work" -> {InvalidateLockShared, MmuLockWrite}
             [] MfReadHeld -> {MmuLockWrite}
             [] OTHER -> {}
      [] t = "memslot" ->
           IF slots_lock = "memslot" /\ \E s \in DeletingSlots : UnbindLocks(s)
           THEN {Excl("invalidate_lock", 0)} ELSE {}
      [] t = "populate" -> IF populate_pc = "get_folio" THEN {FolioLock(populate_index)} ELSE {}
      [] t = "allocate" -> IF AllocReadHeld THEN {FolioLock(alloc_index)} ELSE {}

Conflicts(w, h) == w.l = h.l /\ (w.excl \/ h.excl)
\* A reader t waits in the rwsem's list behind the punch u queued there
\* (rwsem_mark_wake() wakes no reader while a writer is the first waiter).
QueuedBehind(t, u) == u = "punch" /\ WriterQueued /\ ReadHeld /\ InvalidateLockShared \in Wants(t)
\* t waits for u: t's next step takes a lock u holds in a mode that excludes it,
\* or u is the writer queued ahead of it.
WaitsFor(t, u) == t # u /\ ((\E w \in Wants(t), h \in Holds(u) : Conflicts(w, h)) \/ QueuedBehind(t, u))

RECURSIVE WaitChain(_, _)
\* The tasks reachable from ts along WaitsFor, given those already seen.
WaitChain(ts, seen) ==
    LET next == {u \in LockTasks : \E t \in ts : WaitsFor(t, u)} \ seen
    IN IF next = {} THEN seen ELSE WaitChain(next, seen \cup next)
Deadlocked == {t \in LockTasks : t \in WaitChain({t}, {})}

\* No set of tasks each waits for a lock another of them holds.
NoDeadlockInv == Deadlocked = {}

\* The lock classes' acquisition order as data: <<outer, inner>> means outer
\* is never taken while inner is held. Each pair is documented, or is the
\* order of every path that takes both but the one LockOrderInv catches:
\*  - invalidate_lock, folio_lock: mm/filemap.c's header comment
\*    ("->mmap_lock ->invalidate_lock (filemap_fault) ->lock_page");
\*    kvm_gmem_punch_hole() -> truncate_inode_pages_range(), kvm_gmem_allocate(),
\*    kvm_gmem_populate().
\*  - slots_lock, invalidate_lock: kvm_gmem_bind()/kvm_gmem_unbind() under
\*    kvm_set_memory_region(), kvm_gmem_release(), kvm_gmem_populate().
\*  - slots_lock, mmu_lock: kvm_vm_set_mem_attributes().
\*  - invalidate_lock, mmu_lock: kvm_gmem_invalidate_begin()/_end().
\*  - folio_lock, mmu_lock: kvm_gmem_error_folio() under memory_failure().
LockClasses == {"slots_lock", "invalidate_lock", "folio_lock", "mmu_lock"}
LockOrder == {<<"invalidate_lock", "folio_lock">>, <<"slots_lock", "invalidate_lock">>,
              <<"slots_lock", "mmu_lock">>, <<"invalidate_lock", "mmu_lock">>,
              <<"folio_lock", "mmu_lock">>}
Compose(R) == {p \in LockClasses \X LockClasses : \E b \in LockClasses : <<p[1], b>> \in R /\ <<b, p[2]>> \in R}
\* Chains are at most three pairs long (slots_lock ... mmu_lock).
LockOrderClosure == LET R1 == LockOrder \cup Compose(LockOrder) IN R1 \cup Compose(R1)

\* Lockdep's check, folio locks included: no task takes a lock of class A
\* while it holds one of class B when A is ordered before B.
LockOrderInv ==
    \A t \in LockTasks : \A h \in Holds(t), w \in Wants(t) :
        <<w.l[1], h.l[1]>> \notin LockOrderClosure

-----------------------------------------------------------------------------
(* The promises of Documentation/virt/kvm/api.rst (4.140                   *)
(* KVM_SET_USER_MEMORY_REGION2, 4.141 KVM_SET_MEMORY_ATTRIBUTES, 4.142      *)
(* KVM_CREATE_GUEST_MEMFD, as of 6.18) and of the comments in              *)
(* virt/kvm/guest_memfd.c that the properties above do not already state.  *)
(* README lists every promise with the property that states it.            *)

\* api.rst 4.140 KVM_SET_USER_MEMORY_REGION2: "When mapping a gfn into the
\* guest, KVM selects shared vs. private, i.e consumes userspace_addr vs.
\* guest_memfd, based on the gfn's KVM_MEMORY_ATTRIBUTE_PRIVATE state."; 4.141
\* KVM_SET_MEMORY_ATTRIBUTES: KVM_MEMORY_ATTRIBUTE_PRIVATE "marks the
\* associated gfn as being guest private memory"; 4.142 (6.18): "When the KVM
\* MMU performs a PFN lookup to service a guest fault and the backing
\* guest_memfd has the GUEST_MEMFD_FLAG_MMAP set, then the fault will always be
\* consumed from guest_memfd, regardless of whether it is a shared or a private
\* fault." Every SPTE is of its gfn's current kind, during a conversion too,
\* and maps a guest_memfd page exactly when the gfn is private or the file is
\* MMAP-capable.
SpteFollowsAttributesInv ==
    \A g \in Gfns : spte[g] # NoSpte =>
        /\ spte[g].private = IsPrivate(g)
        /\ (spte[g].pfn \in Pfns <=> (IsPrivate(g) \/ GmemOnly))

\* api.rst 4.142 KVM_CREATE_GUEST_MEMFD (6.18): "GUEST_MEMFD_FLAG_INIT_SHARED
\* Make all memory in the file shared during KVM_CREATE_GUEST_MEMFD (memory
\* files created without INIT_SHARED will be marked private). Shared memory can
\* be faulted into host userspace page tables. Private memory cannot."
\* kvm_gmem_fault_user_mapping() returns VM_FAULT_SIGBUS without INIT_SHARED
\* (fe2bf6234e94): no host page table maps a page of a file made without it.
HostFaultOnlySharedInv ==
    (\E i \in Idx : host_pte[i] # NoPfn) => "INIT_SHARED" \in GmemFlags

\* kvm_gmem_unbind() (virt/kvm/guest_memfd.c, since ae431059e75d): "if the file
\* is _being_ closed, then the bindings need to be removed as
\* kvm_gmem_release() might not run until after the memslot is freed." No
\* freed memslot is left in the file's bindings or with slot->gmem.file set;
\* NoSlotUseAfterFreeInv is the use after free that follows once the release
\* runs.
FreedSlotUnboundInv == \A s \in Slots : memslot[s] = "freed" => ~Bound(s) /\ ~gmem_file[s]

\* kvm_gmem_punch_hole() (virt/kvm/guest_memfd.c): "Bindings must be stable
\* across invalidation to ensure the start+end are balanced." No binding is
\* made or removed between a punch's invalidate begin and its end (the shim's
\* rm->lock makes the same promise for restrictedmem_punch_hole()), nor
\* between kvm_gmem_error_folio()'s, which hold the lock shared.
BindingsStableAcrossInvalidationProp ==
    [][(punch_pc \in {"truncate", "folio_lock", "end"} \/ MfReadHeld) => gmem_pgoff' = gmem_pgoff]_gmem_pgoff

-----------------------------------------------------------------------------
(* Liveness (checked with LiveSpec, without VIEW or symmetry). The budget  *)
(* MaxSeq is where invalidations stop.                                     *)

\* A page fault completes: it installs the SPTE or exits to userspace.
FaultCompletesProp == \A v \in Vcpus : vcpu_pc[v] # "idle" ~> vcpu_pc[v] = "idle"

\* Every invalidate begin is followed by an end.
InvalidateEndFollowsBeginProp == mmu_invalidate_in_progress # 0 ~> mmu_invalidate_in_progress = 0

\* A started fallocate(PUNCH_HOLE) returns (a task in a wait cycle never does).
FallocateReturnsProp == punch_pc # "idle" ~> punch_pc = "idle"

\* A started memory_failure() returns, and its deferred invalidation (the fix's work item) runs.
MemoryFailureReturnsProp == mf_pc # "idle" ~> mf_pc = "idle"

\* A started kvm_gmem_populate() returns (KVM_SEV_SNP_LAUNCH_UPDATE or
\* KVM_TDX_INIT_MEM_REGION, with slots_lock held: every memslot change waits on it).
PopulateReturnsProp == populate_pc # "idle" ~> populate_pc = "idle"

\* A started memslot delete (KVM_SET_USER_MEMORY_REGION2 with size 0) reaches
\* kvm_free_memslot(): kvm_gmem_unbind() runs and slots_lock is dropped.
UnbindReturnsProp == \A s \in Slots : memslot[s] = "invalid" ~> memslot[s] = "freed"

\* After the last fput(), __fput() runs kvm_gmem_release() and the inode is evicted.
ReleaseReturnsProp == file_state = "dying" ~> file_state = "released"

=============================================================================
