package org.sealcheck.checker.mail;

import java.util.Map;
import org.sealcheck.model.memfd.Errno;
import org.sealcheck.model.state.SpecValue;

/**
 * Return values with symbolic errnos, the way a kernel developer reads them: a syscall as strace
 * prints it ({@code 0}, a count, {@code -1 (EBUSY)}), a kernel function as it returns
 * ({@code -EBUSY}). The names come from the model's {@link Errno}; GuestMemInvalidation's values
 * are symbolic in the spec already ({@code "-EFAULT"}, {@code "RET_PF_RETRY"}).
 */
public final class Errnos {

  private Errnos() {}

  /** A memfd syscall's result: {@code 0}, a count, or {@code -1 (EPERM)}. */
  static String syscall(long ret) {
    if (ret >= 0) {
      return Long.toString(ret);
    }
    String name = Errno.describe((int) ret);
    return "-1 (" + (name.startsWith("-E") ? name.substring(1) : "errno " + -ret) + ")";
  }

  /** A GuestMemInvalidation syscall's result from the spec's string: "-EFAULT" -> -1 (EFAULT). */
  static String syscall(String ret) {
    return ret.startsWith("-") ? "-1 (" + ret.substring(1) + ")" : ret;
  }

  /** A memfd kernel function's result: {@code 0}, a count, {@code -EBUSY}, {@code VM_FAULT_SIGBUS}. */
  static String kernel(String fn, long ret) {
    if (fn.equals("shmem_fault") && ret == Errno.VM_FAULT_SIGBUS) {
      return "VM_FAULT_SIGBUS";
    }
    return Errno.describe((int) ret);
  }

  /**
   * The MemfdSeals {@code ret} record as TLA+ text with its value symbolic: {@code [data |-> "none",
   * fn |-> "memfd_add_seals", val |-> -EBUSY]}; any other value as {@link SpecValue#toTla}. For
   * {@code replay}, which prints the variables each step changed.
   */
  public static String memfdRetTla(SpecValue ret) {
    if (!(ret instanceof SpecValue.Rec r) || !(r.fields().get("val") instanceof SpecValue.Int val)
        || !(r.fields().get("fn") instanceof SpecValue.Str fn)) {
      return ret.toTla();
    }
    StringBuilder b = new StringBuilder("[");
    for (Map.Entry<String, SpecValue> e : r.fields().entrySet()) {
      b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append(" |-> ")
          .append(e.getKey().equals("val") ? kernel(fn.value(), val.value()) : e.getValue().toTla());
    }
    return b.append("]").toString();
  }
}
