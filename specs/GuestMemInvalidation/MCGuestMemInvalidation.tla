------------------------ MODULE MCGuestMemInvalidation ------------------------
(***************************************************************************)
(* Model values for GuestMemInvalidation. Every cfg names one race: the    *)
(* actors it needs and the smallest bounds that show it. Each <config>.cfg *)
(* sets Revision and the bounds below.                                     *)
(***************************************************************************)
EXTENDS GuestMemInvalidation, TLC

CONSTANTS v1, v2, p1, p2, p3

\* One vCPU. Every property relates one fault to the operations around it;
\* two faults interact only through the SPTE they both install, and the
\* map step is atomic (the TDP MMU's cmpxchg). Symmetry over vCPUs is
\* therefore not needed here.
MC_Vcpus == {v1}
\* Two vCPUs, for a conformance cross-check in the long profile.
MC_TwoVcpus == {v1, v2}

\* Three pages for a two-page file: both pages can be allocated and a third
\* is free, so a punched page that a stale SPTE still maps can be handed out
\* again (the use-after-free shows as a wrong page, not as nothing).
MC_Pfns == {p1, p2, p3}

\* Pages are interchangeable: the allocator may hand out any free page and
\* the properties compare pages only for equality. Symmetry is sound for
\* the safety checks; the liveness cfgs do not use it.
MC_Symmetry == Permutations(MC_Pfns)

\* Two pages: a punch of one page next to a page it must not touch, and
\* the v9 unit mismatch, which needs a page at index >= 1 (index 0 in
\* bytes is 0 too).
MC_NPages == 2
MC_NGfns == 2

\* One memslot over the whole file, bound before the race starts.
MC_OneSlot == {1}
MC_OneSlotBase == [s \in {1} |-> 0]
MC_OneSlotPages == [s \in {1} |-> 2]

\* Two one-page memslots at gfns 0 and 1 over a two-page file: enough for
\* two bindings that overlap (both at pgoff 0) or not, and for a bind or
\* an unbind during a punch.
MC_TwoSlots == {1, 2}
MC_TwoSlotBase == [s \in {1, 2} |-> s - 1]
MC_TwoSlotPages == [s \in {1, 2} |-> 1]

\* Two invalidations: the retry check's two cases (an invalidation in
\* progress, and one that began and ended since the snapshot) each need
\* one, and a second shows the range accumulating. mmu_invalidate_seq is
\* an unsigned long: it never wraps in practice, and a modulo here would
\* make TLC report a wrap-around ABA that needs 2^64 invalidations.
MC_MaxSeq == 2

\* The liveness cfgs: one invalidation. A fault must complete after the last
\* invalidation whichever step of the fault it overlapped, and an unpaired
\* begin or end needs only one punch; liveness checking (no VIEW, no
\* symmetry) is what limits these cfgs.
MC_LiveMaxSeq == 1
(* --quick: one invalidation. Every actor still takes every step (a punch, *)
(* a conversion and a memory failure each once); what it leaves out is a    *)
(* second invalidation between a fault's snapshot and its check.            *)
MC_QuickMaxSeq == 1
=============================================================================
