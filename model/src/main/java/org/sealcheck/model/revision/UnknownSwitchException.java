package org.sealcheck.model.revision;

/**
 * A revision names a switch the model does not implement, or lacks one it needs: the model cannot
 * run that revision (a spec ahead of its Java model), which is not the same as a malformed value.
 */
public final class UnknownSwitchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownSwitchException(String message) {
    super(message);
  }
}
