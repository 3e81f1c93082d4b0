package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** review --report refuses a directory that is not a report before it checks anything. */
class ReviewReportOptionTest {

  @TempDir
  Path tmp;

  @Test
  void aDirectoryThatIsNotAReportIsRefusedUpFront() throws Exception {
    Path notes = tmp.resolve("notes");
    Files.createDirectories(notes);
    Files.writeString(notes.resolve("notes.txt"), "keep me");
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    long t0 = System.nanoTime();
    int status;
    try {
      status = Main.execute("review", "--report", notes.toString());
    } finally {
      System.setErr(oldErr);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(Main.BAD_INPUT, status, text);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.startsWith("sealcheck: --report ") && text.contains("refusing to replace it"), text);
    assertTrue((System.nanoTime() - t0) / 1e9 < 10, "refused only after running the review");
    assertEquals("keep me", Files.readString(notes.resolve("notes.txt")));
  }
}
