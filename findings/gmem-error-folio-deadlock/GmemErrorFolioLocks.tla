------------------------- MODULE GmemErrorFolioLocks -------------------------
(***************************************************************************)
(* memory_failure() on a guest_memfd folio against kvm_gmem_punch_hole(),  *)
(* with locks that block: a task that wants a held lock waits, and its pc *)
(* says where. One folio (the poisoned one, inside the punched range), one *)
(* memory failure, one hole punch. What is read, at torvalds/linux        *)
(* 01f492e1817e (virt/kvm/guest_memfd.c) and linux-next (mm/):            *)
(*                                                                         *)
(*  memory_failure(): mutex_lock(&mf_mutex); ... folio_lock(folio)         *)
(*    (blocking); identify_page_state() -> me_pagecache_clean() ->         *)
(*    truncate_error_folio() -> mapping->a_ops->error_remove_folio() with  *)
(*    the folio locked (Documentation/filesystems/locking.rst:             *)
(*    error_remove_folio, folio locked: yes); folio_unlock().              *)
(*  kvm_gmem_error_folio(): filemap_invalidate_lock_shared(mapping);       *)
(*    invalidate begin (zap the SPTEs) and end; unlock; MF_DELAYED.        *)
(*  kvm_gmem_punch_hole(): filemap_invalidate_lock(mapping) (exclusive);   *)
(*    kvm_gmem_invalidate_begin() (zap under mmu_lock);                    *)
(*    truncate_inode_pages_range(): a first pass that skips a folio it     *)
(*    cannot folio_trylock(), then a second pass that folio_lock()s every  *)
(*    folio left in the range, blocking, until the range is empty;         *)
(*    kvm_gmem_invalidate_end(); filemap_invalidate_unlock().              *)
(*                                                                         *)
(* mm/filemap.c's lock order puts ->invalidate_lock before ->lock_page;    *)
(* kvm_gmem_error_folio() takes it after. Lockdep tracks neither the folio *)
(* lock nor, here, the order, so a cycle is silent.                        *)
(*                                                                         *)
(* Abstracted, and why that is safe for the question asked (can the two    *)
(* block each other): mf_mutex (one memory failure: never contended);      *)
(* mmu_lock (taken and released inside one step by invalidate begin/end   *)
(* and the zap, never held across a wait); the rwsem's queueing (one       *)
(* reader and one writer: a reader waits while the writer holds it).       *)
(*                                                                         *)
(* ErrorFolioDeferred is the fix under test: kvm_gmem_error_folio() takes  *)
(* no lock and queues the invalidation (a work item, after folio_unlock()  *)
(* in memory_failure()), which then takes the invalidate lock shared with  *)
(* no folio lock held, in filemap.c's order.                               *)
(***************************************************************************)
EXTENDS Naturals

CONSTANT ErrorFolioDeferred
ASSUME ErrorFolioDeferred \in BOOLEAN

VARIABLES
    pc,                \* per task: where it is; a wait names the lock
    invalidate_lock,   \* "none", "exclusive" (punch) or "shared" (a reader)
    folio_lock,        \* "none" or the task holding the folio lock
    in_page_cache,     \* the folio is still in the file
    hwpoison,          \* PG_hwpoison, set by memory_failure()
    spte,              \* a guest SPTE maps the folio
    work_queued        \* the deferred invalidation is queued (the fix)

vars == <<pc, invalidate_lock, folio_lock, in_page_cache, hwpoison, spte, work_queued>>

Tasks == {"punch", "mf", "work"}

Init ==
    /\ pc = [punch |-> "start", mf |-> "start", work |-> "idle"]
    /\ invalidate_lock = "none"
    /\ folio_lock = "none"
    /\ in_page_cache = TRUE
    /\ hwpoison = FALSE
    /\ spte = TRUE
    /\ work_queued = FALSE

Go(t, from, to) == pc[t] = from /\ pc' = [pc EXCEPT ![t] = to]

(* kvm_gmem_punch_hole() *)
FilemapInvalidateLock ==
    /\ Go("punch", "start", "wait_invalidate_lock_exclusive")
    /\ UNCHANGED <<invalidate_lock, folio_lock, in_page_cache, hwpoison, spte, work_queued>>
PunchTakeInvalidateLock ==
    /\ invalidate_lock = "none"
    /\ Go("punch", "wait_invalidate_lock_exclusive", "invalidate_begin")
    /\ invalidate_lock' = "exclusive"
    /\ UNCHANGED <<folio_lock, in_page_cache, hwpoison, spte, work_queued>>
KvmGmemInvalidateBegin ==
    /\ Go("punch", "invalidate_begin", "truncate_trylock")
    /\ spte' = FALSE
    /\ UNCHANGED <<invalidate_lock, folio_lock, in_page_cache, hwpoison, work_queued>>
\* truncate_inode_pages_range()'s first pass: folio_trylock() or skip.
TruncateTrylockPass ==
    /\ Go("punch", "truncate_trylock", "wait_folio_lock")
    /\ in_page_cache' = (in_page_cache /\ folio_lock # "none")
    /\ UNCHANGED <<invalidate_lock, folio_lock, hwpoison, spte, work_queued>>
\* Its second pass: folio_lock(), blocking, on every folio left.
TruncateLockPass ==
    /\ pc["punch"] = "wait_folio_lock"
    /\ in_page_cache => folio_lock = "none"
    /\ pc' = [pc EXCEPT !["punch"] = "invalidate_end"]
    /\ in_page_cache' = FALSE
    /\ UNCHANGED <<invalidate_lock, folio_lock, hwpoison, spte, work_queued>>
KvmGmemInvalidateEnd ==
    /\ Go("punch", "invalidate_end", "done")
    /\ invalidate_lock' = "none"
    /\ UNCHANGED <<folio_lock, in_page_cache, hwpoison, spte, work_queued>>

(* memory_failure() and kvm_gmem_error_folio() *)
MemoryFailure ==
    /\ Go("mf", "start", "wait_folio_lock")
    /\ UNCHANGED <<invalidate_lock, folio_lock, in_page_cache, hwpoison, spte, work_queued>>
MfFolioLock ==
    /\ pc["mf"] = "wait_folio_lock"
    /\ folio_lock = "none"
    \* A folio truncated meanwhile is no page cache folio: nothing for error_remove_folio.
    /\ pc' = [pc EXCEPT !["mf"] = IF in_page_cache THEN "error_remove_folio" ELSE "done"]
    /\ folio_lock' = IF in_page_cache THEN "mf" ELSE "none"
    /\ hwpoison' = TRUE
    /\ UNCHANGED <<invalidate_lock, in_page_cache, spte, work_queued>>
KvmGmemErrorFolio ==
    /\ Go("mf", "error_remove_folio",
          IF ErrorFolioDeferred THEN "folio_unlock" ELSE "wait_invalidate_lock_shared")
    /\ work_queued' = ErrorFolioDeferred
    /\ UNCHANGED <<invalidate_lock, folio_lock, in_page_cache, hwpoison, spte>>
ErrorFolioTakeInvalidateLock ==
    /\ invalidate_lock = "none"
    /\ Go("mf", "wait_invalidate_lock_shared", "error_folio_zap")
    /\ invalidate_lock' = "shared"
    /\ UNCHANGED <<folio_lock, in_page_cache, hwpoison, spte, work_queued>>
ErrorFolioZap ==
    /\ Go("mf", "error_folio_zap", "folio_unlock")
    /\ spte' = FALSE
    /\ invalidate_lock' = "none"
    /\ UNCHANGED <<folio_lock, in_page_cache, hwpoison, work_queued>>
MfFolioUnlock ==
    /\ Go("mf", "folio_unlock", "done")
    /\ folio_lock' = "none"
    /\ UNCHANGED <<invalidate_lock, in_page_cache, hwpoison, spte, work_queued>>

(* The fix's work item: the invalidation, with no folio lock held. *)
ErrorWorkStart ==
    /\ work_queued /\ pc["work"] = "idle"
    /\ pc' = [pc EXCEPT !["work"] = "wait_invalidate_lock_shared"]
    /\ UNCHANGED <<invalidate_lock, folio_lock, in_page_cache, hwpoison, spte, work_queued>>
ErrorWorkTakeInvalidateLock ==
    /\ invalidate_lock = "none"
    /\ Go("work", "wait_invalidate_lock_shared", "zap")
    /\ invalidate_lock' = "shared"
    /\ UNCHANGED <<folio_lock, in_page_cache, hwpoison, spte, work_queued>>
ErrorWorkZap ==
    /\ Go("work", "zap", "done")
    /\ spte' = FALSE
    /\ invalidate_lock' = "none"
    /\ work_queued' = FALSE
    /\ UNCHANGED <<folio_lock, in_page_cache, hwpoison>>

\* The memory failure handled and its work item run; the hole punch, if it
\* started, returned (a punch need not come: then no zap but the error's own
\* takes the SPTE away).
Done ==
    /\ pc["punch"] \in {"start", "done"}
    /\ pc["mf"] = "done"
    /\ pc["work"] \in {"idle", "done"} /\ ~work_queued
Terminated == Done /\ UNCHANGED vars

Next ==
    \/ FilemapInvalidateLock \/ PunchTakeInvalidateLock \/ KvmGmemInvalidateBegin
    \/ TruncateTrylockPass \/ TruncateLockPass \/ KvmGmemInvalidateEnd
    \/ MemoryFailure \/ MfFolioLock \/ KvmGmemErrorFolio \/ ErrorFolioTakeInvalidateLock
    \/ ErrorFolioZap \/ MfFolioUnlock
    \/ ErrorWorkStart \/ ErrorWorkTakeInvalidateLock \/ ErrorWorkZap
    \/ Terminated

Spec == Init /\ [][Next]_vars /\ WF_vars(Next)

(* Which lock a task waits for, and who holds a lock. *)
WaitsFor(t) ==
    CASE pc[t] = "wait_folio_lock" /\ (t = "mf" \/ in_page_cache) -> "folio"
      [] pc[t] \in {"wait_invalidate_lock_exclusive", "wait_invalidate_lock_shared"} -> "invalidate_lock"
      [] OTHER -> "none"
Holds(t, l) ==
    IF l = "folio" THEN folio_lock = t
    ELSE l = "invalidate_lock" /\ invalidate_lock # "none" /\
         \/ t = "punch" /\ invalidate_lock = "exclusive" /\ pc[t] \notin {"start", "wait_invalidate_lock_exclusive", "done"}
         \/ t = "mf" /\ pc[t] = "error_folio_zap"
         \/ t = "work" /\ pc[t] = "zap"

(* NoDeadlockInv: no set of tasks each waiting for a lock another of the *)
(* set holds. With three tasks, a cycle is of two (a task cannot hold    *)
(* what it waits for here, and "work" holds nothing another waits for    *)
(* while it waits).                                                      *)
NoDeadlockInv ==
    ~ \E a, b \in Tasks :
        /\ a # b
        /\ WaitsFor(a) # "none" /\ Holds(b, WaitsFor(a))
        /\ WaitsFor(b) # "none" /\ Holds(a, WaitsFor(b))

(* The promise kvm_gmem_error_folio() keeps: once the memory failure is  *)
(* handled (and, with the fix, its work item has run), no SPTE maps the  *)
(* poisoned folio.                                                        *)
PoisonUnmappedInv == Done /\ hwpoison => ~spte

(* Every task returns. *)
AllReturnProp == <>Done
==============================================================================
