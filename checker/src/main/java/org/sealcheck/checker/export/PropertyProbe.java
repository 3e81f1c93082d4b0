package org.sealcheck.checker.export;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.memfd.File;
import org.sealcheck.model.memfd.MemfdMachine;
import org.sealcheck.model.memfd.MemfdProperties;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import org.sealcheck.model.memfd.MemfdSystem;
import org.sealcheck.model.memfd.PageContent;
import org.sealcheck.model.memfd.Ret;
import org.sealcheck.model.memfd.Seal;
import org.sealcheck.model.memfd.VmFlag;

/**
 * The last test of an exported C program: one syscall (or a load under the fault handler) that
 * observes the violated property itself on the running kernel, after the trace's steps. What it must
 * return is asked of the Java model of the running kernel's revision, in the state the steps left
 * there; nothing is hard-coded, so the same probe passes on a kernel with the fix and fails when
 * the program is told to expect a kernel without it.
 *
 * <pre>
 *   WriteSealAllowsReadOnlyMapInv       mmap(PROT_READ, MAP_SHARED) of the O_RDWR memfd, unmapped
 *                                       again: the model's MmapResult("rw", TRUE, FALSE)
 *   NoWritableMappingUnderWriteSealInv  mprotect(PROT_READ|PROT_WRITE) of the first shared mapping:
 *                                       it succeeds iff the VMA is VM_MAYWRITE (mprotect_fixup()),
 *                                       i.e. iff a writable shared mapping is or can become there;
 *                                       with no shared mapping left, a new mmap(PROT_READ|PROT_WRITE,
 *                                       MAP_SHARED) (MmapResult("rw", TRUE, TRUE)), unmapped again
 *   NoWriteAfterWriteSealProp           pread() of the page the trace's last step changed on its own
 *                                       revision: whether the store (or write) landed in the file
 *   SealsOnlyGrowProp                   F_GET_SEALS
 *   SizeRespectsSealsProp               fstat()'s st_size, in pages
 * </pre>
 *
 * Every test also checks F_GET_SEALS and the size after the probe, so a probe's result is read
 * together with whether the file is sealed. The other properties get no probe: TypeOK and
 * MappingAccountingInv are about kernel-internal state (the variables' ranges; i_mmap_writable,
 * which userspace sees only as F_SEAL_WRITE's EBUSY, that is whether it is above zero, not whether
 * it counts the VMAs right), and the F_SEAL_INACCESSIBLE / F_SEAL_AUTO_ALLOCATE properties are
 * about seals and guest stores no upstream kernel has.
 */
final class PropertyProbe {

  private PropertyProbe() {}

  /** The probe's outcome as the program must see it. */
  sealed interface Outcome permits Probe, Skip, NoProbe {}

  /**
   * A probe to run.
   *
   * @param call the C expression that performs it (the model's ret.val convention)
   * @param want the C expression of the expected value
   * @param wantData what a read must see: DATA_ANY, DATA_ZERO, DATA_USER
   * @param after the model's state after the probe (its seals and size are checked too)
   * @param description the TAP test's description, naming the property
   */
  record Probe(String call, String want, String wantData, MemfdSystem after, String description)
      implements Outcome {}

  /** A probe that cannot run on the target (a skipped test), and why. */
  record Skip(String description) implements Outcome {}

  /** A property userspace cannot observe: no test, a TAP comment saying why. */
  record NoProbe(String why) implements Outcome {}

  /**
   * The probe for {@code property} after the steps.
   *
   * @param model the Java model of the running kernel's revision
   * @param before its state before the last step that was possible there
   * @param last its state after every step
   * @param own the model of the trace's own revision
   * @param steps the trace's steps (all of them possible on {@code own})
   */
  static Outcome of(String property, MemfdMachine model, MemfdSystem before, MemfdSystem last, MemfdMachine own,
      List<MemfdStep> steps) {
    MemfdRevision target = model.config().revision();
    switch (property) {
      case "TypeOK":
        return new NoProbe("TypeOK bounds the model's variables (ranges, slot counts), not a promise of the "
            + "kernel: nothing to observe");
      case "MappingAccountingInv":
        return new NoProbe("MappingAccountingInv is about i_mmap_writable, a kernel-internal counter; userspace "
            + "sees it only as F_SEAL_WRITE's EBUSY (whether it is above zero), not whether it counts the VMAs");
      case "NoAccessAfterSealProp":
      case "NoReadAfterSealProp":
        return new NoProbe(property + " is about data a guest stores through KVM into an F_SEAL_INACCESSIBLE "
            + "file, which " + target + " does not have and userspace cannot store");
      case "NoImplicitAllocationProp":
      case "NoFaultAllocationProp":
      case "NoUffdAllocationProp":
        return new NoProbe(property + " is about F_SEAL_AUTO_ALLOCATE, which " + target + " does not have");
      case "SealSealProp":
      case "AddSealsErrorsProp":
      case "AddSealsIdempotentProp":
      case "SizeSealsEpermProp":
      case "ManGrowSealWriteProp":
      case "SizeSealsAllowProp":
      case "WriteSealEpermProp":
      case "WriteSealEbusyProp":
      case "ManWriteSealEbusyProp":
      case "FutureWriteFreezesContentsWitnessProp":
      case "PrivateStoresStayPrivateProp":
      case "ExecSealFreezesModeProp":
      case "ManExecSealImpliesWxProp":
      case "ManInitialSealsProp":
      case "NoexecFlagsProp":
      case "NoexecScopeProp":
      case "DocNoexecEnforcedProp":
        return new NoProbe(property + " is about what the trace's last call returned and changed, which the "
            + "program already checks at that step against " + target + "'s model (its result, the data a load saw, "
            + "F_GET_SEALS and the size)");
      case "ExecSealImpliesWxInv":
        return new NoProbe(property + " is about the seals, which the program checks with F_GET_SEALS after every "
            + "step against " + target + "'s model");
      case "NoexecEnforcedInv":
        return new NoProbe(property + " is about the mode and seals memfd_create() gives at vm.memfd_noexec = 2; the "
            + "program checks the call's result and F_GET_SEALS, but not the sysctl or the mode");
      case "NewSharedMapUnderWriteSealReadOnlyProp":
      case "MayWriteNeverRegainedProp":
      case "PrivateMapKeepsMayWriteInv":
        return new NoProbe(property + " is about a mapping's VM_MAYWRITE, which userspace sees only as the result "
            + "of a later mprotect(PROT_WRITE); no probe makes one");
      case "WriteSealDeniesSharedWritableMapInv":
      case "PrivateMapAllowedUnderWriteSealInv":
        return new NoProbe(property + " is about the result a new mmap() would have; no probe for it yet "
            + "(WriteSealAllowsReadOnlyMapInv's shows how one would look)");
      default:
        break;
    }
    if (!last.fdInstalled()) {
      return new Skip(property + ": no probe, memfd_create() failed on " + target + " so there is no file");
    }
    String verdict = " (per the model, " + property + " " + (holds(property, before, last) ? "holds" : "is violated")
        + " there)";
    switch (property) {
      case "WriteSealAllowsReadOnlyMapInv": {
        int r = last.mmapResult(File.RW, true, false);
        return new Probe("do_mmap_probe(FD_RW, MAP_SHARED, PROT_READ)", Errno.describe(r), "DATA_ANY", last,
            property + ": mmap(PROT_READ, MAP_SHARED) on " + sealed(last) + " = " + Errno.describe(r)
                + " as " + target + " predicts" + verdict);
      }
      case "NoWritableMappingUnderWriteSealInv":
      case "ExecSealNotWritableInv": {
        for (int v = 1; v <= model.config().vmas(); v++) {
          if (last.mm().vma(v) != null && last.vmFlags(v).contains(VmFlag.VM_SHARED)) {
            Optional<MemfdSystem> next = model.apply(last, new MemfdStep.DoMprotectPkey(v, true));
            if (next.isPresent()) {
              String r = Errno.describe(next.get().ret().val());
              return new Probe("do_mprotect(" + v + ", PROT_READ | PROT_WRITE)", r, "DATA_ANY", next.get(),
                  property + ": mprotect(PROT_READ|PROT_WRITE) of shared mapping " + v + " of " + sealed(last)
                      + " = " + r + " as " + target + " predicts" + verdict);
            }
          }
        }
        int r = last.mmapResult(File.RW, true, true);
        return new Probe("do_mmap_probe(FD_RW, MAP_SHARED, PROT_READ | PROT_WRITE)", Errno.describe(r), "DATA_ANY",
            last, property + ": no shared mapping is left; mmap(PROT_READ|PROT_WRITE, MAP_SHARED) on " + sealed(last)
                + " = " + Errno.describe(r) + " as " + target + " predicts" + verdict);
      }
      case "NoWriteAfterWriteSealProp": {
        int i = pageTheLastStepChanged(own, steps);
        Optional<MemfdSystem> next = model.apply(last, new MemfdStep.ShmemReadISize(i));
        if (next.isEmpty()) {
          return new Skip(property + ": no probe, a read() of page " + i + " is not possible on " + target);
        }
        Ret r = next.get().ret();
        return new Probe("do_pread(" + i + ", &data)", Errno.describe(r.val()), dataOf(r.data()), next.get(),
            property + ": pread(page " + i + ") of " + sealed(last) + " after the last step = "
                + (r.val() == 1 ? "1 page of " + r.data().specName() + " data"
                    : r.val() == 0 ? "0 (past EOF)" : Errno.describe(r.val()))
                + " as " + target + " predicts" + verdict);
      }
      case "SealsOnlyGrowProp":
        return new Probe("do_get_seals()", seals(last.seals()), "DATA_ANY", last, property
            + ": F_GET_SEALS = " + seals(last.seals()) + " (before the last step " + seals(before.seals()) + ") as "
            + target + " predicts" + verdict);
      case "SizeRespectsSealsProp":
        return new Probe("do_size_pages()", Integer.toString(last.iSize()), "DATA_ANY", last, property
            + ": the size is " + last.iSize() + " pages (before the last step " + before.iSize() + ") as "
            + target + " predicts" + verdict);
      default:
        if (!MemfdProperties.names().contains(property)) {
          throw new BadInputException("the trace's property " + property + " is no MemfdSeals property of the Java "
              + "model (it has " + String.join(", ", MemfdProperties.names()) + ")");
        }
        // A property of the model that this table has no userspace probe for: the program still
        // checks every step; it says so instead of failing the export.
        return new NoProbe("no userspace probe is written for " + property + " yet (checker/.../export/"
            + "PropertyProbe.java); the steps above are checked, the property itself is not");
    }
  }

  private static boolean holds(String property, MemfdSystem before, MemfdSystem last) {
    return MemfdProperties.isStepProperty(property) ? MemfdProperties.holds(property, before, last)
        : MemfdProperties.holds(property, last);
  }

  /**
   * The first page whose content (as a reader sees it) the trace's last step changed on the
   * trace's own revision, where the violation is; page 0 if it changed none.
   */
  private static int pageTheLastStepChanged(MemfdMachine own, List<MemfdStep> steps) {
    MemfdSystem s = own.initial();
    MemfdSystem before = s;
    for (MemfdStep st : steps) {
      before = s;
      s = own.apply(s, st).orElseThrow(() -> new IllegalStateException(st + " is not possible on "
          + own.config().revision() + ", where the trace was replayed"));
    }
    for (int i = 0; i < own.config().maxPages(); i++) {
      if (s.fdInstalled() && before.fdInstalled() && s.page(i).observed() != before.page(i).observed()) {
        return i;
      }
    }
    return 0;
  }

  private static String sealed(MemfdSystem s) {
    return s.seals().contains(Seal.F_SEAL_WRITE) ? "a write-sealed memfd"
        : "the memfd (not write-sealed there: seals " + seals(s.seals()) + ")";
  }

  private static String dataOf(PageContent p) {
    return switch (p) {
      case NONE -> "DATA_ANY";
      case ZERO -> "DATA_ZERO";
      case USER -> "DATA_USER";
      case GUEST -> throw new IllegalStateException("guest data cannot appear on an upstream kernel");
    };
  }

  /** Seals as C: 0 or F_SEAL_WRITE | ..., in the kernel's bit order. */
  static String seals(Set<Seal> seals) {
    if (seals.isEmpty()) {
      return "0";
    }
    EnumSet<Seal> s = EnumSet.noneOf(Seal.class);
    s.addAll(seals);
    return s.stream().map(x -> x == Seal.F_SEAL_0x8000 ? "0x8000" : x.name()).collect(Collectors.joining(" | "));
  }
}
