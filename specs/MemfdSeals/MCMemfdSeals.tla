--------------------------- MODULE MCMemfdSeals ---------------------------
(***************************************************************************)
(* Model values for MemfdSeals. The revision is set per config            *)
(* (<revision>.cfg); the bounds are the same for every revision, so that   *)
(* state counts compare across revisions.                                  *)
(***************************************************************************)
EXTENDS MemfdSeals

\* Two pages: enough for a write that starts inside i_size and runs past it
\* (the F_SEAL_GROW short write), for a hole next to a page, and for a
\* truncation that drops one page and keeps another. Every seal check
\* compares one offset with i_size, so larger files add no new outcome.
MC_MaxPages == 2

\* Two VMA slots: the i_mmap_writable count must go above one (two shared
\* writable mappings, one unmapped while the other stays) for the deny and
\* accounting checks to be exercised beyond 0/1. The bugs found here need one.
MC_Vmas == {1, 2}

\* The default sysctl: memfd_create without EXEC/NOEXEC_SEAL means MFD_EXEC,
\* so the F_SEAL_EXEC -> F_SEAL_WRITE implication (M-R7) is reachable.
MC_MemfdNoexecScope == 0
=============================================================================
