package org.sealcheck.checker.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.review.ProjectLayout;

/**
 * The finding under findings/gmem-error-folio-deadlock: plain TLC (a child JVM, as a reader would
 * run it) finds the folio lock / invalidate lock cycle between memory_failure() and
 * kvm_gmem_punch_hole() in the upstream shape, finds none with the fix, and a fix that forgets
 * the zap is caught, so the fix's all-clear is not vacuous. GmemErrorFolioRwsem: the three-task
 * cycle through the rw_semaphore's wait list (kvm_gmem_allocate() holding the invalidate lock
 * shared, a queued writer, memory_failure() queued behind it), none with the fix, and none with a
 * reader that never queues behind a writer, so the cycle rests on the kernel's queueing rule.
 */
class GmemErrorFolioDeadlockTest {

  private static final Path DIR = ProjectLayout.locate().root().resolve("findings/gmem-error-folio-deadlock");
  private static final String SPEC = "GmemErrorFolioLocks";
  private static final String RWSEM_SPEC = "GmemErrorFolioRwsem";

  private static String tlc(Path dir, String cfg, Path meta) throws IOException, InterruptedException {
    return tlc(dir, SPEC, cfg, meta);
  }

  private static String tlc(Path dir, String spec, String cfg, Path meta) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), "tlc2.TLC", "-workers", "1",
        "-metadir", meta.toString(), "-config", cfg, spec + ".tla"))
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "TLC finished");
    return out;
  }

  private static int states(String out) {
    Matcher m = Pattern.compile("(?m)^State (\\d+):").matcher(out);
    int n = 0;
    while (m.find()) {
      n = Integer.parseInt(m.group(1));
    }
    return n;
  }

  @Test
  void upstreamDeadlocksInEightStates(@TempDir Path tmp) throws Exception {
    String out = tlc(DIR, "upstream.cfg", tmp);
    assertTrue(out.contains("Invariant NoDeadlockInv is violated"), out);
    assertEquals(8, states(out), out);
    // The last state: the punch waits for the folio lock memory_failure() holds, which waits for
    // the invalidate lock the punch holds.
    String last = out.substring(out.lastIndexOf("State 8:"));
    assertTrue(last.contains("punch |-> \"wait_folio_lock\"") && last.contains("mf |-> \"wait_invalidate_lock_shared\"")
        && last.contains("folio_lock = \"mf\"") && last.contains("invalidate_lock = \"exclusive\""), last);
  }

  @Test
  void theFixHoldsAndEveryTaskReturns(@TempDir Path tmp) throws Exception {
    String out = tlc(DIR, "fixed.cfg", tmp);
    assertTrue(out.contains("Model checking completed. No error has been found."), out);
  }

  @Test
  void aFixThatForgetsTheZapIsCaught(@TempDir Path tmp) throws Exception {
    String spec = Files.readString(DIR.resolve(SPEC + ".tla"));
    String zap = "ErrorWorkZap ==\n    /\\ Go(\"work\", \"zap\", \"done\")\n    /\\ spte' = FALSE\n";
    assertTrue(spec.contains(zap), "the mutant applies");
    Path dir = Files.createDirectories(tmp.resolve("mutant"));
    Files.writeString(dir.resolve(SPEC + ".tla"), spec.replace(zap,
        "ErrorWorkZap ==\n    /\\ Go(\"work\", \"zap\", \"done\")\n    /\\ spte' = spte\n"));
    Files.copy(DIR.resolve("fixed.cfg"), dir.resolve("fixed.cfg"));
    String out = tlc(dir, "fixed.cfg", tmp.resolve("meta"));
    assertTrue(out.contains("Invariant PoisonUnmappedInv is violated"), out);
  }

  @Test
  void allocateAndAQueuedWriterDeadlockInFiveStates(@TempDir Path tmp) throws Exception {
    String out = tlc(DIR, RWSEM_SPEC, "rwsem-upstream.cfg", tmp);
    assertTrue(out.contains("Invariant NoDeadlockInv is violated"), out);
    assertEquals(5, states(out), out);
    // allocate holds the lock shared and waits for the folio; the writer waits for allocate;
    // memory_failure() holds the folio and waits in the list behind the writer.
    String last = out.substring(out.lastIndexOf("State 5:"));
    assertTrue(last.contains("alloc |-> \"get_folio\"") && last.contains("mf |-> \"wait_invalidate_lock_shared\"")
        && last.contains("writer |-> \"wait_invalidate_lock_exclusive\"") && last.contains("readers = {\"alloc\"}")
        && last.contains("wait_list = <<\"writer\", \"mf\">>") && last.contains("folio_lock = \"mf\""), last);
  }

  @Test
  void theFixHoldsAgainstTheQueuedWriter(@TempDir Path tmp) throws Exception {
    String out = tlc(DIR, RWSEM_SPEC, "rwsem-fixed.cfg", tmp);
    assertTrue(out.contains("Model checking completed. No error has been found."), out);
  }

  @Test
  void aReaderThatNeverQueuesBehindAWriterClosesNoCycle(@TempDir Path tmp) throws Exception {
    String spec = Files.readString(DIR.resolve(RWSEM_SPEC + ".tla"));
    String rule = "CanReadNow == writer = \"none\" /\\ (wait_list = <<>> \\/ readers = {})\n";
    assertTrue(spec.contains(rule), "the mutant applies");
    Path dir = Files.createDirectories(tmp.resolve("mutant"));
    Files.writeString(dir.resolve(RWSEM_SPEC + ".tla"), spec.replace(rule, "CanReadNow == writer = \"none\"\n"));
    Files.copy(DIR.resolve("rwsem-upstream.cfg"), dir.resolve("rwsem-upstream.cfg"));
    String out = tlc(dir, RWSEM_SPEC, "rwsem-upstream.cfg", tmp.resolve("meta"));
    assertTrue(out.contains("Model checking completed. No error has been found."), out);
  }
}
