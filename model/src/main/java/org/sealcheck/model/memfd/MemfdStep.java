package org.sealcheck.model.memfd;

import com.google.common.collect.Sets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * One step of the memfd model, typed: one record per action of the spec's Next, named as the
 * action, with the action's \E-bound parameters. Each knows its spec label ({@link #toStep()}),
 * the action's enabling condition ({@link #enabled}: the conditions that are not kernel checks,
 * such as "the fd exists" or "the reader is at this step"; a kernel check that fails is an enabled
 * step with an errno) and which kernel function it runs ({@link #run}).
 */
public sealed interface MemfdStep {

  /** The spec action's name (the TLA+ operator). */
  String action();

  /** The label TLC gives this step: action name and \E-bound parameters. */
  Step toStep();

  /** The spec action's guard in {@code s}. */
  boolean enabled(MemfdSystem s);

  /** Runs the kernel function on a mutable state in which {@link #enabled} holds. */
  void run(MemfdSystem s);

  // ------------------------------------------------------------------ the actions

  /** memfd_create(flags). */
  record MemfdCreate(Set<MfdFlag> flags) implements MemfdStep {
    public MemfdCreate {
      flags = immutable(flags, MfdFlag.class);
    }

    public String action() {
      return "MemfdCreate";
    }

    public Step toStep() {
      return Step.of(action(), "flags", SpecValue.strings(flags.stream().map(MfdFlag::name).toList()));
    }

    public boolean enabled(MemfdSystem s) {
      return !s.fdInstalled();
    }

    public void run(MemfdSystem s) {
      s.memfdCreate(flags);
    }
  }

  /** fcntl(f, F_ADD_SEALS, s). */
  record MemfdAddSeals(File f, Set<Seal> s) implements MemfdStep {
    public MemfdAddSeals {
      s = immutable(s, Seal.class);
    }

    public String action() {
      return "MemfdAddSeals";
    }

    public Step toStep() {
      return Step.of(action(), "f", SpecValue.of(f.specName()),
          "s", SpecValue.strings(s.stream().map(Seal::specName).toList()));
    }

    public boolean enabled(MemfdSystem st) {
      return st.fdInstalled();
    }

    public void run(MemfdSystem st) {
      st.memfdAddSeals(f, s);
    }
  }

  /** pwrite() of len pages at page pos. */
  record ShmemFileWriteIter(int pos, int len) implements MemfdStep {
    public String action() {
      return "ShmemFileWriteIter";
    }

    public Step toStep() {
      return Step.of(action(), "pos", SpecValue.of(pos), "len", SpecValue.of(len));
    }

    public boolean enabled(MemfdSystem s) {
      // The bound, not a kernel check: the model has no pages past MaxPages.
      return s.fdInstalled() && pos + len <= s.config().maxPages();
    }

    public void run(MemfdSystem s) {
      s.shmemFileWriteIter(pos, len);
    }
  }

  /** ftruncate() to newsize pages. */
  record ShmemSetattrSize(int newsize) implements MemfdStep {
    public String action() {
      return "ShmemSetattrSize";
    }

    public Step toStep() {
      return Step.of(action(), "newsize", SpecValue.of(newsize));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled();
    }

    public void run(MemfdSystem s) {
      s.shmemSetattr(Iattr.size(newsize));
    }
  }

  /** fchmod() to mode (0777 or 0666). */
  record ShmemSetattrMode(int mode) implements MemfdStep {
    public String action() {
      return "ShmemSetattrMode";
    }

    public Step toStep() {
      return Step.of(action(), "mode", SpecValue.of(modeName(mode)));
    }

    public boolean enabled(MemfdSystem s) {
      // Modelled only where F_SEAL_EXEC exists, the one seal fchmod() meets.
      return s.fdInstalled() && s.revision().hasExecSeal();
    }

    public void run(MemfdSystem s) {
      s.shmemSetattr(Iattr.mode(mode));
    }
  }

  /** fallocate(mode, off, len), in pages. */
  record ShmemFallocate(FallocMode mode, int off, int len) implements MemfdStep {
    public String action() {
      return "ShmemFallocate";
    }

    public Step toStep() {
      return Step.of(action(), "mode", SpecValue.of(mode.specName()), "off", SpecValue.of(off),
          "len", SpecValue.of(len));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && off + len <= s.config().maxPages();
    }

    public void run(MemfdSystem s) {
      s.shmemFallocate(mode, off, len);
    }
  }

  /** mmap() of file f into VMA slot v. */
  record DoMmap(int v, File f, boolean shared, boolean write) implements MemfdStep {
    public String action() {
      return "DoMmap";
    }

    public Step toStep() {
      return Step.of(action(), "v", SpecValue.of(v), "f", SpecValue.of(f.specName()),
          "shared", SpecValue.of(shared), "write", SpecValue.of(write));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.mm().vma(v) == null;
    }

    public void run(MemfdSystem s) {
      s.doMmap(v, f, shared, write);
    }
  }

  /** mprotect() of VMA v to PROT_READ or PROT_READ|PROT_WRITE. */
  record DoMprotectPkey(int v, boolean write) implements MemfdStep {
    public String action() {
      return "DoMprotectPkey";
    }

    public Step toStep() {
      return Step.of(action(), "v", SpecValue.of(v), "write", SpecValue.of(write));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.mm().vma(v) != null;
    }

    public void run(MemfdSystem s) {
      s.doMprotectPkey(v, write);
    }
  }

  /** munmap() of VMA v. */
  record DoVmiMunmap(int v) implements MemfdStep {
    public String action() {
      return "DoVmiMunmap";
    }

    public Step toStep() {
      return Step.of(action(), "v", SpecValue.of(v));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.mm().vma(v) != null;
    }

    public void run(MemfdSystem s) {
      s.doVmiMunmap(v);
    }
  }

  /** A load (write false) or store through VMA v at page i. */
  record ShmemFault(int v, int i, boolean write) implements MemfdStep {
    public String action() {
      return "ShmemFault";
    }

    public Step toStep() {
      return Step.of(action(), "v", SpecValue.of(v), "i", SpecValue.of(i), "write", SpecValue.of(write));
    }

    public boolean enabled(MemfdSystem s) {
      // A store needs VM_WRITE; without it the CPU faults with SIGSEGV, which is not modelled.
      VmAreaStruct vma = s.fdInstalled() ? s.mm().vma(v) : null;
      return vma != null && (!write || vma.has(VmFlag.VM_WRITE));
    }

    public void run(MemfdSystem s) {
      s.shmemFault(v, i, write);
    }
  }

  /** UFFDIO_COPY into VMA v at page i. */
  record ShmemMfillAtomicPte(int v, int i) implements MemfdStep {
    public String action() {
      return "ShmemMfillAtomicPte";
    }

    public Step toStep() {
      return Step.of(action(), "v", SpecValue.of(v), "i", SpecValue.of(i));
    }

    public boolean enabled(MemfdSystem s) {
      // The modelled registration: missing mode on a writable shared mapping.
      VmAreaStruct vma = s.fdInstalled() ? s.mm().vma(v) : null;
      return vma != null && vma.has(VmFlag.VM_SHARED) && vma.has(VmFlag.VM_WRITE);
    }

    public void run(MemfdSystem s) {
      s.shmemMfillAtomicPte(v, i);
    }
  }

  /** The guest stores to page i through KVM (v4, v5). */
  record ShmemGetLockPfn(int i) implements MemfdStep {
    public String action() {
      return "ShmemGetLockPfn";
    }

    public Step toStep() {
      return Step.of(action(), "i", SpecValue.of(i));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.revision().hasGuestPrivateMemory() && s.inaccessible()
          && i < s.iSize();
    }

    public void run(MemfdSystem s) {
      s.shmemGetLockPfn(i);
    }
  }

  /** The reader reads i_size (and, without a seal check, completes the read of page i). */
  record ShmemReadISize(int i) implements MemfdStep {
    public String action() {
      return "ShmemReadISize";
    }

    public Step toStep() {
      return Step.of(action(), "i", SpecValue.of(i));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.reader().canReadISize(i, s.revision());
    }

    public void run(MemfdSystem s) {
      s.shmemReadISize(i);
    }
  }

  /** The reader checks the inaccessible seal or flag (v4, v5). */
  record ShmemReadCheckSeal(int i) implements MemfdStep {
    public String action() {
      return "ShmemReadCheckSeal";
    }

    public Step toStep() {
      return Step.of(action(), "i", SpecValue.of(i));
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.reader().canReadCheckSeal(i, s.revision());
    }

    public void run(MemfdSystem s) {
      s.shmemReadCheckSeal(i);
    }
  }

  /** The reader looks its page up and copies it out. */
  record ShmemReadCopy() implements MemfdStep {
    public String action() {
      return "ShmemReadCopy";
    }

    public Step toStep() {
      return Step.of(action());
    }

    public boolean enabled(MemfdSystem s) {
      return s.fdInstalled() && s.reader().canReadCopy();
    }

    public void run(MemfdSystem s) {
      s.shmemReadCopy();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** "0777" for 0777: the spec's Modes strings. */
  static String modeName(int mode) {
    return String.format("%04o", mode);
  }

  private static <E extends Enum<E>> Set<E> immutable(Collection<E> c, Class<E> type) {
    EnumSet<E> s = EnumSet.noneOf(type);
    s.addAll(c);
    return Sets.immutableEnumSet(s);
  }

  /**
   * Every subset of {@code set}, as TLC enumerates SUBSET: by size, and subsets of one size in
   * the lexicographic order of their members' positions in {@code set}'s iteration order.
   */
  static <E extends Enum<E>> List<Set<E>> subsets(Set<E> set, Class<E> type) {
    List<E> elems = new ArrayList<>(set);
    List<Set<E>> out = new ArrayList<>();
    for (int size = 0; size <= elems.size(); size++) {
      addCombinations(elems, size, 0, EnumSet.noneOf(type), out);
    }
    return out;
  }

  private static <E extends Enum<E>> void addCombinations(List<E> elems, int size, int from,
      EnumSet<E> chosen, List<Set<E>> out) {
    if (chosen.size() == size) {
      out.add(Sets.immutableEnumSet(chosen));
      return;
    }
    for (int k = from; k < elems.size(); k++) {
      chosen.add(elems.get(k));
      addCombinations(elems, size, k + 1, chosen, out);
      chosen.remove(elems.get(k));
    }
  }
}
