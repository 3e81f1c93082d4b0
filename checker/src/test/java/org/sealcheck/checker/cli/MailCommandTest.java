package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --format email} and {@code export --format email}: the counterexample as mail text
 * (80 columns, a column per CPU, errnos by name) from both commands alike; {@code replay}'s text
 * output names errnos too; bad input is one line and exit 2. The traces are the copies under
 * {@code src/test/resources/mail/}, so regenerated counterexamples do not change what is tested.
 */
class MailCommandTest extends CapturedCli {

  private static final Path DIR = Path.of("src/test/resources/mail");

  private static String trace(String name) {
    return DIR.resolve(name + ".itf.json").toString();
  }

  private static void assertEightyColumns(String text) {
    text.lines().forEach(l -> assertTrue(l.length() <= 80, "a line of " + l.length() + " columns: " + l));
  }

  @Test
  void replayAndExportGiveTheSameMail(@TempDir Path tmp) throws IOException {
    assertEquals(0, Main.execute("replay", "--format", "email", trace("v9-punch-NoStaleSpteInv")), stderr());
    String replayed = stdout();
    assertEightyColumns(replayed);
    assertTrue(replayed.contains("  CPU0: vCPU v1"), replayed);
    assertTrue(replayed.contains("  CPU1: fallocate(FALLOC_FL_PUNCH_HOLE) on rm_fd"), replayed);
    assertTrue(replayed.contains("kvm_tdp_mmu_map() = RET_PF_FIXED"), replayed);
    assertFalse(replayed.contains("Replaying"), "no step-by-step replay text: " + replayed);
    Path mail = tmp.resolve("mail.txt");
    assertEquals(0, Main.execute("export", "--format", "email", "-o", mail.toString(),
        trace("v9-punch-NoStaleSpteInv")), stderr());
    assertEquals(replayed, Files.readString(mail, StandardCharsets.UTF_8));
  }

  @Test
  void aMemfdRaceIsDrawnInThreeColumns() {
    assertEquals(0, Main.execute("export", "--format", "email", trace("v4-NoReadAfterSealProp")), stderr());
    String text = stdout();
    assertEightyColumns(text);
    assertTrue(text.lines().anyMatch(l -> l.matches(" {2}CPU0 +CPU1 +CPU2")), text);
    assertTrue(text.contains("fd = memfd_create(\"sealcheck\","), text);
    assertTrue(text.contains("pread(fd, buf, 4096, 0)"), text);
  }

  @Test
  void replayTextNamesTheErrno() {
    // A hand-made memfd-6.18 trace: F_ADD_SEALS(F_SEAL_EXEC) under a VM_MAYWRITE mapping is EBUSY,
    // so the property holds and replay says so (exit 1), printing ret with -EBUSY, not -16.
    assertEquals(1, Main.execute("replay", trace("memfd-6.18-ebusy")), stderr());
    String text = stdout();
    assertTrue(text.contains("ret = [data |-> \"none\", fn |-> \"memfd_add_seals\", val |-> -EBUSY]"), text);
    assertFalse(text.contains("-16"), text);
  }

  @Test
  void aTraceWhoseViolationDoesNotReproduceGetsNoMail() {
    assertEquals(1, Main.execute("replay", "--format", "email", trace("memfd-6.18-ebusy")), stderr());
    assertTrue(stdout().startsWith("result: every step reproduced, but the property holds"), stdout());
    assertFalse(stdout().contains("CPU0"), stdout());
  }

  @Test
  void emailTellsTheTraceOnItsOwnRevisionOnly() {
    assertOneLineBadInput(Main.execute("replay", "--format", "email", "-r", "v9-fixed",
        trace("v9-punch-NoStaleSpteInv")), "drop -r v9-fixed");
    err.reset();
    assertOneLineBadInput(Main.execute("export", "--format", "email", "--kernel-revision", "memfd-6.18",
        trace("v4-NoReadAfterSealProp")), "--kernel-revision does not apply to --format email");
  }

  @Test
  void aTraceOfAnUnknownSpecOrAMalformedOneIsOneLine(@TempDir Path tmp) throws IOException {
    String text = Files.readString(DIR.resolve("v4-NoReadAfterSealProp.itf.json"))
        .replace("\"spec\": \"MemfdSeals\"", "\"spec\": \"NoSuchSpec\"");
    Path other = Files.writeString(tmp.resolve("other.itf.json"), text);
    assertOneLineBadInput(Main.execute("export", "--format", "email", other.toString()), "NoSuchSpec");
    err.reset();
    assertOneLineBadInput(Main.execute("replay", "--format", "email", other.toString()), "NoSuchSpec");
    err.reset();
    Path bad = Files.writeString(tmp.resolve("bad.itf.json"), "{\"states\": [");
    assertOneLineBadInput(Main.execute("export", "--format", "email", bad.toString()), "bad.itf.json");
    err.reset();
    assertOneLineBadInput(Main.execute("replay", "--format", "email", bad.toString()), "bad.itf.json");
  }
}
