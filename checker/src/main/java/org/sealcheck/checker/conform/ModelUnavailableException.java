package org.sealcheck.checker.conform;

import org.sealcheck.checker.BadInputException;

/**
 * The Java model cannot run a revision: the revision names a switch the model does not implement
 * (a spec change not yet made in Java). For replay that is bad input; a review still reports TLC's
 * verdicts and traces for the revision, with conformance skipped for this reason.
 */
public final class ModelUnavailableException extends BadInputException {
  private static final long serialVersionUID = 1L;

  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
