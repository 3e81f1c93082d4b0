package org.sealcheck.model.memfd;

import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The properties of the spec's section on the documented promises: memfd_create(2), F_ADD_SEALS
 * (F_GET_SEALS(2const)), the kernel's comments and mfd_noexec.rst, in the spec's order; the spec's
 * comment on each quotes the text and names its source. Man…/Doc… state a document's text
 * literally where the kernel does otherwise (expected violated), FutureWriteFreezesContentsWitness
 * the negation of a permission. {@link MemfdProperties} dispatches on the names.
 */
public final class MemfdPromises {
  private MemfdPromises() {}

  private static final Set<Seal> WX_SEALS = Sets.immutableEnumSet(Seal.F_SEAL_SHRINK, Seal.F_SEAL_GROW,
      Seal.F_SEAL_WRITE, Seal.F_SEAL_FUTURE_WRITE);

  /** WriteSealed in {@code s}: F_SEAL_WRITE or F_SEAL_FUTURE_WRITE. */
  private static boolean writeSealed(MemfdSystem s) {
    return s.seals().contains(Seal.F_SEAL_WRITE) || s.seals().contains(Seal.F_SEAL_FUTURE_WRITE);
  }

  /** The spec's ExecImplied(s) in {@code b}: F_SEAL_EXEC on an executable file adds the W^X seals. */
  private static Set<Seal> execImplied(MemfdSystem b, Set<Seal> seals) {
    EnumSet<Seal> out = EnumSet.noneOf(Seal.class);
    out.addAll(seals);
    if (seals.contains(Seal.F_SEAL_EXEC) && b.iMode() == 0777) {
      out.addAll(WX_SEALS);
    }
    return out;
  }

  private static boolean has(Set<VmFlag> fl, VmFlag a, VmFlag b) {
    return fl.contains(a) && fl.contains(b);
  }

  /** [][A]_vars: A, or the step changes no variable (arg included). */
  private static boolean step(boolean a, MemfdSystem b, MemfdSystem after) {
    return a || b.equals(after);
  }

  // F_ADD_SEALS and F_SEAL_SEAL.

  /** F_SEAL_SEAL: the seals stay as they are, and F_ADD_SEALS of defined seals fails with EPERM. */
  public static boolean sealSealProp(MemfdSystem b, MemfdSystem a) {
    if (!b.seals().contains(Seal.F_SEAL_SEAL)) {
      return true;
    }
    boolean eperm = !(a.arg() instanceof MemfdStep.MemfdAddSeals add)
        || !b.revision().fAllSeals().containsAll(add.s()) || a.ret().val() == Errno.EPERM.neg();
    return step(a.seals().equals(b.seals()) && eperm, b, a);
  }

  /** F_ADD_SEALS errors: EPERM for an fd not open for writing, EINVAL for an unknown seal bit. */
  public static boolean addSealsErrorsProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdAddSeals add)) {
      return true;
    }
    boolean ok = (add.f() != File.RO || a.ret().val() == Errno.EPERM.neg())
        && (add.f() != File.RW || b.revision().fAllSeals().containsAll(add.s())
            || a.ret().val() == Errno.EINVAL.neg());
    return step(ok, b, a);
  }

  /** F_ADD_SEALS of seals already set, without F_SEAL_SEAL: succeeds and changes nothing. */
  public static boolean addSealsIdempotentProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdAddSeals add) || add.f() != File.RW
        || b.seals().contains(Seal.F_SEAL_SEAL) || !b.seals().containsAll(add.s())) {
      return true;
    }
    return step(a.ret().val() == 0 && a.seals().equals(b.seals()) && a.iMmapWritable() == b.iMmapWritable(),
        b, a);
  }

  // F_SEAL_SHRINK and F_SEAL_GROW.

  /** The size seals' EPERM: ftruncate() smaller or larger, fallocate() past the end, write() from it. */
  public static boolean sizeSealsEpermProp(MemfdSystem b, MemfdSystem a) {
    boolean shrink = b.seals().contains(Seal.F_SEAL_SHRINK);
    boolean grow = b.seals().contains(Seal.F_SEAL_GROW);
    int size = b.iSize();
    boolean refused;
    if (a.arg() instanceof MemfdStep.ShmemSetattrSize z) {
      refused = (shrink && z.newsize() < size) || (grow && z.newsize() > size);
    } else if (a.arg() instanceof MemfdStep.ShmemFallocate f) {
      refused = grow && f.mode() != FallocMode.FALLOC_FL_PUNCH_HOLE && f.off() + f.len() > size;
    } else if (a.arg() instanceof MemfdStep.ShmemFileWriteIter w) {
      refused = grow && w.pos() >= size;
    } else {
      refused = false;
    }
    return step(!refused || a.ret().val() == Errno.EPERM.neg(), b, a);
  }

  /** The man page's F_SEAL_GROW for write(2), literally: a write past the end fails with EPERM. */
  public static boolean manGrowSealWriteProp(MemfdSystem b, MemfdSystem a) {
    boolean past = b.seals().contains(Seal.F_SEAL_GROW) && a.arg() instanceof MemfdStep.ShmemFileWriteIter w
        && w.pos() + w.len() > b.iSize();
    return step(!past || a.ret().val() == Errno.EPERM.neg(), b, a);
  }

  /**
   * What the size seals leave allowed: ftruncate() that no size seal forbids, a write inside the
   * file that no write seal forbids (all of it), fallocate() inside the file.
   */
  public static boolean sizeSealsAllowProp(MemfdSystem b, MemfdSystem a) {
    Set<Seal> seals = b.seals();
    int size = b.iSize();
    boolean ok;
    if (a.arg() instanceof MemfdStep.ShmemSetattrSize z) {
      boolean allowed = !seals.contains(Seal.F_SEAL_INACCESSIBLE)
          && (z.newsize() >= size || !seals.contains(Seal.F_SEAL_SHRINK))
          && (z.newsize() <= size || !seals.contains(Seal.F_SEAL_GROW));
      ok = !allowed || a.ret().val() == 0;
    } else if (a.arg() instanceof MemfdStep.ShmemFileWriteIter w) {
      boolean allowed = w.pos() + w.len() <= size && !writeSealed(b) && !b.inaccessible()
          && !seals.contains(Seal.F_SEAL_AUTO_ALLOCATE);
      ok = !allowed || a.ret().val() == w.len();
    } else if (a.arg() instanceof MemfdStep.ShmemFallocate f) {
      boolean allowed = f.mode() != FallocMode.FALLOC_FL_PUNCH_HOLE && f.off() + f.len() <= size;
      ok = !allowed || a.ret().val() == 0;
    } else {
      ok = true;
    }
    return step(ok, b, a);
  }

  // F_SEAL_WRITE and F_SEAL_FUTURE_WRITE.

  /** Under either write seal, write() and fallocate(PUNCH_HOLE) fail with EPERM. */
  public static boolean writeSealEpermProp(MemfdSystem b, MemfdSystem a) {
    boolean denied = writeSealed(b) && (a.arg() instanceof MemfdStep.ShmemFileWriteIter
        || a.arg() instanceof MemfdStep.ShmemFallocate f && f.mode() == FallocMode.FALLOC_FL_PUNCH_HOLE);
    return step(!denied || a.ret().val() == Errno.EPERM.neg(), b, a);
  }

  /** Under either write seal, a new shared writable mapping (of the O_RDWR fd) fails with EPERM. */
  public static boolean writeSealDeniesSharedWritableMapInv(MemfdSystem s) {
    return !(s.fdInstalled() && writeSealed(s)) || s.mmapResult(File.RW, true, true) == Errno.EPERM.neg();
  }

  /**
   * F_ADD_SEALS that adds F_SEAL_WRITE, itself or implied by F_SEAL_EXEC, fails with EBUSY while a
   * writable shared mapping exists.
   */
  public static boolean writeSealEbusyProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdAddSeals add) || add.f() != File.RW
        || !b.revision().fAllSeals().containsAll(add.s()) || b.seals().contains(Seal.F_SEAL_SEAL)
        || b.seals().contains(Seal.F_SEAL_WRITE) || !execImplied(b, add.s()).contains(Seal.F_SEAL_WRITE)
        || !writableSharedMapping(b)) {
      return true;
    }
    return step(a.ret().val() == Errno.EBUSY.neg(), b, a);
  }

  /** The man page's EBUSY, literally: only a writable shared mapping makes F_ADD_SEALS fail with it. */
  public static boolean manWriteSealEbusyProp(MemfdSystem b, MemfdSystem a) {
    boolean ebusy = a.arg() instanceof MemfdStep.MemfdAddSeals && a.ret().val() == Errno.EBUSY.neg();
    return step(!ebusy || writableSharedMapping(b), b, a);
  }

  private static boolean writableSharedMapping(MemfdSystem s) {
    for (int v = 1; v <= s.config().vmas(); v++) {
      if (has(s.vmFlags(v), VmFlag.VM_SHARED, VmFlag.VM_WRITE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A shared mapping made while the file is write-sealed has neither VM_WRITE nor VM_MAYWRITE.
   * [][A]_vm_flags: a step that leaves vm_flags alone makes no mapping, so A holds on it.
   */
  public static boolean newSharedMapUnderWriteSealReadOnlyProp(MemfdSystem b, MemfdSystem a) {
    for (int v = 1; v <= b.config().vmas(); v++) {
      Set<VmFlag> now = a.vmFlags(v);
      if (b.vmFlags(v).isEmpty() && !now.isEmpty() && writeSealed(b) && now.contains(VmFlag.VM_MAYSHARE)
          && (now.contains(VmFlag.VM_WRITE) || now.contains(VmFlag.VM_MAYWRITE))) {
        return false;
      }
    }
    return true;
  }

  /** A mapping without VM_MAYWRITE never gets it, nor a VM_WRITE it did not have ([][A]_vm_flags). */
  public static boolean mayWriteNeverRegainedProp(MemfdSystem b, MemfdSystem a) {
    for (int v = 1; v <= b.config().vmas(); v++) {
      Set<VmFlag> was = b.vmFlags(v);
      Set<VmFlag> now = a.vmFlags(v);
      if (!was.isEmpty() && !now.isEmpty() && !was.contains(VmFlag.VM_MAYWRITE)
          && (now.contains(VmFlag.VM_MAYWRITE) || (now.contains(VmFlag.VM_WRITE) && !was.contains(VmFlag.VM_WRITE)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The negation of F_SEAL_FUTURE_WRITE's permission: no store through a mapping changes the file
   * once the seal is set (expected violated: mappings made before the seal still write).
   */
  public static boolean futureWriteFreezesContentsWitnessProp(MemfdSystem b, MemfdSystem a) {
    if (!b.seals().contains(Seal.F_SEAL_FUTURE_WRITE) || !(a.arg() instanceof MemfdStep.ShmemFault)) {
      return true;
    }
    return step(MemfdProperties.observedUnchangedOrZero(b, a), b, a);
  }

  /** Under either write seal, MAP_PRIVATE of either fd, read-only or writable, is allowed. */
  public static boolean privateMapAllowedUnderWriteSealInv(MemfdSystem s) {
    if (!(s.fdInstalled() && writeSealed(s) && !s.inaccessible())) {
      return true;
    }
    for (File f : File.values()) {
      if (s.mmapResult(f, false, false) != 0 || s.mmapResult(f, false, true) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Every private mapping (no VM_MAYSHARE) has VM_MAYWRITE: it stays COW-writable. */
  public static boolean privateMapKeepsMayWriteInv(MemfdSystem s) {
    for (int v = 1; v <= s.config().vmas(); v++) {
      Set<VmFlag> fl = s.vmFlags(v);
      if (!fl.isEmpty() && !fl.contains(VmFlag.VM_MAYSHARE) && !fl.contains(VmFlag.VM_MAYWRITE)) {
        return false;
      }
    }
    return true;
  }

  /** A store through a MAP_PRIVATE mapping changes nothing the file holds. */
  public static boolean privateStoresStayPrivateProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.ShmemFault f) || !f.write() || b.vmFlags(f.v()).contains(VmFlag.VM_SHARED)) {
      return true;
    }
    for (int i = 0; i < b.config().maxPages(); i++) {
      if (a.page(i).observed() != b.page(i).observed()) {
        return step(false, b, a);
      }
    }
    return true;
  }

  // F_SEAL_EXEC.

  /** Under F_SEAL_EXEC the mode never changes, and fchmod() to another mode fails with EPERM. */
  public static boolean execSealFreezesModeProp(MemfdSystem b, MemfdSystem a) {
    if (!b.seals().contains(Seal.F_SEAL_EXEC)) {
      return true;
    }
    boolean eperm = !(a.arg() instanceof MemfdStep.ShmemSetattrMode m) || m.mode() == b.iMode()
        || a.ret().val() == Errno.EPERM.neg();
    return step(a.iMode() == b.iMode() && eperm, b, a);
  }

  /** An executable memfd with F_SEAL_EXEC carries the W^X seals. */
  public static boolean execSealImpliesWxInv(MemfdSystem s) {
    return !(s.seals().contains(Seal.F_SEAL_EXEC) && s.iMode() == 0777) || s.seals().containsAll(WX_SEALS);
  }

  /** The man page's implied seals, literally: every F_ADD_SEALS that adds F_SEAL_EXEC adds W^X. */
  public static boolean manExecSealImpliesWxProp(MemfdSystem b, MemfdSystem a) {
    boolean added = a.arg() instanceof MemfdStep.MemfdAddSeals add && add.s().contains(Seal.F_SEAL_EXEC)
        && a.ret().val() == 0;
    return step(!added || a.seals().containsAll(WX_SEALS), b, a);
  }

  /** An executable memfd with F_SEAL_EXEC has no shared mapping that is or may become writable. */
  public static boolean execSealNotWritableInv(MemfdSystem s) {
    if (!(s.seals().contains(Seal.F_SEAL_EXEC) && s.iMode() == 0777)) {
      return true;
    }
    for (int v = 1; v <= s.config().vmas(); v++) {
      Set<VmFlag> fl = s.vmFlags(v);
      if (has(fl, VmFlag.VM_SHARED, VmFlag.VM_WRITE) || has(fl, VmFlag.VM_SHARED, VmFlag.VM_MAYWRITE)) {
        return false;
      }
    }
    return true;
  }

  // memfd_create() and vm.memfd_noexec.

  /** memfd_create(2)'s initial seals, for calls without MFD_NOEXEC_SEAL: {} with MFD_ALLOW_SEALING, else F_SEAL_SEAL. */
  public static boolean manInitialSealsProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdCreate c) || a.ret().val() != 0
        || c.flags().contains(MfdFlag.MFD_NOEXEC_SEAL)) {
      return true;
    }
    Set<Seal> want = c.flags().contains(MfdFlag.MFD_ALLOW_SEALING) ? Set.of() : Set.of(Seal.F_SEAL_SEAL);
    return step(a.seals().equals(want), b, a);
  }

  /** MFD_NOEXEC_SEAL: mode 0666, F_SEAL_EXEC, sealable; MFD_EXEC: 0777; both: EINVAL. */
  public static boolean noexecFlagsProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdCreate c)) {
      return true;
    }
    boolean exec = c.flags().contains(MfdFlag.MFD_EXEC);
    boolean noexec = c.flags().contains(MfdFlag.MFD_NOEXEC_SEAL);
    int val = a.ret().val();
    boolean ok = (!(exec && noexec) || val == Errno.EINVAL.neg())
        && (!(noexec && val == 0) || (a.iMode() == 0666 && a.seals().contains(Seal.F_SEAL_EXEC)
            && !a.seals().contains(Seal.F_SEAL_SEAL)))
        && (!(exec && val == 0) || a.iMode() == 0777);
    return step(ok, b, a);
  }

  /**
   * vm.memfd_noexec: with neither flag, scope 0 acts like MFD_EXEC and scope 1 like
   * MFD_NOEXEC_SEAL; scope 2 rejects MFD_EXEC with EACCES.
   */
  public static boolean noexecScopeProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdCreate c) || !b.revision().hasNoexecSysctl()) {
      return true;
    }
    int scope = b.config().memfdNoexecScope();
    boolean neither = !c.flags().contains(MfdFlag.MFD_EXEC) && !c.flags().contains(MfdFlag.MFD_NOEXEC_SEAL);
    int val = a.ret().val();
    boolean ok = (!(neither && scope == 0) || (val == 0 && a.iMode() == 0777
            && !a.seals().contains(Seal.F_SEAL_EXEC)))
        && (!(neither && scope == 1) || (val == 0 && a.iMode() == 0666 && a.seals().contains(Seal.F_SEAL_EXEC)
            && !a.seals().contains(Seal.F_SEAL_SEAL)))
        && (!(c.flags().contains(MfdFlag.MFD_EXEC) && !c.flags().contains(MfdFlag.MFD_NOEXEC_SEAL) && scope == 2)
            || val == Errno.EACCES.neg());
    return step(ok, b, a);
  }

  /** At vm.memfd_noexec = 2 every memfd is non-executable and carries F_SEAL_EXEC. */
  public static boolean noexecEnforcedInv(MemfdSystem s) {
    if (!(s.revision().hasNoexecSysctl() && s.config().memfdNoexecScope() == 2 && s.fdInstalled())) {
      return true;
    }
    return s.iMode() == 0666 && s.seals().contains(Seal.F_SEAL_EXEC);
  }

  /** mfd_noexec.rst's scope 2, literally: memfd_create() without MFD_NOEXEC_SEAL fails. */
  public static boolean docNoexecEnforcedProp(MemfdSystem b, MemfdSystem a) {
    if (!(a.arg() instanceof MemfdStep.MemfdCreate c) || !b.revision().hasNoexecSysctl()
        || b.config().memfdNoexecScope() != 2 || c.flags().contains(MfdFlag.MFD_NOEXEC_SEAL)) {
      return true;
    }
    return step(a.ret().val() < 0, b, a);
  }
}
