package org.sealcheck.checker.tlc;

/**
 * TLC failed to evaluate part of the spec on a concrete state (a type error, a function applied
 * outside its domain, a variable left unassigned, a state with values the spec never produces).
 * Distinct from {@link org.sealcheck.checker.BadInputException}, which is about files that do not
 * load at all: this one means the spec loaded but is wrong for the state at hand.
 */
public class SpecEvaluationException extends RuntimeException {
  public SpecEvaluationException(String message) {
    super(message);
  }

  public SpecEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
