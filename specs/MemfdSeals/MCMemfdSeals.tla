--------------------------- MODULE MCMemfdSeals ---------------------------
(***************************************************************************)
(* Model values for MemfdSeals. Each <revision>.cfg sets Revision and      *)
(* picks one of the two bound sets below.                                  *)
(***************************************************************************)
EXTENDS MemfdSeals

(* Upstream kernels: the memfd and debug revisions.                     *)

\* Two pages: enough for a write that starts inside i_size and runs past it
\* (the F_SEAL_GROW short write), for a hole next to a page, and for a
\* truncation that drops one page and keeps another. Every seal check
\* compares one offset with i_size, so larger files add no new outcome.
MC_MaxPages == 2

\* Two VMA slots: i_mmap_writable must go above one (two shared writable
\* mappings, one unmapped while the other stays) for the deny and the
\* accounting to be exercised beyond 0/1. The bugs found here need one.
MC_Vmas == {1, 2}

(* The 2022 patch revisions (v4, v4-seal-first, v5, v7).                   *)

\* One page: their questions are about whether a page can be allocated or
\* observed at all (v7 read fault and UFFDIO_COPY; v4 truncate-to-0, seal,
\* regrow and guest write under a reader or a mapping), which one page
\* shows; the seal checks they share with upstream are checked above.
MC_SeedMaxPages == 1

\* One VMA slot: a mapping that survives the seal (v4), or one to fault or
\* UFFDIO_COPY through (v7).
MC_SeedVmas == {1}

\* The default sysctl: memfd_create without EXEC/NOEXEC_SEAL means MFD_EXEC,
\* so the F_SEAL_EXEC -> F_SEAL_WRITE implication (M-R7) is reachable.
MC_MemfdNoexecScope == 0

(* --quick: the smallest bounds that still exercise every action. Each     *)
(* action ranges over PageIdx and Vmas, which one page and one slot make    *)
(* non-empty; what they leave out is what needs two (a short write that     *)
(* crosses i_size, a second shared mapping's count).                        *)
MC_QuickMaxPages == 1
MC_QuickVmas == {1}

(* vm.memfd_noexec = 1 and 2 (memfd-6.18-noexec-seal, -noexec-enforced).   *)

\* The sysctl acts in memfd_create() alone: it picks the flags a call gets
\* (check_sysctl_memfd_noexec()) and so the file's first mode and seals;
\* after that every step is the same at any scope. Their configs take the
\* one-page, one-VMA bounds above: the promises about the scope are about
\* that first step, and the seal checks they lead to (F_SEAL_EXEC on a
\* 0666 file, the seals that can still be added) do not depend on the size
\* or on a second mapping, which the scope-0 configs check.
MC_NoexecSealScope == 1
MC_NoexecEnforcedScope == 2
=============================================================================
