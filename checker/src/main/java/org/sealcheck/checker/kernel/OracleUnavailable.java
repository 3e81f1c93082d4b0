package org.sealcheck.checker.kernel;

/**
 * A part of the live-kernel oracle cannot run on this machine (no C compiler for the mm child, no
 * /dev/kvm, ...): the message is one line saying why, printed as the reason the part is skipped.
 */
public final class OracleUnavailable extends Exception {
  private static final long serialVersionUID = 1L;

  public OracleUnavailable(String reason) {
    super(reason);
  }
}
