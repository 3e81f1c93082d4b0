----------------------------- MODULE MemfdSeals -----------------------------
(***************************************************************************)
(* The memfd seal protocol: one memfd inode, the file descriptors that     *)
(* userspace holds on it, its page cache, its shared-writable mapping      *)
(* count and the VMAs that map it.                                         *)
(*                                                                         *)
(* Kernel code modelled (reference: shared/reference/linux-protocols.md    *)
(* section 1 and 4):                                                       *)
(*   mm/memfd.c     memfd_create, memfd_add_seals, memfd_check_seals_mmap  *)
(*   mm/shmem.c     shmem_write_begin (via shmem_file_write_iter),         *)
(*                  shmem_setattr, shmem_fallocate, shmem_fault,           *)
(*                  shmem_file_read_iter, shmem_mfill_atomic_pte           *)
(*   mm/mmap.c, mm/vma.c, mm/mprotect.c  do_mmap/mmap_region accounting,   *)
(*                  mprotect's VM_MAYWRITE check, munmap                   *)
(* as Linux 6.18 does it, and as earlier kernels and the 2022 guest-       *)
(* private-memory patch revisions did it (the revision switches below).    *)
(*                                                                         *)
(* Units: offsets and sizes are in pages. A write is checked per page, as  *)
(* generic_perform_write() calls shmem_write_begin() per order-0 folio, so *)
(* a page is the unit of a short write. Page contents are tags: "zero"     *)
(* (allocated, zero-filled), "user" (written by userspace) and "guest"     *)
(* (written by a guest through KVM after the file became inaccessible).   *)
(* A hole reads as "zero" (read() uses ZERO_PAGE for holes).               *)
(*                                                                         *)
(* What is left out, and why that is safe for the properties here:         *)
(*  - GUP/DMA pins (memfd_wait_for_pins): no actor here takes pins; they   *)
(*    can only make F_SEAL_WRITE fail with EBUSY more often.               *)
(*  - Page-table entries: every access through a mapping goes through      *)
(*    shmem_fault and looks the page up again, as if each access faulted;  *)
(*    truncation and hole punching zap PTEs before freeing, so a cached    *)
(*    PTE never sees a page that the lookup would not. The one PTE that    *)
(*    outlives that is a private COW copy (anon_vma below), kept per VMA.  *)
(*  - MFD_HUGETLB, MFD_CLOEXEC, fork/dup_mmap: no seal check depends on    *)
(*    them beyond what a second VMA shows.                                 *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Revision,           \* the revision's name, a label for traces and reports: no action
                        \* reads it; what a revision does is the switches below
    MaxPages,           \* the largest i_size, in pages
    Vmas,               \* VMA slots: how many mappings of the memfd can exist at once
    MemfdNoexecScope    \* the effective vm.memfd_noexec sysctl (0, 1 or 2)

(***************************************************************************)
(* Revision switches. A revision is a named set of values for these, kept  *)
(* in revisions.json beside this spec and written into each cfg; the Java  *)
(* model reads the same values. The actions test switches, never a         *)
(* revision's name, so a revision that recombines them needs no edit here. *)
(***************************************************************************)
CONSTANTS
    F_ALL_SEALS,                \* the seals memfd_add_seals() accepts (seals & ~F_ALL_SEALS -> EINVAL)
    MFD_ALL_FLAGS,              \* the memfd_create() flags the revision knows, of those that
                                \*   change seals or access (MFD_CLOEXEC, MFD_HUGETLB do not)
    SharedCountsAsWritable,     \* before 6.7: every MAP_SHARED VMA takes an i_mmap_writable count
    MmapChecksInitialFlags,     \* 6.12 (5de195060b2e): mmap_region()'s mapping_map_writable()
                                \*   sees the flags before the seal check cleared VM_MAYWRITE
    ExecImpliedBeforeDenyCheck, \* 3b041514: F_SEAL_EXEC's implied F_SEAL_WRITE reaches the
                                \*   mapping_deny_writable() check
    SealWriteDeniesWritable,    \* F_SEAL_WRITE calls mapping_deny_writable() (FALSE: a seeded bug)
    FutureWriteClearsMayWrite,  \* the mmap seal check clears VM_MAYWRITE on a new shared mapping
                                \*   of a file with F_SEAL_FUTURE_WRITE (check_write_seal(), 6.7+;
                                \*   seal_check_future_write() in shmem_mmap() before)
    ReadSealCheck               \* where shmem_file_read_iter() tests the inaccessible seal or flag:
                                \*   "none", "after_i_size" (the v4 patch), "before_i_size"

\* The seals and flags any revision here has; each revision accepts a subset.
BaseSeals == {"F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE"}
PatchSeals == {"F_SEAL_EXEC", "F_SEAL_INACCESSIBLE", "F_SEAL_AUTO_ALLOCATE"}
KnownMfdFlags == {"MFD_ALLOW_SEALING", "MFD_NOEXEC_SEAL", "MFD_EXEC", "MFD_INACCESSIBLE"}

ASSUME MaxPages \in Nat \ {0}
ASSUME IsFiniteSet(Vmas) /\ Vmas # {}
ASSUME MemfdNoexecScope \in 0..2
ASSUME BaseSeals \subseteq F_ALL_SEALS /\ F_ALL_SEALS \subseteq BaseSeals \cup PatchSeals
ASSUME "MFD_ALLOW_SEALING" \in MFD_ALL_FLAGS /\ MFD_ALL_FLAGS \subseteq KnownMfdFlags
ASSUME \A b \in {SharedCountsAsWritable, MmapChecksInitialFlags, ExecImpliedBeforeDenyCheck,
                  SealWriteDeniesWritable, FutureWriteClearsMayWrite} : b \in BOOLEAN
ASSUME ReadSealCheck \in {"none", "after_i_size", "before_i_size"}

-----------------------------------------------------------------------------
(* What follows from the switches.                                         *)

\* F_SEAL_EXEC, MFD_EXEC, MFD_NOEXEC_SEAL and vm.memfd_noexec came together
\* (6.3): fchmod() meets a seal check, and memfd_create() consults the sysctl.
HasExecSeal == "F_SEAL_EXEC" \in F_ALL_SEALS
HasNoexecSysctl == "MFD_NOEXEC_SEAL" \in MFD_ALL_FLAGS

\* F_ADD_SEALS arguments: one seal at a time, plus an undefined bit. Adding a
\* set at once reaches no state that adding its members one by one (F_SEAL_SEAL
\* last) does not, because every check depends only on the state and the seal.
SealArgs == {{s} : s \in F_ALL_SEALS} \cup {{"F_SEAL_0x8000"}}

\* The memfd's descriptors: the O_RDWR fd from memfd_create, and the same file
\* reopened O_RDONLY through /proc/self/fd (no FMODE_WRITE).
Fds == {"rw", "ro"}

PageIdx == 0 .. MaxPages - 1
Contents == {"zero", "user", "guest"}
NoPage == "none"

FallocModes == {"0", "FALLOC_FL_KEEP_SIZE", "FALLOC_FL_PUNCH_HOLE"}  \* PUNCH_HOLE implies KEEP_SIZE
Modes == {"0777", "0666"}

VmFlags == {"VM_READ", "VM_WRITE", "VM_SHARED", "VM_MAYWRITE", "VM_MAYSHARE"}

\* Return values: 0 or a count on success, minus an errno on failure.
EPERM == 1
EFAULT == 14
EACCES == 13
EEXIST == 17
EBUSY == 16
EINVAL == 22
\* shmem_fault() returns a vm_fault_t, not an errno.
VM_FAULT_SIGBUS == 2

-----------------------------------------------------------------------------
VARIABLES
    fd_installed,       \* memfd_create() has returned an fd: the inode exists
    seals,              \* SHMEM_I(inode)->seals
    i_mode,             \* inode->i_mode permission bits ("0777" or "0666")
    xflags,             \* SHMEM_I(inode)->xflags (v5: SHM_F_INACCESSIBLE)
    i_size,             \* inode->i_size, in pages
    i_pages,            \* mapping->i_pages: page index -> content tag or NoPage
    i_mmap_writable,    \* mapping->i_mmap_writable
    vm_flags,           \* vma->vm_flags of each VMA slot; {} means no VMA in that slot
    anon_vma,           \* the anonymous pages on vma->anon_vma of each VMA slot: page index ->
                        \*   the content of the VMA's private COW copy of that page, or NoPage
    rd_pc,              \* where a read() in shmem_file_read_iter is
    rd_index,           \* the page index it reads
    ret,                \* output of the last step: [fn |-> kernel function,
                        \*   val |-> return value, data |-> content copied to userspace]
    arg                 \* ghost: the step just taken, as TLC labels it: [action |-> its
                        \*   action's name] with a field per parameter; "Init" before any step

fileVars == <<fd_installed, seals, i_mode, xflags, i_size, i_pages>>
mmVars == <<i_mmap_writable, vm_flags, anon_vma>>
readerVars == <<rd_pc, rd_index>>
vars == <<fileVars, mmVars, readerVars, ret, arg>>

\* ret and arg are outputs: no action reads them, so two states that differ
\* only in ret and arg have the same futures. TLC fingerprints this view (VIEW
\* in every cfg), so arg, which promises about a call's parameters need (what
\* F_ADD_SEALS was asked to add, which fd it was given), adds no state; the
\* properties that read ret or arg are step properties, which TLC checks on every
\* transition, including those into states it has already seen.
View == <<fileVars, mmVars, readerVars>>

RdPcs == {"idle", "i_size_read", "seal_checked", "copy"}

\* The actions of Next, by the names TLC labels their steps with.
Actions == {"MemfdCreate", "MemfdAddSeals", "ShmemFileWriteIter", "ShmemSetattrSize",
            "ShmemSetattrMode", "ShmemFallocate", "DoMmap", "DoMprotectPkey", "DoVmiMunmap",
            "ShmemFault", "ShmemMfillAtomicPte", "ShmemGetLockPfn", "ShmemReadISize",
            "ShmemReadCheckSeal", "ShmemReadCopy"}

TypeOK ==
    /\ fd_installed \in BOOLEAN
    /\ seals \subseteq F_ALL_SEALS
    /\ i_mode \in Modes
    /\ xflags \subseteq {"SHM_F_INACCESSIBLE"}
    /\ i_size \in 0 .. MaxPages
    /\ i_pages \in [PageIdx -> Contents \cup {NoPage}]
    /\ i_mmap_writable \in -1 .. Cardinality(Vmas)
    /\ vm_flags \in [Vmas -> SUBSET VmFlags]
    /\ anon_vma \in [Vmas -> [PageIdx -> Contents \cup {NoPage}]]
    /\ rd_pc \in RdPcs
    /\ rd_index \in PageIdx
    /\ ret \in [fn : STRING, val : Int, data : Contents \cup {NoPage}]
    /\ arg.action \in {"Init"} \cup Actions

-----------------------------------------------------------------------------
(* Helpers: state functions that the actions and the invariants share.     *)

Observed(i) == IF i_pages[i] = NoPage THEN "zero" ELSE i_pages[i]

\* The file is inaccessible to ordinary userspace access (v4 seal, v5 flag).
Inaccessible == "F_SEAL_INACCESSIBLE" \in seals \/ "SHM_F_INACCESSIBLE" \in xflags

WriteSealed == seals \cap {"F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE"} # {}

\* vma_is_shared_maywrite(), or before 6.7 any VM_SHARED VMA: the VMAs that
\* hold a count in i_mmap_writable.
CountsWritable(fl) ==
    IF SharedCountsAsWritable THEN "VM_SHARED" \in fl
    ELSE {"VM_SHARED", "VM_MAYWRITE"} \subseteq fl

\* do_mmap(): the vm_flags before any seal check. Every mapping starts with
\* VM_MAYWRITE; a MAP_SHARED mapping of a file without FMODE_WRITE loses
\* VM_MAYWRITE and VM_SHARED (it keeps VM_MAYSHARE).
MmapInitialFlags(f, shared, write) ==
    LET base == {"VM_READ", "VM_MAYWRITE"}
               \cup (IF write THEN {"VM_WRITE"} ELSE {})
               \cup (IF shared THEN {"VM_SHARED", "VM_MAYSHARE"} ELSE {})
    IN IF shared /\ f = "ro" THEN base \ {"VM_MAYWRITE", "VM_SHARED"} ELSE base

\* The memfd seal check on a new mapping: memfd_check_seals_mmap() ->
\* check_write_seal() in do_mmap() (6.7+, F_SEAL_WRITE or FUTURE_WRITE),
\* seal_check_future_write() in shmem_mmap() before 6.7 (FUTURE_WRITE only).
MmapSealedSeals ==
    IF SharedCountsAsWritable THEN seals \cap {"F_SEAL_FUTURE_WRITE"}
    ELSE seals \cap {"F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE"}
MmapSealDenies(fl) == "VM_SHARED" \in fl /\ MmapSealedSeals # {} /\ "VM_WRITE" \in fl
\* The seals for which that check also clears VM_MAYWRITE, so that mprotect()
\* cannot make the mapping writable later.
MayWriteClearingSeals ==
    IF FutureWriteClearsMayWrite THEN MmapSealedSeals
    ELSE MmapSealedSeals \ {"F_SEAL_FUTURE_WRITE"}
MmapFinalFlags(f, shared, write) ==
    LET fl == MmapInitialFlags(f, shared, write)
    IN IF "VM_SHARED" \in fl /\ MayWriteClearingSeals # {} THEN fl \ {"VM_MAYWRITE"} ELSE fl

\* The flags mapping_map_writable()'s EPERM check sees. 6.12's mmap_region()
\* (5de195060b2e) takes a temporary count before __mmap_region() calls
\* shmem_mmap(), whose seal check clears VM_MAYWRITE too late ("Clear our write
\* mapping regardless of error" drops it afterwards); 6.13+ clears VM_MAYWRITE
\* in do_mmap() first (8ec396d05d1b).
MmapCheckedFlags(f, shared, write) ==
    IF MmapChecksInitialFlags THEN MmapInitialFlags(f, shared, write)
    ELSE MmapFinalFlags(f, shared, write)

\* The value do_mmap() returns for a mapping of the whole file. A pure
\* function of the state, so that the invariants can ask it too.
MmapResult(f, shared, write) ==
    CASE shared /\ write /\ f = "ro"                      -> -EACCES
      [] Inaccessible                                     -> -EPERM  \* v4 shmem_mmap, v5
      [] MmapSealDenies(MmapInitialFlags(f, shared, write)) -> -EPERM
      [] CountsWritable(MmapCheckedFlags(f, shared, write)) /\ i_mmap_writable < 0 -> -EPERM
      [] OTHER                                            -> 0

\* memfd_add_seals(): F_SEAL_EXEC on an executable file implies the W^X seals.
WxSeals == {"F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE", "F_SEAL_FUTURE_WRITE"}
ExecImplied(s) == IF "F_SEAL_EXEC" \in s /\ i_mode = "0777" THEN s \cup WxSeals ELSE s

\* The seals that reach the F_SEAL_WRITE / mapping_deny_writable() check:
\* before 3b041514 the W^X expansion came after that check.
DenyChecked(s) == IF ExecImpliedBeforeDenyCheck THEN ExecImplied(s) ELSE s

DeniesWritable(s) ==
    /\ "F_SEAL_WRITE" \in DenyChecked(s)
    /\ "F_SEAL_WRITE" \notin seals
    /\ SealWriteDeniesWritable

\* The value memfd_add_seals() returns, its checks in the kernel's order.
AddSealsResult(f, s) ==
    CASE f = "ro"                            -> -EPERM   \* !(file->f_mode & FMODE_WRITE)
      [] ~(s \subseteq F_ALL_SEALS)          -> -EINVAL  \* seals & ~F_ALL_SEALS
      [] "F_SEAL_SEAL" \in seals             -> -EPERM
      \* v4: the seal is refused on a non-empty file (Andy Lutomirski and Chao
      \* Peng on the v4 thread, Feb 2022); the errno is UNCONFIRMED.
      [] "F_SEAL_INACCESSIBLE" \in s /\ i_size # 0 -> -EPERM
      [] DeniesWritable(s) /\ i_mmap_writable > 0 -> -EBUSY   \* mapping_deny_writable()
      [] OTHER                               -> 0

\* shmem_write_begin() for the chunk at page k, when the file is sz pages.
WriteBeginResult(k, sz) ==
    CASE WriteSealed                                   -> -EPERM
      [] "F_SEAL_GROW" \in seals /\ k + 1 > sz         -> -EPERM
      [] Inaccessible                                  -> -EPERM  \* v4 hunk; v5 flag (UNCONFIRMED place)
      \* v7: no implicit allocation by write(); the errno is UNCONFIRMED.
      [] "F_SEAL_AUTO_ALLOCATE" \in seals /\ i_pages[k] = NoPage -> -EPERM
      [] OTHER                                         -> 0

\* generic_perform_write() from page pos: chunk k sees the size that the
\* chunks before it left (i_size_write in shmem_write_end).
ChunkSize(pos, k) == IF k > pos THEN IF k > i_size THEN k ELSE i_size ELSE i_size
WriteChunksOk(pos, n) == \A k \in pos .. pos + n - 1 : WriteBeginResult(k, ChunkSize(pos, k)) = 0
\* The number of chunks written: the longest prefix that shmem_write_begin() accepts.
WriteCount(pos, len) ==
    CHOOSE n \in 0 .. len : WriteChunksOk(pos, n) /\ (n = len \/ ~WriteChunksOk(pos, n + 1))

\* A step that returns nothing to userspace (a reader's internal step). Every
\* step sets ret, so that ret is a function of the step alone: TLC rebuilds a
\* trace from VIEW fingerprints, and a rebuilt state may differ from the one
\* explored in ret, which must not change which steps follow it. Every action
\* sets arg to its own name and parameters for the same reason.
NoRet == [fn |-> "none", val |-> 0, data |-> NoPage]

-----------------------------------------------------------------------------
Init ==
    /\ fd_installed = FALSE
    /\ seals = {}
    /\ i_mode = "0777"
    /\ xflags = {}
    /\ i_size = 0
    /\ i_pages = [i \in PageIdx |-> NoPage]
    /\ i_mmap_writable = 0
    /\ vm_flags = [v \in Vmas |-> {}]
    /\ anon_vma = [v \in Vmas |-> [i \in PageIdx |-> NoPage]]
    /\ rd_pc = "idle"
    /\ rd_index = 0
    /\ ret = NoRet
    /\ arg = [action |-> "Init"]

\* The step's output: its return value, and no data copied to userspace.
Return(fn, val) == ret' = [fn |-> fn, val |-> val, data |-> NoPage]
Fail(fn, err) == Return(fn, err)

-----------------------------------------------------------------------------
(* memfd_create(): sanitize_flags() and check_sysctl_memfd_noexec(), then  *)
(* the initial seals in alloc_file(). Atomic: nothing else can see the     *)
(* inode before fd_install().                                              *)
MemfdCreate(flags) ==
    /\ ~fd_installed
    /\ arg' = [action |-> "MemfdCreate", flags |-> flags]
    /\ LET exec     == "MFD_EXEC" \in flags
           noexec0  == "MFD_NOEXEC_SEAL" \in flags
           \* neither flag: the sysctl picks NOEXEC_SEAL at scope >= 1
           noexec   == noexec0 \/ (HasNoexecSysctl /\ ~exec /\ MemfdNoexecScope >= 1)
           err ==
             CASE exec /\ noexec0                                   -> -EINVAL
               [] {"MFD_INACCESSIBLE", "MFD_ALLOW_SEALING"} \subseteq flags -> -EINVAL  \* v5
               [] HasNoexecSysctl /\ ~noexec /\ MemfdNoexecScope = 2   -> -EACCES
               [] OTHER                                             -> 0
       IN IF err # 0
          THEN /\ Fail("memfd_create", err)
               /\ UNCHANGED <<fileVars, mmVars, readerVars>>
          ELSE /\ fd_installed' = TRUE
               /\ seals' = CASE noexec                           -> {"F_SEAL_EXEC"}
                             [] "MFD_ALLOW_SEALING" \in flags    -> {}
                             [] OTHER                            -> {"F_SEAL_SEAL"}
               /\ i_mode' = IF noexec THEN "0666" ELSE "0777"
               /\ xflags' = IF "MFD_INACCESSIBLE" \in flags THEN {"SHM_F_INACCESSIBLE"} ELSE {}
               /\ Return("memfd_create", 0)
               /\ UNCHANGED <<i_size, i_pages, mmVars, readerVars>>

(* fcntl(F_ADD_SEALS) -> memfd_add_seals(), under inode_lock: atomic with  *)
(* respect to writers, setattr and fallocate, which take inode_lock too,   *)
(* and to mmap, whose count it tests and updates atomically.               *)
MemfdAddSeals(f, s) ==
    /\ fd_installed
    /\ arg' = [action |-> "MemfdAddSeals", f |-> f, s |-> s]
    /\ LET err == AddSealsResult(f, s) IN
       IF err # 0
       THEN /\ Fail("memfd_add_seals", err)
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE /\ seals' = seals \cup ExecImplied(s)
            /\ i_mmap_writable' = IF DeniesWritable(s) THEN i_mmap_writable - 1 ELSE i_mmap_writable
            /\ Return("memfd_add_seals", 0)
            /\ UNCHANGED <<fd_installed, i_mode, xflags, i_size, i_pages, vm_flags,
                           anon_vma, readerVars>>

(* write()/pwrite() at page pos -> shmem_file_write_iter() ->              *)
(* generic_perform_write(), shmem_write_begin() per chunk. Atomic: the     *)
(* writer holds inode_lock; the only lockless party, a reader, reads one   *)
(* page, which a chunked write changes at one instant as this step does.   *)
ShmemFileWriteIter(pos, len) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemFileWriteIter", pos |-> pos, len |-> len]
    /\ pos + len <= MaxPages
    /\ LET n == WriteCount(pos, len) IN
       IF n = 0
       THEN /\ Fail("shmem_file_write_iter", WriteBeginResult(pos, i_size))
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE /\ i_pages' = [i \in PageIdx |-> IF i \in pos .. pos + n - 1 THEN "user" ELSE i_pages[i]]
            /\ i_size' = IF pos + n > i_size THEN pos + n ELSE i_size
            /\ Return("shmem_file_write_iter", n)
            /\ UNCHANGED <<fd_installed, seals, i_mode, xflags, mmVars, readerVars>>

(* ftruncate() -> shmem_setattr() with ATTR_SIZE, under inode_lock.        *)
(* "if (newsize <= oldsize)" it truncates from newsize to the end          *)
(* (shmem_truncate_range(inode, newsize, -1)), pages that fallocate's      *)
(* KEEP_SIZE placed past EOF included; growing truncates nothing. Around   *)
(* it, "if (oldsize > holebegin)", unmap_mapping_range(mapping, holebegin, *)
(* 0, 1): even_cows = 1, so private COW copies past the new size go too    *)
(* (zap_pte_range -> should_zap_cows), as truncate_pagecache() does for    *)
(* other filesystems. A COW copy exists only inside i_size (a fault past   *)
(* it is SIGBUS), so "newsize <= i_size" drops exactly those past it.      *)
ShmemSetattrSize(newsize) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemSetattrSize", newsize |-> newsize]
    /\ LET err ==
             CASE newsize < i_size /\ "F_SEAL_SHRINK" \in seals -> -EPERM
               [] newsize > i_size /\ "F_SEAL_GROW" \in seals   -> -EPERM
               [] "F_SEAL_INACCESSIBLE" \in seals /\ i_size # 0  -> -EPERM  \* v4 hunk
               [] OTHER                                         -> 0
       IN IF err # 0
          THEN /\ Fail("shmem_setattr", err)
               /\ UNCHANGED <<fileVars, mmVars, readerVars>>
          ELSE /\ i_size' = newsize
               /\ i_pages' = IF newsize <= i_size
                             THEN [i \in PageIdx |-> IF i >= newsize THEN NoPage ELSE i_pages[i]]
                             ELSE i_pages
               /\ anon_vma' = IF newsize <= i_size
                              THEN [v \in Vmas |-> [i \in PageIdx |->
                                      IF i >= newsize THEN NoPage ELSE anon_vma[v][i]]]
                              ELSE anon_vma
               /\ Return("shmem_setattr", 0)
               /\ UNCHANGED <<fd_installed, seals, i_mode, xflags, i_mmap_writable, vm_flags,
                              readerVars>>

(* fchmod() -> shmem_setattr() with ATTR_MODE: F_SEAL_EXEC forbids        *)
(* changing the exec bits (6.3+). Modelled where the seal exists: before, *)
(* the mode changes nothing this spec checks.                              *)
ShmemSetattrMode(mode) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemSetattrMode", mode |-> mode]
    /\ HasExecSeal
    /\ IF "F_SEAL_EXEC" \in seals /\ mode # i_mode
       THEN /\ Fail("shmem_setattr", -EPERM)
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE /\ i_mode' = mode
            /\ Return("shmem_setattr", 0)
            /\ UNCHANGED <<fd_installed, seals, xflags, i_size, i_pages, mmVars, readerVars>>

(* fallocate() -> shmem_fallocate(), under inode_lock. PUNCH_HOLE needs    *)
(* KEEP_SIZE (the VFS insists), so it stands for both. The punch zaps PTEs *)
(* with unmap_mapping_range(..., 0): even_cows = 0, so a private COW copy  *)
(* in the hole survives ("No need to unmap again: hole-punching leaves     *)
(* COWed pages"); anon_vma is unchanged.                                   *)
ShmemFallocate(mode, off, len) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemFallocate", mode |-> mode, off |-> off, len |-> len]
    /\ off + len <= MaxPages
    /\ LET range == off .. off + len - 1
           err ==
             CASE mode = "FALLOC_FL_PUNCH_HOLE" /\ WriteSealed                    -> -EPERM
               [] mode # "FALLOC_FL_PUNCH_HOLE" /\ "F_SEAL_GROW" \in seals
                                                 /\ off + len > i_size            -> -EPERM
               [] OTHER                                                           -> 0
       IN IF err # 0
          THEN /\ Fail("shmem_fallocate", err)
               /\ UNCHANGED <<fileVars, mmVars, readerVars>>
          ELSE /\ i_pages' = [i \in PageIdx |->
                                IF i \notin range THEN i_pages[i]
                                ELSE IF mode = "FALLOC_FL_PUNCH_HOLE" THEN NoPage
                                ELSE IF i_pages[i] = NoPage THEN "zero" ELSE i_pages[i]]
               /\ i_size' = IF mode = "0" /\ off + len > i_size THEN off + len ELSE i_size
               /\ Return("shmem_fallocate", 0)
               /\ UNCHANGED <<fd_installed, seals, i_mode, xflags, mmVars, readerVars>>

(* mmap(fd f, MAP_SHARED or MAP_PRIVATE, PROT_READ[|PROT_WRITE]) of the    *)
(* whole file into VMA slot v: do_mmap() -> mmap_region() -> shmem_mmap(). *)
(* Atomic: mmap_lock is held, and the i_mmap_writable update is an atomic  *)
(* op that F_ADD_SEALS's deny also uses.                                   *)
DoMmap(v, f, shared, write) ==
    /\ fd_installed
    /\ arg' = [action |-> "DoMmap", v |-> v, f |-> f, shared |-> shared, write |-> write]
    /\ vm_flags[v] = {}
    /\ LET err == MmapResult(f, shared, write) IN
       IF err # 0
       THEN /\ Fail("do_mmap", err)
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE /\ vm_flags' = [vm_flags EXCEPT ![v] = MmapFinalFlags(f, shared, write)]
            \* the VMA's own count follows its final flags (__vma_link_file), in every revision
            /\ i_mmap_writable' = IF CountsWritable(MmapFinalFlags(f, shared, write))
                                  THEN i_mmap_writable + 1 ELSE i_mmap_writable
            /\ Return("do_mmap", 0)
            \* the slot was empty, so its anon_vma holds nothing (DoVmiMunmap emptied it)
            /\ UNCHANGED <<fileVars, anon_vma, readerVars>>

(* mprotect() -> do_mprotect_pkey(): adding PROT_WRITE needs VM_MAYWRITE.  *)
(* mprotect_fixup() changes protections only: the VMA keeps its anon_vma   *)
(* and its COW copies.                                                     *)
DoMprotectPkey(v, write) ==
    /\ fd_installed
    /\ arg' = [action |-> "DoMprotectPkey", v |-> v, write |-> write]
    /\ vm_flags[v] # {}
    /\ IF write /\ "VM_MAYWRITE" \notin vm_flags[v]
       THEN /\ Fail("do_mprotect_pkey", -EACCES)
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE /\ vm_flags' = [vm_flags EXCEPT ![v] = IF write THEN @ \cup {"VM_WRITE"}
                                                   ELSE @ \ {"VM_WRITE"}]
            /\ Return("do_mprotect_pkey", 0)
            /\ UNCHANGED <<fileVars, i_mmap_writable, anon_vma, readerVars>>

(* munmap() -> do_vmi_munmap(); a counted VMA drops its count in           *)
(* mapping_unmap_writable() (__remove_shared_vm_struct). unmap_vmas()      *)
(* frees the VMA's COW copies with its page tables (unlink_anon_vmas).     *)
DoVmiMunmap(v) ==
    /\ fd_installed
    /\ arg' = [action |-> "DoVmiMunmap", v |-> v]
    /\ vm_flags[v] # {}
    /\ vm_flags' = [vm_flags EXCEPT ![v] = {}]
    /\ anon_vma' = [anon_vma EXCEPT ![v] = [i \in PageIdx |-> NoPage]]
    /\ i_mmap_writable' = IF CountsWritable(vm_flags[v]) THEN i_mmap_writable - 1 ELSE i_mmap_writable
    /\ Return("do_vmi_munmap", 0)
    /\ UNCHANGED <<fileVars, readerVars>>

(* A load or store through VMA v at page i: shmem_fault() ->               *)
(* shmem_get_folio(SGP_CACHE), which allocates a hole, since shmem has no  *)
(* shared zero page. A store needs VM_WRITE (else SIGSEGV, not modelled).  *)
(* A store to a MAP_PRIVATE VMA (is_cow_mapping) copies the page into the  *)
(* VMA's anonymous memory: do_cow_fault() (the page is faulted in through  *)
(* shmem_fault first, so a hole is allocated) or wp_page_copy() on a       *)
(* read-only PTE of it; the file is left alone. The stored bytes fill the  *)
(* page, so the copy is "user". From then on the VMA's PTE maps its anon   *)
(* page: loads and stores through it do not reach shmem (no allocation, no *)
(* i_size check, which a copy cannot be past: see ShmemSetattrSize), and   *)
(* they see the copy, not the file. A page the VMA has not copied is the   *)
(* file's current page (a later write() shows through).                    *)
ShmemFault(v, i, write) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemFault", v |-> v, i |-> i, write |-> write]
    /\ vm_flags[v] # {}
    /\ write => "VM_WRITE" \in vm_flags[v]
    /\ IF anon_vma[v][i] # NoPage
       THEN /\ ret' = [fn |-> "shmem_fault", val |-> 0,
                       data |-> IF write THEN NoPage ELSE anon_vma[v][i]]
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE IF \/ i >= i_size
               \* v7: no implicit allocation by a write fault (UNCONFIRMED how v7 failed it)
               \/ write /\ "F_SEAL_AUTO_ALLOCATE" \in seals /\ i_pages[i] = NoPage
       THEN /\ Fail("shmem_fault", VM_FAULT_SIGBUS)
            /\ UNCHANGED <<fileVars, mmVars, readerVars>>
       ELSE /\ i_pages' = [i_pages EXCEPT ![i] =
                             IF write /\ "VM_SHARED" \in vm_flags[v] THEN "user"
                             ELSE IF @ = NoPage THEN "zero" ELSE @]
            /\ anon_vma' = IF write /\ "VM_SHARED" \notin vm_flags[v]
                           THEN [anon_vma EXCEPT ![v][i] = "user"]
                           ELSE anon_vma
            /\ ret' = [fn |-> "shmem_fault", val |-> 0,
                       data |-> IF write THEN NoPage ELSE Observed(i)]
            /\ UNCHANGED <<fd_installed, seals, i_mode, xflags, i_size, i_mmap_writable,
                           vm_flags, readerVars>>

(* ioctl(UFFDIO_COPY) on a userfaultfd-registered VMA ->                   *)
(* shmem_mfill_atomic_pte(): places a new page with the user's data.       *)
(* Modelled only on a VM_SHARED|VM_WRITE VMA (an assumption: a missing-    *)
(* mode registration on a writable shared mapping of the memfd).           *)
ShmemMfillAtomicPte(v, i) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemMfillAtomicPte", v |-> v, i |-> i]
    /\ {"VM_SHARED", "VM_WRITE"} \subseteq vm_flags[v]
    /\ LET err == CASE i >= i_size          -> -EFAULT   \* pgoff >= max_off
                    [] i_pages[i] # NoPage  -> -EEXIST
                    [] OTHER                -> 0
       IN IF err # 0
          THEN /\ Fail("shmem_mfill_atomic_pte", err)
               /\ UNCHANGED <<fileVars, mmVars, readerVars>>
          ELSE /\ i_pages' = [i_pages EXCEPT ![i] = "user"]
               /\ Return("shmem_mfill_atomic_pte", 0)
               /\ UNCHANGED <<fd_installed, seals, i_mode, xflags, i_size, mmVars, readerVars>>

(* v4/v5: the guest stores to page i through KVM. KVM gets the pfn from    *)
(* shmem_get_lock_pfn() (memfile_notifier pfn_ops; shmem_getpage(SGP_WRITE) *)
(* allocates), and accepts only an inaccessible memfd as private backing,  *)
(* which only the revisions with the v4 seal or the v5 flag can make.      *)
ShmemGetLockPfn(i) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemGetLockPfn", i |-> i]
    /\ Inaccessible
    /\ i < i_size
    /\ i_pages' = [i_pages EXCEPT ![i] = "guest"]
    /\ Return("shmem_get_lock_pfn", 0)
    /\ UNCHANGED <<fd_installed, seals, i_mode, xflags, i_size, mmVars, readerVars>>

-----------------------------------------------------------------------------
(* read() of page i -> shmem_file_read_iter(), without inode_lock, in the  *)
(* steps the kernel takes: i_size_read() and the EOF check; (v4/v5) the     *)
(* inaccessible check; shmem_get_folio(SGP_READ), which does not allocate, *)
(* a second i_size_read() and the copy to userspace. ReadSealCheck says    *)
(* whether the check is there and whether it comes before the i_size read. *)

HasSealCheck == ReadSealCheck # "none"
SealFirst == ReadSealCheck = "before_i_size"

\* The reader's program counter, per order:
\*   after_i_size (v4, v5): idle -ReadISize-> i_size_read -ReadCheckSeal-> copy -ReadCopy-> idle
\*   before_i_size:         idle -ReadCheckSeal-> seal_checked -ReadISize-> copy -ReadCopy-> idle
\*   no seal check:        idle -ReadISize-> idle (one step: with no check between the
\*                         lockless i_size read and the copy, no property here can tell
\*                         the split from the atomic read)

ReadDone(val, data) ==
    /\ rd_pc' = "idle" /\ rd_index' = 0
    /\ ret' = [fn |-> "shmem_file_read_iter", val |-> val, data |-> data]

\* shmem_get_folio(SGP_READ) (no allocation: a hole reads as ZERO_PAGE), the
\* second i_size_read() ("reads (unlike writes) are called without i_mutex
\* protection against truncate"), and the copy if the page is still inside.
CopyOut(i) ==
    IF i >= i_size THEN ReadDone(0, NoPage) ELSE ReadDone(1, Observed(i))

\* i_size = i_size_read(inode); end_index = i_size >> PAGE_SHIFT;
\* if (index > end_index) break;  -- reading page i needs i < i_size.
ShmemReadISize(i) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemReadISize", i |-> i]
    /\ IF SealFirst THEN rd_pc = "seal_checked" /\ i = rd_index ELSE rd_pc = "idle"
    /\ IF i >= i_size
       THEN ReadDone(0, NoPage)
       ELSE IF ~HasSealCheck
       THEN CopyOut(i)
       ELSE /\ rd_pc' = IF SealFirst THEN "copy" ELSE "i_size_read"
            /\ rd_index' = i
            /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, mmVars>>

\* v4: if (SHMEM_I(inode)->seals & F_SEAL_INACCESSIBLE) { error = -EPERM; break; }
\* (v5 tests SHM_F_INACCESSIBLE, which never changes after memfd_create.)
ShmemReadCheckSeal(i) ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemReadCheckSeal", i |-> i]
    /\ HasSealCheck
    /\ IF SealFirst THEN rd_pc = "idle" ELSE rd_pc = "i_size_read" /\ i = rd_index
    /\ IF Inaccessible
       THEN ReadDone(-EPERM, NoPage)
       ELSE /\ rd_pc' = IF SealFirst THEN "seal_checked" ELSE "copy"
            /\ rd_index' = i
            /\ ret' = NoRet
    /\ UNCHANGED <<fileVars, mmVars>>

ShmemReadCopy ==
    /\ fd_installed
    /\ arg' = [action |-> "ShmemReadCopy"]
    /\ rd_pc = "copy"
    /\ CopyOut(rd_index)
    /\ UNCHANGED <<fileVars, mmVars>>

-----------------------------------------------------------------------------
Next ==
    \/ \E flags \in SUBSET MFD_ALL_FLAGS : MemfdCreate(flags)
    \/ \E f \in Fds, s \in SealArgs : MemfdAddSeals(f, s)
    \/ \E pos \in PageIdx, len \in 1 .. MaxPages : ShmemFileWriteIter(pos, len)
    \/ \E newsize \in 0 .. MaxPages : ShmemSetattrSize(newsize)
    \/ \E mode \in Modes : ShmemSetattrMode(mode)
    \/ \E mode \in FallocModes, off \in PageIdx, len \in 1 .. MaxPages : ShmemFallocate(mode, off, len)
    \/ \E v \in Vmas, f \in Fds, shared \in BOOLEAN, write \in BOOLEAN : DoMmap(v, f, shared, write)
    \/ \E v \in Vmas, write \in BOOLEAN : DoMprotectPkey(v, write)
    \/ \E v \in Vmas : DoVmiMunmap(v)
    \/ \E v \in Vmas, i \in PageIdx, write \in BOOLEAN : ShmemFault(v, i, write)
    \/ \E v \in Vmas, i \in PageIdx : ShmemMfillAtomicPte(v, i)
    \/ \E i \in PageIdx : ShmemGetLockPfn(i)
    \/ \E i \in PageIdx : ShmemReadISize(i)
    \/ \E i \in PageIdx : ShmemReadCheckSeal(i)
    \/ ShmemReadCopy

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Properties. Each says which promise of the kernel it states.            *)

\* fcntl(2): "seals can only be added, never removed".
SealsOnlyGrowProp == [][seals \subseteq seals']_seals

\* F_SEAL_SHRINK: "the file in question cannot be reduced in size";
\* F_SEAL_GROW: "the size of the file in question cannot be increased".
SizeRespectsSealsProp ==
    [][/\ "F_SEAL_SHRINK" \in seals => i_size' >= i_size
       /\ "F_SEAL_GROW" \in seals => i_size' <= i_size]_i_size

\* F_SEAL_WRITE: "you cannot modify the contents of the file". Truncation
\* and allocation, which F_SEAL_WRITE does not forbid, only ever leave zeros.
NoWriteAfterWriteSealProp ==
    [][fd_installed /\ "F_SEAL_WRITE" \in seals =>
         \A i \in PageIdx : Observed(i)' \in {Observed(i), "zero"}]_i_pages

\* F_SEAL_WRITE is refused (EBUSY) while a shared mapping could write, and no
\* such mapping can be made after it: no VMA that is shared and writable, or
\* shared and able to become writable by mprotect().
NoWritableMappingUnderWriteSealInv ==
    "F_SEAL_WRITE" \in seals =>
        \A v \in Vmas : ~({"VM_SHARED", "VM_MAYWRITE"} \subseteq vm_flags[v])
                        /\ ~({"VM_SHARED", "VM_WRITE"} \subseteq vm_flags[v])

\* 6.7+ (M-R2), kept by 8ec396d05d1b (M-R1): a write-sealed memfd can still
\* be mapped MAP_SHARED read-only.
WriteSealAllowsReadOnlyMapInv ==
    fd_installed /\ "F_SEAL_WRITE" \in seals /\ ~Inaccessible
        => MmapResult("rw", TRUE, FALSE) = 0

\* i_mmap_writable counts exactly the VMAs that hold a writable count, or is
\* -1 (mapping_deny_writable) with none of them.
MappingAccountingInv ==
    LET counted == Cardinality({v \in Vmas : CountsWritable(vm_flags[v])})
    IN \/ i_mmap_writable = counted
       \/ i_mmap_writable = -1 /\ counted = 0

\* F_SEAL_INACCESSIBLE / MFD_INACCESSIBLE: userspace never observes the
\* content a guest wrote after the file became inaccessible, by read() or by
\* a load through a mapping. (A step property: what a step copies out is in
\* the output ret.)
NoAccessAfterSealProp == [][ret'.data # "guest"]_vars

\* The v4 read path's claim (seed 003): checking the seal after i_size
\* "serializes read vs. setting F_SEAL_INACCESSIBLE without inode_lock".
NoReadAfterSealProp == [][ret'.fn = "shmem_file_read_iter" => ret'.data # "guest"]_vars

\* F_SEAL_AUTO_ALLOCATE: no page is allocated except by an explicit
\* fallocate(), "either from a direct write() or a write on the previously
\* mmap-ed area" (seed 000). One property per path as well, so that TLC
\* reports a shortest trace for each.
NewPage(i) == i_pages[i] = NoPage /\ i_pages'[i] # NoPage
NoImplicitAllocationProp ==
    [][ "F_SEAL_AUTO_ALLOCATE" \in seals =>
          \A i \in PageIdx : NewPage(i) => ret'.fn = "shmem_fallocate"]_vars
NotAllocatedBy(fn) ==
    "F_SEAL_AUTO_ALLOCATE" \in seals => \A i \in PageIdx : NewPage(i) => ret'.fn # fn
NoFaultAllocationProp == [][NotAllocatedBy("shmem_fault")]_vars
NoUffdAllocationProp == [][NotAllocatedBy("shmem_mfill_atomic_pte")]_vars

-----------------------------------------------------------------------------
(* The promises of memfd_create(2), F_ADD_SEALS (the man-pages' fcntl(2)    *)
(* text, now the page F_GET_SEALS(2const), man-pages 8f328dddeadd), the     *)
(* kernel's comments (Linux 6.18.y) and Documentation/userspace-api/        *)
(* mfd_noexec.rst, one property each. The step properties that need the    *)
(* call's parameters read the ghost arg; Did(a) says the step was action a. *)
(* A property named Man... or Doc... states its document's text literally  *)
(* where the kernel does otherwise, and is expected to be violated; so is   *)
(* FutureWriteFreezesContentsWitnessProp, the negation of a permission: its *)
(* trace shows the permitted step, and a revision where it held would have  *)
(* lost the permission. README lists them with their sources.              *)

Did(a) == arg'.action = a

(* F_ADD_SEALS and F_SEAL_SEAL.                                            *)

\* F_SEAL_SEAL: "If this seal is set, any further call to fcntl() with
\* F_ADD_SEALS fails with the error EPERM. Therefore, this seal prevents any
\* modifications to the set of seals itself." (F_GET_SEALS(2const).) An unknown
\* seal bit fails with EINVAL first (memfd_add_seals() tests "seals &
\* ~F_ALL_SEALS" before it takes inode_lock), so the errno is stated for the
\* defined seals.
SealSealProp ==
    [][ "F_SEAL_SEAL" \in seals =>
          /\ seals' = seals
          /\ (Did("MemfdAddSeals") /\ arg'.s \subseteq F_ALL_SEALS) => ret'.val = -EPERM ]_vars

\* F_ADD_SEALS: "In order to place a seal, the file descriptor fd must be
\* writable."; ERRORS: "EPERM op was F_ADD_SEALS, but fd was not open for
\* writing" and "EINVAL op is F_ADD_SEALS and arg includes an unrecognized
\* sealing bit" (F_GET_SEALS(2const)). memfd_add_seals() tests FMODE_WRITE
\* first, then the unknown bits.
AddSealsErrorsProp ==
    [][ Did("MemfdAddSeals") =>
          /\ arg'.f = "ro" => ret'.val = -EPERM
          /\ (arg'.f = "rw" /\ ~(arg'.s \subseteq F_ALL_SEALS)) => ret'.val = -EINVAL ]_vars

\* F_ADD_SEALS: "Adding a seal that is already set is a no-op, in case
\* F_SEAL_SEAL is not set already." (F_GET_SEALS(2const).) The call succeeds
\* and changes nothing.
AddSealsIdempotentProp ==
    [][ (Did("MemfdAddSeals") /\ arg'.f = "rw" /\ "F_SEAL_SEAL" \notin seals /\ arg'.s \subseteq seals)
          => ret'.val = 0 /\ seals' = seals /\ i_mmap_writable' = i_mmap_writable ]_vars

(* F_SEAL_SHRINK and F_SEAL_GROW.                                          *)

\* F_SEAL_SHRINK: "Those calls fail with EPERM if you try to shrink the file in
\* question."; F_SEAL_GROW: "This affects write(2) beyond the end of the file,
\* truncate(2), ftruncate(2), and fallocate(2). These calls fail with EPERM if
\* you use them to increase the file size." (F_GET_SEALS(2const).) The checks
\* are shmem_setattr(), shmem_write_begin() and shmem_fallocate() (mm/shmem.c).
\* fallocate() past the end is refused even with FALLOC_FL_KEEP_SIZE, which
\* would not change the size: the kernel is stricter than the text. A write is
\* refused here when it starts at or past the end; one that starts inside is
\* ManGrowSealWriteProp's.
SizeSealsEpermProp ==
    [][ /\ (Did("ShmemSetattrSize") /\ "F_SEAL_SHRINK" \in seals /\ arg'.newsize < i_size)
             => ret'.val = -EPERM
        /\ (Did("ShmemSetattrSize") /\ "F_SEAL_GROW" \in seals /\ arg'.newsize > i_size)
             => ret'.val = -EPERM
        /\ (/\ Did("ShmemFallocate") /\ "F_SEAL_GROW" \in seals
            /\ arg'.mode # "FALLOC_FL_PUNCH_HOLE" /\ arg'.off + arg'.len > i_size)
             => ret'.val = -EPERM
        /\ (Did("ShmemFileWriteIter") /\ "F_SEAL_GROW" \in seals /\ arg'.pos >= i_size)
             => ret'.val = -EPERM ]_vars

\* F_SEAL_GROW, literally: "This affects write(2) beyond the end of the file
\* ... These calls fail with EPERM if you use them to increase the file size."
\* (F_GET_SEALS(2const).) Expected violated: generic_perform_write() calls
\* shmem_write_begin() per page, so a write that starts inside the file and runs
\* past its end is a short write: it returns the bytes written up to the end,
\* not EPERM (the memfd selftest's mfd_fail_grow_write only checks that the
\* write is not complete).
ManGrowSealWriteProp ==
    [][ (Did("ShmemFileWriteIter") /\ "F_SEAL_GROW" \in seals /\ arg'.pos + arg'.len > i_size)
          => ret'.val = -EPERM ]_vars

\* What the size seals leave allowed: F_SEAL_SHRINK "Increasing the file size
\* is still possible."; F_SEAL_GROW "If you keep the size or shrink it, those
\* calls still work as expected."; F_SEAL_WRITE "Note that shrinking or growing
\* the size of the file is still possible and allowed." (F_GET_SEALS(2const).)
\* So ftruncate() fails only where a size seal forbids the change, a write
\* inside the file that no write seal forbids writes it all, and fallocate()
\* inside the file succeeds. The 2022 patches' own seals and flag (v4
\* F_SEAL_INACCESSIBLE refuses any resize of a non-empty file, v5
\* MFD_INACCESSIBLE and v7 F_SEAL_AUTO_ALLOCATE refuse writes) are left out.
SizeSealsAllowProp ==
    [][ /\ (/\ Did("ShmemSetattrSize") /\ "F_SEAL_INACCESSIBLE" \notin seals
            /\ arg'.newsize < i_size => "F_SEAL_SHRINK" \notin seals
            /\ arg'.newsize > i_size => "F_SEAL_GROW" \notin seals)
             => ret'.val = 0
        /\ (/\ Did("ShmemFileWriteIter") /\ arg'.pos + arg'.len <= i_size /\ ~WriteSealed
            /\ ~Inaccessible /\ "F_SEAL_AUTO_ALLOCATE" \notin seals)
             => ret'.val = arg'.len
        /\ (Did("ShmemFallocate") /\ arg'.mode # "FALLOC_FL_PUNCH_HOLE" /\ arg'.off + arg'.len <= i_size)
             => ret'.val = 0 ]_vars

(* F_SEAL_WRITE and F_SEAL_FUTURE_WRITE.                                   *)

\* F_SEAL_WRITE: "This seal affects write(2) and fallocate(2) (only in
\* combination with the FALLOC_FL_PUNCH_HOLE flag). Those calls fail with EPERM
\* if this seal is set."; F_SEAL_FUTURE_WRITE: "Likewise, an attempt to write
\* to the file via write(2) will fail with EPERM." (F_GET_SEALS(2const).)
\* shmem_write_begin() and shmem_fallocate() test both seals, so the hole punch
\* is refused under F_SEAL_FUTURE_WRITE too ("similar to F_SEAL_WRITE").
WriteSealEpermProp ==
    [][ (/\ \/ Did("ShmemFileWriteIter")
            \/ Did("ShmemFallocate") /\ arg'.mode = "FALLOC_FL_PUNCH_HOLE"
         /\ WriteSealed)
          => ret'.val = -EPERM ]_vars

\* F_SEAL_WRITE: "Furthermore, trying to create new shared, writable
\* memory-mappings via mmap(2) will also fail with EPERM."; F_SEAL_FUTURE_WRITE:
\* "Any attempt to create a new writable mapping on the file via mmap(2) will
\* fail with EPERM." (F_GET_SEALS(2const)); check_write_seal() (mm/memfd.c):
\* "New PROT_WRITE and MAP_SHARED mmaps are not allowed when write seals are
\* active." Asked of the O_RDWR fd: the O_RDONLY one fails with EACCES first.
WriteSealDeniesSharedWritableMapInv ==
    fd_installed /\ WriteSealed => MmapResult("rw", TRUE, TRUE) = -EPERM

\* F_SEAL_WRITE: "Using the F_ADD_SEALS operation to set the F_SEAL_WRITE seal
\* fails with EBUSY if any writable, shared mapping exists."; F_SEAL_EXEC: "All
\* the pre-requisites to add the implied seals must be met to successfully add
\* F_SEAL_EXEC." (F_GET_SEALS(2const).) So also for the F_SEAL_WRITE that
\* F_SEAL_EXEC implies on an executable memfd, which memfd_add_seals() checks
\* since 3b041514 ("memfd: deny writeable mappings when implying SEAL_WRITE").
WriteSealEbusyProp ==
    [][ (/\ Did("MemfdAddSeals") /\ arg'.f = "rw" /\ arg'.s \subseteq F_ALL_SEALS
         /\ "F_SEAL_SEAL" \notin seals /\ "F_SEAL_WRITE" \notin seals
         /\ "F_SEAL_WRITE" \in ExecImplied(arg'.s)
         /\ \E v \in Vmas : {"VM_SHARED", "VM_WRITE"} \subseteq vm_flags[v])
          => ret'.val = -EBUSY ]_vars

\* F_SEAL_WRITE's EBUSY, literally: "EBUSY op is F_ADD_SEALS, arg includes
\* F_SEAL_WRITE, and there exists a writable, shared mapping on the file"
\* (F_GET_SEALS(2const), ERRORS), as the cause of EBUSY. Expected violated: the
\* kernel's test is mapping_deny_writable() (i_mmap_writable > 0), which every
\* shared mapping that mprotect() could make writable counts (VM_SHARED with
\* VM_MAYWRITE: a read-only MAP_SHARED mapping of the O_RDWR fd made before the
\* seal), and before 6.7 every MAP_SHARED one. It must: such a mapping could
\* write the file after the seal.
ManWriteSealEbusyProp ==
    [][ (Did("MemfdAddSeals") /\ ret'.val = -EBUSY)
          => \E v \in Vmas : {"VM_SHARED", "VM_WRITE"} \subseteq vm_flags[v] ]_vars

\* F_SEAL_FUTURE_WRITE, and F_SEAL_WRITE since 6.7: no write access, now or
\* after mprotect(), through a shared mapping made after the seal.
\* check_write_seal() (mm/memfd.c): "This is a read-only mapping, disallow
\* mprotect() from making a write-sealed mapping writable in future." A mapping
\* made after the seal is made while the file is write-sealed (seals only grow),
\* so this says it is born without VM_WRITE and VM_MAYWRITE, and
\* MayWriteNeverRegainedProp keeps it so until munmap() (a VMA slot holds one
\* mapping from mmap() to munmap()). Together they state the promise without a
\* record of when each mapping was made. A mapping made before the seal is not
\* constrained: that is the seal's permission (FutureWriteFreezesContentsWitnessProp).
NewSharedMapUnderWriteSealReadOnlyProp ==
    \* UNCHANGED vm_flags, which the subscript allows anyway, comes first so that
    \* TLC skips the quantifier on the steps that leave the mappings alone.
    [][ UNCHANGED vm_flags \/ \A v \in Vmas :
          (vm_flags[v] = {} /\ vm_flags'[v] # {} /\ WriteSealed /\ "VM_MAYSHARE" \in vm_flags'[v])
            => vm_flags'[v] \cap {"VM_WRITE", "VM_MAYWRITE"} = {} ]_vm_flags

\* mprotect() cannot give a mapping what it may not have: do_mprotect_pkey()
\* (mm/mprotect.c) refuses PROT_WRITE without VM_MAYWRITE ("newflags >> 4 shift
\* VM_MAY% in place of VM_%", EACCES), and nothing adds VM_MAYWRITE after mmap().
MayWriteNeverRegainedProp ==
    [][ UNCHANGED vm_flags \/ \A v \in Vmas :
          (vm_flags[v] # {} /\ vm_flags'[v] # {} /\ "VM_MAYWRITE" \notin vm_flags[v])
            => /\ "VM_MAYWRITE" \notin vm_flags'[v]
               /\ "VM_WRITE" \in vm_flags'[v] => "VM_WRITE" \in vm_flags[v] ]_vm_flags

\* The permission F_SEAL_FUTURE_WRITE keeps: "the contents of the file can still
\* be modified via shared writable mappings that were created prior to the seal
\* being set." (F_GET_SEALS(2const)); "keeping existing shared writable
\* mappings" (memfd_create(2), NOTES). Stated as its negation, no store through
\* a mapping changes the file once the seal is set, so that TLC shows such a
\* store: expected violated in every revision.
FutureWriteFreezesContentsWitnessProp ==
    [][ (Did("ShmemFault") /\ "F_SEAL_FUTURE_WRITE" \in seals)
          => \A i \in PageIdx : Observed(i)' \in {Observed(i), "zero"} ]_vars

\* MAP_PRIVATE stays allowed under both write seals, read-only or writable:
\* check_write_seal() (mm/memfd.c): "If a private mapping then writability is
\* irrelevant."; the memfd selftest: "verify MAP_PRIVATE is *always* allowed
\* (even writable)". (F_SEAL_FUTURE_WRITE's "Any attempt to create a new
\* writable mapping" in F_GET_SEALS(2const) reads wider than this.)
PrivateMapAllowedUnderWriteSealInv ==
    fd_installed /\ WriteSealed /\ ~Inaccessible =>
        \A f \in Fds, w \in BOOLEAN : MmapResult(f, FALSE, w) = 0

\* A private mapping keeps VM_MAYWRITE under the seals, so mprotect(PROT_WRITE)
\* works on it: "Do this only for shared mappings. For private mappings, don't
\* need to mask VM_MAYWRITE as we still want them to be COW-writable."
\* (05d351102dbe, "mm, memfd: fix COW issue on MAP_PRIVATE and
\* F_SEAL_FUTURE_WRITE mappings", 5.5; is_readonly_sealed() later.)
PrivateMapKeepsMayWriteInv ==
    \A v \in Vmas : (vm_flags[v] # {} /\ "VM_MAYSHARE" \notin vm_flags[v]) => "VM_MAYWRITE" \in vm_flags[v]

\* ...and its stores stay in the mapping: "COW-writable" (ibid.); mmap(2)
\* MAP_PRIVATE: "Updates to the mapping are not visible to other processes
\* mapping the same file, and are not carried through to the underlying file."
\* No store through a MAP_PRIVATE mapping changes what the file holds.
PrivateStoresStayPrivateProp ==
    [][ (Did("ShmemFault") /\ arg'.write /\ "VM_SHARED" \notin vm_flags[arg'.v])
          => \A i \in PageIdx : Observed(i)' = Observed(i) ]_vars

(* F_SEAL_EXEC.                                                            *)

\* F_SEAL_EXEC: "If this seal is set, the execute mode bits of the file cannot
\* be modified. Attempting to change the execute mode bits via fchmod(2) or
\* similar will fail with EPERM. This results in a memfd that is either
\* permanently executable or permanently not executable." (F_GET_SEALS(2const);
\* shmem_setattr().) The two modes modelled differ in the exec bits alone.
ExecSealFreezesModeProp ==
    [][ "F_SEAL_EXEC" \in seals =>
          /\ i_mode' = i_mode
          /\ (Did("ShmemSetattrMode") /\ arg'.mode # i_mode) => ret'.val = -EPERM ]_vars

\* F_SEAL_EXEC: "Adding this seal implicitly adds F_SEAL_GROW, F_SEAL_SHRINK,
\* F_SEAL_WRITE, and F_SEAL_FUTURE_WRITE." (F_GET_SEALS(2const)), which
\* memfd_add_seals() does when the file is executable: "SEAL_EXEC implies
\* SEAL_WRITE, making W^X from the start." (if (seals & F_SEAL_EXEC &&
\* inode->i_mode & 0111)).
ExecSealImpliesWxInv == ("F_SEAL_EXEC" \in seals /\ i_mode = "0777") => WxSeals \subseteq seals

\* F_SEAL_EXEC's implied seals, literally, for every F_ADD_SEALS that adds it:
\* "Adding this seal implicitly adds F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE,
\* and F_SEAL_FUTURE_WRITE." (F_GET_SEALS(2const).) Expected violated:
\* memfd_add_seals() adds them only to an executable file (i_mode & 0111); on a
\* file made non-executable first (fchmod() to 0666) F_SEAL_EXEC comes alone
\* and the file stays writable, as an MFD_NOEXEC_SEAL memfd does.
ManExecSealImpliesWxProp ==
    [][ (Did("MemfdAddSeals") /\ "F_SEAL_EXEC" \in arg'.s /\ ret'.val = 0) => WxSeals \subseteq seals' ]_vars

\* F_SEAL_EXEC: "This ensures that the executable code is not writeable."
\* (F_GET_SEALS(2const).) Once an executable memfd carries F_SEAL_EXEC, no
\* shared mapping can write it, now or after mprotect() (write() and the punch
\* are WriteSealEpermProp's). M-R7 (before 3b041514) broke it.
ExecSealNotWritableInv ==
    ("F_SEAL_EXEC" \in seals /\ i_mode = "0777") =>
        \A v \in Vmas : /\ ~({"VM_SHARED", "VM_WRITE"} \subseteq vm_flags[v])
                        /\ ~({"VM_SHARED", "VM_MAYWRITE"} \subseteq vm_flags[v])

(* memfd_create() and vm.memfd_noexec.                                     *)

\* memfd_create(2), MFD_ALLOW_SEALING: "The initial set of seals is empty. If
\* this flag is not set, the initial set of seals will be F_SEAL_SEAL, meaning
\* that no other seals can be set on the file." The page does not know
\* MFD_NOEXEC_SEAL, MFD_EXEC or vm.memfd_noexec (6.3). Stated for the calls
\* without MFD_NOEXEC_SEAL: it holds at vm.memfd_noexec = 0 and is expected
\* violated at 1 and 2, where check_sysctl_memfd_noexec() makes such a call
\* MFD_NOEXEC_SEAL, and alloc_file() gives it F_SEAL_EXEC alone: sealable.
ManInitialSealsProp ==
    [][ (Did("MemfdCreate") /\ ret'.val = 0 /\ "MFD_NOEXEC_SEAL" \notin arg'.flags)
          => seals' = IF "MFD_ALLOW_SEALING" \in arg'.flags THEN {} ELSE {"F_SEAL_SEAL"} ]_vars

\* Documentation/userspace-api/mfd_noexec.rst: "When MFD_NOEXEC_SEAL bit is set
\* in the flags, memfd is created with NX. F_SEAL_EXEC is set and the memfd
\* can't be modified to add X later. MFD_ALLOW_SEALING is also implied."; "When
\* MFD_EXEC bit is set in the flags, memfd is created with X."; sanitize_flags()
\* (mm/memfd.c): "Invalid if both EXEC and NOEXEC_SEAL are set." ("can't be
\* modified to add X later" is ExecSealFreezesModeProp.)
NoexecFlagsProp ==
    [][ Did("MemfdCreate") =>
          /\ {"MFD_EXEC", "MFD_NOEXEC_SEAL"} \subseteq arg'.flags => ret'.val = -EINVAL
          /\ ("MFD_NOEXEC_SEAL" \in arg'.flags /\ ret'.val = 0)
               => i_mode' = "0666" /\ "F_SEAL_EXEC" \in seals' /\ "F_SEAL_SEAL" \notin seals'
          /\ ("MFD_EXEC" \in arg'.flags /\ ret'.val = 0) => i_mode' = "0777" ]_vars

\* mfd_noexec.rst, vm.memfd_noexec: "0: MEMFD_NOEXEC_SCOPE_EXEC memfd_create()
\* without MFD_EXEC nor MFD_NOEXEC_SEAL acts like MFD_EXEC was set. 1:
\* MEMFD_NOEXEC_SCOPE_NOEXEC_SEAL memfd_create() without MFD_EXEC nor
\* MFD_NOEXEC_SEAL acts like MFD_NOEXEC_SEAL was set. 2:
\* MEMFD_NOEXEC_SCOPE_NOEXEC_ENFORCED memfd_create() without MFD_NOEXEC_SEAL
\* will be rejected.", for scopes 0 and 1, and for MFD_EXEC at 2, which
\* check_sysctl_memfd_noexec() rejects with EACCES (MFD_EXEC with MFD_NOEXEC_SEAL
\* is EINVAL first). What scope 2 does to a call with neither flag is
\* DocNoexecEnforcedProp's.
NoexecScopeProp ==
    [][ (Did("MemfdCreate") /\ HasNoexecSysctl) =>
          /\ (arg'.flags \cap {"MFD_EXEC", "MFD_NOEXEC_SEAL"} = {} /\ MemfdNoexecScope = 0)
               => ret'.val = 0 /\ i_mode' = "0777" /\ "F_SEAL_EXEC" \notin seals'
          /\ (arg'.flags \cap {"MFD_EXEC", "MFD_NOEXEC_SEAL"} = {} /\ MemfdNoexecScope = 1)
               => /\ ret'.val = 0 /\ i_mode' = "0666"
                  /\ "F_SEAL_EXEC" \in seals' /\ "F_SEAL_SEAL" \notin seals'
          /\ (arg'.flags \cap {"MFD_EXEC", "MFD_NOEXEC_SEAL"} = {"MFD_EXEC"} /\ MemfdNoexecScope = 2)
               => ret'.val = -EACCES ]_vars

\* vm.memfd_noexec = 2, MEMFD_NOEXEC_SCOPE_NOEXEC_ENFORCED (mfd_noexec.rst):
\* what the scope is for, however memfd_create() gets there: every memfd is made
\* non-executable and sealed so (F_SEAL_EXEC), so none can ever be executed.
NoexecEnforcedInv ==
    (HasNoexecSysctl /\ MemfdNoexecScope = 2 /\ fd_installed) => i_mode = "0666" /\ "F_SEAL_EXEC" \in seals

\* mfd_noexec.rst, literally: "2: MEMFD_NOEXEC_SCOPE_NOEXEC_ENFORCED
\* memfd_create() without MFD_NOEXEC_SEAL will be rejected." Expected violated:
\* since 6.6 ("memfd: do not -EACCES old memfd_create() users with
\* vm.memfd_noexec=2", Aleksa Sarai) check_sysctl_memfd_noexec() makes a call
\* with neither flag MFD_NOEXEC_SEAL, as at 1, and rejects only MFD_EXEC; the
\* document still says "rejected".
DocNoexecEnforcedProp ==
    [][ (/\ Did("MemfdCreate") /\ HasNoexecSysctl /\ MemfdNoexecScope = 2
         /\ "MFD_NOEXEC_SEAL" \notin arg'.flags)
          => ret'.val < 0 ]_vars

=============================================================================
