------------------------- MODULE GmemErrorFolioRwsem -------------------------
(***************************************************************************)
(* The same inversion as GmemErrorFolioLocks, without the punched page:    *)
(* memory_failure() on a guest_memfd folio while fallocate() allocates      *)
(* over it and any task queues for the invalidate lock exclusive. The       *)
(* invalidate lock is an rw_semaphore with the kernel's queueing. What is   *)
(* read, at torvalds/linux 01f492e1817e (virt/kvm/guest_memfd.c) and        *)
(* v6.18.38 (kernel/locking/rwsem.c):                                       *)
(*                                                                         *)
(*  kvm_gmem_allocate(): filemap_invalidate_lock_shared(mapping); for each  *)
(*    index kvm_gmem_get_folio() (__filemap_get_folio(FGP_LOCK|FGP_CREAT),  *)
(*    which sleeps in folio_lock() on a locked folio); folio_unlock();      *)
(*    filemap_invalidate_unlock_shared(). The read lock is held while it    *)
(*    waits for the folio lock.                                             *)
(*  memory_failure(): folio_lock(); ... kvm_gmem_error_folio():             *)
(*    filemap_invalidate_lock_shared() with the folio locked.               *)
(*  A writer: filemap_invalidate_lock() in kvm_gmem_punch_hole() of any     *)
(*    range, kvm_gmem_bind(), kvm_gmem_unbind(), kvm_gmem_release() or     *)
(*    kvm_gmem_populate(); it needs no folio lock to join the cycle.        *)
(*  down_read(): the fast path (rwsem_read_trylock()) fails when            *)
(*    RWSEM_FLAG_WAITERS is set; rwsem_down_read_slowpath() then queues     *)
(*    without stealing when the lock is reader-owned and rcnt > 1 ("To      *)
(*    prevent a constant stream of readers from starving a sleeping         *)
(*    writer"), and joins the wait list behind the waiting writer.          *)
(*  down_write(): takes the lock when no reader or writer holds it;         *)
(*    otherwise it waits in the list until the readers are gone.            *)
(*                                                                         *)
(* Abstracted, and why that is safe for a deadlock: a reader that finds no  *)
(* reader holding the lock may take it past a queued writer (the kernel's   *)
(* lock stealing when no RWSEM_FLAG_HANDOFF is set; with HANDOFF set it     *)
(* would wait instead, which only blocks more). Waking: when the lock is    *)
(* free the first waiter gets it, a reader at the head with the readers     *)
(* queued with it (rwsem_mark_wake()). mf_mutex and mmu_lock are never      *)
(* held across a wait here (one memory failure; mmu_lock inside a step).   *)
(*                                                                         *)
(* ErrorFolioDeferred is the fix under test, as in GmemErrorFolioLocks: the *)
(* invalidation runs in a work item with no folio lock held.                *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANT ErrorFolioDeferred
ASSUME ErrorFolioDeferred \in BOOLEAN

VARIABLES
    pc,            \* per task: where it is; a wait names the lock
    readers,       \* the tasks holding the invalidate lock shared
    writer,        \* the task holding it exclusive, or "none"
    wait_list,     \* the rwsem's wait list, oldest first
    folio_lock,    \* "none" or the task holding the folio lock
    hwpoison,      \* PG_hwpoison, set by memory_failure()
    spte,          \* a guest SPTE maps the folio
    work_queued    \* the deferred invalidation is queued (the fix)

vars == <<pc, readers, writer, wait_list, folio_lock, hwpoison, spte, work_queued>>

Tasks == {"alloc", "mf", "writer", "work"}
Exclusive(t) == t = "writer"

Init ==
    /\ pc = [alloc |-> "start", mf |-> "start", writer |-> "start", work |-> "idle"]
    /\ readers = {}
    /\ writer = "none"
    /\ wait_list = <<>>
    /\ folio_lock = "none"
    /\ hwpoison = FALSE
    /\ spte = TRUE
    /\ work_queued = FALSE

InList(t) == \E k \in 1 .. Len(wait_list) : wait_list[k] = t
Remove(s, t) == SelectSeq(s, LAMBDA x : x # t)

(* down_read()/down_write() called by t, which goes on to pc `next`:     *)
(* the lock now, or the wait list (its pc says which lock it waits for). *)
CanReadNow == writer = "none" /\ (wait_list = <<>> \/ readers = {})
CanWriteNow == writer = "none" /\ readers = {} /\ wait_list = <<>>
DownRead(t, next) ==
    IF CanReadNow
    THEN /\ readers' = readers \cup {t} /\ pc' = [pc EXCEPT ![t] = next]
         /\ UNCHANGED <<writer, wait_list>>
    ELSE /\ wait_list' = Append(wait_list, t) /\ pc' = [pc EXCEPT ![t] = "wait_invalidate_lock_shared"]
         /\ UNCHANGED <<readers, writer>>
DownWrite(t, next) ==
    IF CanWriteNow
    THEN /\ writer' = t /\ pc' = [pc EXCEPT ![t] = next]
         /\ UNCHANGED <<readers, wait_list>>
    ELSE /\ wait_list' = Append(wait_list, t) /\ pc' = [pc EXCEPT ![t] = "wait_invalidate_lock_exclusive"]
         /\ UNCHANGED <<readers, writer>>

\* Where each task goes once it has the invalidate lock.
AfterLock == [alloc |-> "get_folio", mf |-> "error_folio_zap", writer |-> "invalidate", work |-> "zap"]

\* rwsem_wake() -> rwsem_mark_wake(): the lock is free of a writer and t is
\* the first waiter (a writer also needs the readers gone), or t is a
\* reader and the first waiter is a reader (woken together).
RwsemGrant(t) ==
    /\ InList(t) /\ writer = "none"
    /\ IF Exclusive(t)
       THEN /\ wait_list[1] = t /\ readers = {}
            /\ writer' = t /\ UNCHANGED readers
       ELSE /\ ~Exclusive(wait_list[1])
            /\ readers' = readers \cup {t} /\ UNCHANGED writer
    /\ wait_list' = Remove(wait_list, t)
    /\ pc' = [pc EXCEPT ![t] = AfterLock[t]]
    /\ UNCHANGED <<folio_lock, hwpoison, spte, work_queued>>

UpRead(t, next) ==
    /\ readers' = readers \ {t} /\ pc' = [pc EXCEPT ![t] = next]
    /\ UNCHANGED <<writer, wait_list>>

(* kvm_gmem_allocate() over the folio *)
KvmGmemAllocate ==
    /\ pc["alloc"] = "start"
    /\ DownRead("alloc", "get_folio")
    /\ UNCHANGED <<folio_lock, hwpoison, spte, work_queued>>
\* kvm_gmem_get_folio(): folio_lock(), sleeping while another holds it;
\* folio_unlock() and the read unlock follow with nothing between.
KvmGmemGetFolio ==
    /\ pc["alloc"] = "get_folio" /\ folio_lock = "none"
    /\ UpRead("alloc", "done")
    /\ UNCHANGED <<folio_lock, hwpoison, spte, work_queued>>

(* A writer of the invalidate lock that touches no folio (a punch of     *)
(* another range, a memslot bind or unbind, release, populate).          *)
FilemapInvalidateLock ==
    /\ pc["writer"] = "start"
    /\ DownWrite("writer", "invalidate")
    /\ UNCHANGED <<folio_lock, hwpoison, spte, work_queued>>
FilemapInvalidateUnlock ==
    /\ pc["writer"] = "invalidate"
    /\ writer' = "none" /\ pc' = [pc EXCEPT !["writer"] = "done"]
    /\ UNCHANGED <<readers, wait_list, folio_lock, hwpoison, spte, work_queued>>

(* memory_failure() and kvm_gmem_error_folio() *)
MemoryFailure ==
    /\ pc["mf"] = "start" /\ folio_lock = "none"
    /\ pc' = [pc EXCEPT !["mf"] = "error_remove_folio"]
    /\ folio_lock' = "mf" /\ hwpoison' = TRUE
    /\ UNCHANGED <<readers, writer, wait_list, spte, work_queued>>
KvmGmemErrorFolio ==
    /\ pc["mf"] = "error_remove_folio"
    /\ IF ErrorFolioDeferred
       THEN /\ pc' = [pc EXCEPT !["mf"] = "folio_unlock"] /\ work_queued' = TRUE
            /\ UNCHANGED <<readers, writer, wait_list>>
       ELSE /\ DownRead("mf", "error_folio_zap") /\ UNCHANGED work_queued
    /\ UNCHANGED <<folio_lock, hwpoison, spte>>
ErrorFolioZap ==
    /\ pc["mf"] = "error_folio_zap"
    /\ spte' = FALSE
    /\ UpRead("mf", "folio_unlock")
    /\ UNCHANGED <<folio_lock, hwpoison, work_queued>>
MfFolioUnlock ==
    /\ pc["mf"] = "folio_unlock"
    /\ pc' = [pc EXCEPT !["mf"] = "done"] /\ folio_lock' = "none"
    /\ UNCHANGED <<readers, writer, wait_list, hwpoison, spte, work_queued>>

(* The fix's work item: the invalidation, with no folio lock held. *)
KvmGmemErrorFolioWork ==
    /\ pc["work"] = "idle" /\ work_queued
    /\ DownRead("work", "zap")
    /\ UNCHANGED <<folio_lock, hwpoison, spte, work_queued>>
ErrorWorkZap ==
    /\ pc["work"] = "zap"
    /\ spte' = FALSE /\ work_queued' = FALSE
    /\ UpRead("work", "done")
    /\ UNCHANGED <<folio_lock, hwpoison>>

Done ==
    /\ \A t \in {"alloc", "mf", "writer"} : pc[t] = "done"
    /\ pc["work"] \in {"idle", "done"} /\ ~work_queued
Terminated == Done /\ UNCHANGED vars

Next ==
    \/ KvmGmemAllocate \/ KvmGmemGetFolio
    \/ FilemapInvalidateLock \/ FilemapInvalidateUnlock
    \/ MemoryFailure \/ KvmGmemErrorFolio \/ ErrorFolioZap \/ MfFolioUnlock
    \/ KvmGmemErrorFolioWork \/ ErrorWorkZap
    \/ \E t \in Tasks : RwsemGrant(t)
    \/ Terminated

Spec == Init /\ [][Next]_vars /\ WF_vars(Next)

(* Waits-for: t waits for u's folio lock, for u holding the invalidate   *)
(* lock in a way t's wait conflicts with, or for a writer u queued ahead *)
(* of t (a waiting reader is granted only behind it).                     *)
Before(u, t) == \E j, k \in 1 .. Len(wait_list) : j < k /\ wait_list[j] = u /\ wait_list[k] = t
WaitsFor(t, u) ==
    \/ t = "alloc" /\ pc[t] = "get_folio" /\ folio_lock = u
    \/ InList(t) /\ (writer = u \/ (Exclusive(t) /\ u \in readers) \/ (Before(u, t) /\ Exclusive(u)))
\* The tasks that reach themselves along waits-for (at most four hops).
Reach(t) ==
    LET R1 == {u \in Tasks : WaitsFor(t, u)}
        R2 == R1 \cup {w \in Tasks : \E u \in R1 : WaitsFor(u, w)}
        R3 == R2 \cup {w \in Tasks : \E u \in R2 : WaitsFor(u, w)}
    IN  R3 \cup {w \in Tasks : \E u \in R3 : WaitsFor(u, w)}
Deadlocked == {t \in Tasks : t \in Reach(t)}
NoDeadlockInv == Deadlocked = {}

PoisonUnmappedInv == Done /\ hwpoison => ~spte
AllReturnProp == <>Done
==============================================================================
