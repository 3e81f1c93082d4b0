package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests of the CLI in this JVM: each test's standard output and error are captured in {@link
 * #out} and {@link #err}, and the streams and the {@code sealcheck.root} property are restored
 * after it.
 */
abstract class CapturedCli {

  protected final ByteArrayOutputStream out = new ByteArrayOutputStream();
  protected final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private String oldRoot;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    oldRoot = System.getProperty("sealcheck.root");
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    if (oldRoot == null) {
      System.clearProperty("sealcheck.root");
    } else {
      System.setProperty("sealcheck.root", oldRoot);
    }
  }

  protected String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  protected String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The CLI's contract on bad input: exit 2, one line on stderr naming {@code mention}, no stack trace. */
  protected void assertOneLineBadInput(int code, String mention) {
    String e = stderr();
    assertEquals(2, code, "exit status for bad input; stderr: " + e);
    assertEquals(1, e.strip().lines().count(), "one line on stderr, got: " + e);
    assertTrue(e.contains(mention), "stderr names " + mention + ": " + e);
    assertFalse(e.contains("\tat "), "no stack trace: " + e);
  }
}
