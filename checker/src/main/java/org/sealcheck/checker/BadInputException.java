package org.sealcheck.checker;

/**
 * Bad input from the user: a missing or malformed file, an unknown revision, a TLA+ parse error.
 * The message is one line that names the problem (and for specs, the file and line); the CLI prints
 * it and exits with status 2, without a stack trace.
 */
public class BadInputException extends RuntimeException {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
