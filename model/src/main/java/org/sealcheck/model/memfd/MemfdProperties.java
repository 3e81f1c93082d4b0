package org.sealcheck.model.memfd;

import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * The spec's properties, evaluated on the Java model's own states, with the spec's names: state
 * invariants (…Inv, and TypeOK) and step properties of the form {@code [][A]_v} (…Prop), which
 * hold on a step when A holds or v is unchanged. Each says which promise of the kernel it states;
 * the spec's comment above the property quotes it and names its source. Properties about a call's
 * parameters read the step that made the state ({@link MemfdSystem#arg()}, the spec's ghost arg).
 * This class names every property and holds the model's own and the 2022 patches' ones; the
 * documented promises are in {@link MemfdPromises}.
 */
public final class MemfdProperties {
  private MemfdProperties() {}

  public static final Set<String> INVARIANTS = ImmutableSet.of("TypeOK",
      "NoWritableMappingUnderWriteSealInv", "WriteSealAllowsReadOnlyMapInv", "MappingAccountingInv",
      "WriteSealDeniesSharedWritableMapInv", "PrivateMapAllowedUnderWriteSealInv",
      "PrivateMapKeepsMayWriteInv", "ExecSealImpliesWxInv", "ExecSealNotWritableInv",
      "NoexecEnforcedInv");

  public static final Set<String> STEP_PROPERTIES = ImmutableSet.of("SealsOnlyGrowProp",
      "SizeRespectsSealsProp", "NoWriteAfterWriteSealProp", "NoAccessAfterSealProp",
      "NoReadAfterSealProp", "NoImplicitAllocationProp", "NoFaultAllocationProp",
      "NoUffdAllocationProp", "SealSealProp", "AddSealsErrorsProp", "AddSealsIdempotentProp",
      "SizeSealsEpermProp", "ManGrowSealWriteProp", "SizeSealsAllowProp", "WriteSealEpermProp",
      "WriteSealEbusyProp", "ManWriteSealEbusyProp", "NewSharedMapUnderWriteSealReadOnlyProp",
      "MayWriteNeverRegainedProp", "FutureWriteFreezesContentsWitnessProp",
      "PrivateStoresStayPrivateProp", "ExecSealFreezesModeProp", "ManExecSealImpliesWxProp",
      "ManInitialSealsProp", "NoexecFlagsProp", "NoexecScopeProp", "DocNoexecEnforcedProp");

  private static final Set<String> ALL =
      ImmutableSet.<String>builder().addAll(INVARIANTS).addAll(STEP_PROPERTIES).build();

  /** Every property name, invariants first. */
  public static Set<String> names() {
    return ALL;
  }

  /**
   * Whether {@code property} is a step property ({@code [][A]_v}); false for an invariant.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static boolean isStepProperty(String property) {
    if (STEP_PROPERTIES.contains(property)) {
      return true;
    }
    if (INVARIANTS.contains(property)) {
      return false;
    }
    throw unknown(property);
  }

  /**
   * Whether {@code property} holds: an invariant in {@code after} ({@code before} is ignored and
   * may be null), a step property on the step {@code before -> after}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static boolean holds(String property, MemfdSystem before, MemfdSystem after) {
    switch (property) {
      case "TypeOK":
        return typeOK(after);
      case "NoWritableMappingUnderWriteSealInv":
        return noWritableMappingUnderWriteSealInv(after);
      case "WriteSealAllowsReadOnlyMapInv":
        return writeSealAllowsReadOnlyMapInv(after);
      case "MappingAccountingInv":
        return mappingAccountingInv(after);
      case "SealsOnlyGrowProp":
        return sealsOnlyGrowProp(before, after);
      case "SizeRespectsSealsProp":
        return sizeRespectsSealsProp(before, after);
      case "NoWriteAfterWriteSealProp":
        return noWriteAfterWriteSealProp(before, after);
      case "NoAccessAfterSealProp":
        return noAccessAfterSealProp(before, after);
      case "NoReadAfterSealProp":
        return noReadAfterSealProp(before, after);
      case "NoImplicitAllocationProp":
        return noImplicitAllocationProp(before, after);
      case "NoFaultAllocationProp":
        return noFaultAllocationProp(before, after);
      case "NoUffdAllocationProp":
        return noUffdAllocationProp(before, after);
      case "WriteSealDeniesSharedWritableMapInv":
        return MemfdPromises.writeSealDeniesSharedWritableMapInv(after);
      case "PrivateMapAllowedUnderWriteSealInv":
        return MemfdPromises.privateMapAllowedUnderWriteSealInv(after);
      case "PrivateMapKeepsMayWriteInv":
        return MemfdPromises.privateMapKeepsMayWriteInv(after);
      case "ExecSealImpliesWxInv":
        return MemfdPromises.execSealImpliesWxInv(after);
      case "ExecSealNotWritableInv":
        return MemfdPromises.execSealNotWritableInv(after);
      case "NoexecEnforcedInv":
        return MemfdPromises.noexecEnforcedInv(after);
      case "SealSealProp":
        return MemfdPromises.sealSealProp(before, after);
      case "AddSealsErrorsProp":
        return MemfdPromises.addSealsErrorsProp(before, after);
      case "AddSealsIdempotentProp":
        return MemfdPromises.addSealsIdempotentProp(before, after);
      case "SizeSealsEpermProp":
        return MemfdPromises.sizeSealsEpermProp(before, after);
      case "ManGrowSealWriteProp":
        return MemfdPromises.manGrowSealWriteProp(before, after);
      case "SizeSealsAllowProp":
        return MemfdPromises.sizeSealsAllowProp(before, after);
      case "WriteSealEpermProp":
        return MemfdPromises.writeSealEpermProp(before, after);
      case "WriteSealEbusyProp":
        return MemfdPromises.writeSealEbusyProp(before, after);
      case "ManWriteSealEbusyProp":
        return MemfdPromises.manWriteSealEbusyProp(before, after);
      case "NewSharedMapUnderWriteSealReadOnlyProp":
        return MemfdPromises.newSharedMapUnderWriteSealReadOnlyProp(before, after);
      case "MayWriteNeverRegainedProp":
        return MemfdPromises.mayWriteNeverRegainedProp(before, after);
      case "FutureWriteFreezesContentsWitnessProp":
        return MemfdPromises.futureWriteFreezesContentsWitnessProp(before, after);
      case "PrivateStoresStayPrivateProp":
        return MemfdPromises.privateStoresStayPrivateProp(before, after);
      case "ExecSealFreezesModeProp":
        return MemfdPromises.execSealFreezesModeProp(before, after);
      case "ManExecSealImpliesWxProp":
        return MemfdPromises.manExecSealImpliesWxProp(before, after);
      case "ManInitialSealsProp":
        return MemfdPromises.manInitialSealsProp(before, after);
      case "NoexecFlagsProp":
        return MemfdPromises.noexecFlagsProp(before, after);
      case "NoexecScopeProp":
        return MemfdPromises.noexecScopeProp(before, after);
      case "DocNoexecEnforcedProp":
        return MemfdPromises.docNoexecEnforcedProp(before, after);
      default:
        throw unknown(property);
    }
  }

  /** An invariant in one state. */
  public static boolean holds(String invariant, MemfdSystem state) {
    if (isStepProperty(invariant)) {
      throw new IllegalArgumentException(invariant + " is a step property: give a before and an after state");
    }
    return holds(invariant, null, state);
  }

  private static IllegalArgumentException unknown(String property) {
    return new IllegalArgumentException("unknown memfd property " + property + " (known: " + ALL + ")");
  }

  // ------------------------------------------------------------------ invariants

  /**
   * TypeOK: every variable in its range. Most of it the Java types guarantee; what they do not:
   * seals within the revision's F_ALL_SEALS, the two modelled modes, sizes and indices in bounds,
   * the count between -1 and the number of VMA slots.
   */
  public static boolean typeOK(MemfdSystem s) {
    MemfdConfig c = s.config();
    int maxPages = c.maxPages();
    boolean pagesOk = s.inode() == null || s.inode().mapping().capacity() == maxPages;
    return s.revision().fAllSeals().containsAll(s.seals())
        && (s.iMode() == 0777 || s.iMode() == 0666)
        && s.iSize() >= 0 && s.iSize() <= maxPages
        && pagesOk
        && s.iMmapWritable() >= -1 && s.iMmapWritable() <= c.vmas()
        && s.mm().slotCount() == c.vmas()
        && s.reader().index() >= 0 && s.reader().index() < maxPages
        && s.ret() != null;
  }

  /**
   * F_SEAL_WRITE is refused (EBUSY) while a shared mapping could write, and no such mapping can be
   * made after it: no VMA that is shared and writable, or shared and able to become writable by
   * mprotect().
   */
  public static boolean noWritableMappingUnderWriteSealInv(MemfdSystem s) {
    if (!s.seals().contains(Seal.F_SEAL_WRITE)) {
      return true;
    }
    for (int v = 1; v <= s.config().vmas(); v++) {
      Set<VmFlag> fl = s.vmFlags(v);
      if (fl.contains(VmFlag.VM_SHARED) && (fl.contains(VmFlag.VM_MAYWRITE) || fl.contains(VmFlag.VM_WRITE))) {
        return false;
      }
    }
    return true;
  }

  /**
   * 6.7+ (M-R2), kept by 8ec396d05d1b (M-R1): a write-sealed memfd can still be mapped MAP_SHARED
   * read-only. Asks the same pure function doMmap uses.
   */
  public static boolean writeSealAllowsReadOnlyMapInv(MemfdSystem s) {
    if (!(s.fdInstalled() && s.seals().contains(Seal.F_SEAL_WRITE) && !s.inaccessible())) {
      return true;
    }
    return s.mmapResult(File.RW, true, false) == 0;
  }

  /**
   * i_mmap_writable counts exactly the VMAs that hold a writable count, or is -1
   * (mapping_deny_writable) with none of them.
   */
  public static boolean mappingAccountingInv(MemfdSystem s) {
    int counted = 0;
    for (int v = 1; v <= s.config().vmas(); v++) {
      if (s.vmaIsSharedMaywrite(s.vmFlags(v))) {
        counted++;
      }
    }
    return s.iMmapWritable() == counted || (s.iMmapWritable() == -1 && counted == 0);
  }

  // ------------------------------------------------------------------ step properties

  /** fcntl(2): "seals can only be added, never removed". [][seals \subseteq seals']_seals */
  public static boolean sealsOnlyGrowProp(MemfdSystem b, MemfdSystem a) {
    return a.seals().containsAll(b.seals());
  }

  /**
   * F_SEAL_SHRINK: "the file in question cannot be reduced in size"; F_SEAL_GROW: "the size of
   * the file in question cannot be increased".
   */
  public static boolean sizeRespectsSealsProp(MemfdSystem b, MemfdSystem a) {
    if (a.iSize() == b.iSize()) {
      return true;
    }
    return (!b.seals().contains(Seal.F_SEAL_SHRINK) || a.iSize() >= b.iSize())
        && (!b.seals().contains(Seal.F_SEAL_GROW) || a.iSize() <= b.iSize());
  }

  /**
   * F_SEAL_WRITE: "you cannot modify the contents of the file". Truncation and allocation, which
   * F_SEAL_WRITE does not forbid, only ever leave zeros.
   */
  public static boolean noWriteAfterWriteSealProp(MemfdSystem b, MemfdSystem a) {
    return pagesUnchanged(b, a) || !(b.fdInstalled() && b.seals().contains(Seal.F_SEAL_WRITE))
        || observedUnchangedOrZero(b, a);
  }

  /**
   * F_SEAL_INACCESSIBLE / MFD_INACCESSIBLE: userspace never observes the content a guest wrote
   * after the file became inaccessible, by read() or by a load through a mapping.
   */
  public static boolean noAccessAfterSealProp(MemfdSystem b, MemfdSystem a) {
    return a.ret().data() != PageContent.GUEST || b.equals(a);
  }

  /**
   * The v4 read path's claim: checking the seal after i_size "serializes read vs. setting
   * F_SEAL_INACCESSIBLE without inode_lock".
   */
  public static boolean noReadAfterSealProp(MemfdSystem b, MemfdSystem a) {
    return a.ret().fn() != KernelFn.SHMEM_FILE_READ_ITER || a.ret().data() != PageContent.GUEST
        || b.equals(a);
  }

  /**
   * F_SEAL_AUTO_ALLOCATE: no page is allocated except by an explicit fallocate(), "either from a
   * direct write() or a write on the previously mmap-ed area".
   */
  public static boolean noImplicitAllocationProp(MemfdSystem b, MemfdSystem a) {
    return !allocatesUnderAutoAllocate(b, a) || a.ret().fn() == KernelFn.SHMEM_FALLOCATE || b.equals(a);
  }

  /** The same promise for the fault path alone. */
  public static boolean noFaultAllocationProp(MemfdSystem b, MemfdSystem a) {
    return notAllocatedBy(KernelFn.SHMEM_FAULT, b, a);
  }

  /** The same promise for userfaultfd's UFFDIO_COPY alone. */
  public static boolean noUffdAllocationProp(MemfdSystem b, MemfdSystem a) {
    return notAllocatedBy(KernelFn.SHMEM_MFILL_ATOMIC_PTE, b, a);
  }

  private static boolean notAllocatedBy(KernelFn fn, MemfdSystem b, MemfdSystem a) {
    return !allocatesUnderAutoAllocate(b, a) || a.ret().fn() != fn || b.equals(a);
  }

  /** F_SEAL_AUTO_ALLOCATE is set before the step and some hole gets a folio (NewPage). */
  private static boolean allocatesUnderAutoAllocate(MemfdSystem b, MemfdSystem a) {
    if (!b.seals().contains(Seal.F_SEAL_AUTO_ALLOCATE)) {
      return false;
    }
    for (int i = 0; i < b.config().maxPages(); i++) {
      if (b.page(i) == PageContent.NONE && a.page(i) != PageContent.NONE) {
        return true;
      }
    }
    return false;
  }

  static boolean pagesUnchanged(MemfdSystem b, MemfdSystem a) {
    for (int i = 0; i < b.config().maxPages(); i++) {
      if (b.page(i) != a.page(i)) {
        return false;
      }
    }
    return true;
  }

  /** Every page userspace observes is as it was in {@code b}, or zero. */
  static boolean observedUnchangedOrZero(MemfdSystem b, MemfdSystem a) {
    for (int i = 0; i < b.config().maxPages(); i++) {
      PageContent now = a.page(i).observed();
      if (now != b.page(i).observed() && now != PageContent.ZERO) {
        return false;
      }
    }
    return true;
  }
}
