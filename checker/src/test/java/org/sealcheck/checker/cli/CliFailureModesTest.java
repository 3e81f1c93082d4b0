package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.review.ProjectLayout;

/**
 * The CLI's contract on bad input (one line naming the problem, exit 2, no stack trace, no file
 * written) and proof that its checks can fail: a corrupted trace does not replay, and a mutated
 * Java model does not conform.
 */
class CliFailureModesTest extends CapturedCli {

  private int run(String... args) {
    return Main.execute(args);
  }

  @Test
  void jsonVerdictsForCiWithTheRerunComparison() throws IOException {
    // v7 violates five step properties (the three review findings and two doc witnesses): one
    // exploration decides them, where a plain TLC user needs five runs that stop at a violation and
    // a complete one.
    int code = run("check", "--no-write", "--json", "--compare-reruns", "-j", "1", "-r", "v7");
    assertEquals(0, code, stderr());
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout());
    assertTrue(doc.get("asExpected").asBoolean());
    var config = doc.get("configs").get(0);
    assertEquals("v7", config.get("config").asText());
    assertEquals(1, config.get("tlcRuns").asInt());
    assertEquals(6, config.get("rerunRuns").asInt());
    assertTrue(config.get("error").isNull(), "the two ways agree: " + config.get("error"));
    assertEquals("violated", config.get("properties").get("NoUffdAllocationProp").get("actual").asText());
    assertEquals("holds", config.get("properties").get("SealsOnlyGrowProp").get("actual").asText());
  }

  @Test
  void missingTraceFile(@TempDir Path tmp) {
    Path f = tmp.resolve("nope.itf.json");
    assertOneLineBadInput(run("replay", f.toString()), "nope.itf.json");
  }

  @Test
  void malformedTrace(@TempDir Path tmp) throws IOException {
    Path f = Files.writeString(tmp.resolve("bad.itf.json"), "{\"vars\": [\"x\"], \"states\": [{\"x\": {\"#bigint\": \"one\"}}]}");
    assertOneLineBadInput(run("replay", f.toString()), "bad.itf.json");
  }

  @Test
  void unknownRevision() {
    assertOneLineBadInput(run("check", "-r", "memfd-9.99"), "unknown revision or config 'memfd-9.99'");
  }

  @Test
  void unknownFlag() {
    assertOneLineBadInput(run("review", "--frobnicate"), "--frobnicate");
  }

  @Test
  void missingCommand() {
    assertOneLineBadInput(run(), "missing command");
  }

  @Test
  void helpOnEveryCommand() {
    for (String c : List.of("review", "check", "conform", "replay")) {
      out.reset();
      assertEquals(0, run(c, "--help"), c + " --help");
      assertTrue(stdout().contains("Usage: sealcheck " + c), c + " --help prints usage");
    }
  }

  /** A spec that does not parse: the error names the file and the line, and no trace is written. */
  @Test
  void specParseErrorNamesFileAndLine(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("specs/Broken"));
    Files.writeString(dir.resolve("Broken.tla"), String.join("\n",
        "---- MODULE Broken ----", "EXTENDS Naturals", "VARIABLE x", "Init == x = 0",
        "Next == x' = x + + 1", "====", ""));
    Files.writeString(dir.resolve("MCBroken.tla"), "---- MODULE MCBroken ----\nEXTENDS Broken\n====\n");
    Files.writeString(dir.resolve("base.cfg"), "INIT Init\nNEXT Next\n");
    Files.writeString(dir.resolve("expected.json"), "{\"spec\": \"Broken\", \"module\": \"MCBroken\", \"configs\": "
        + "[{\"revision\": \"base\", \"cfg\": \"base.cfg\", \"properties\": {\"TypeOK\": {\"expect\": \"holds\"}}}]}");
    System.setProperty("sealcheck.root", root.toString());
    assertOneLineBadInput(run("check", "--spec", "Broken"), "Broken.tla line 5");
    assertFalse(Files.exists(root.resolve("counterexamples")), "nothing written for a spec that does not parse");
  }

  /** A trace with one value changed no longer replays, and replay says where. */
  @Test
  void corruptedTraceDoesNotReplay(@TempDir Path tmp) throws IOException {
    Path good = ProjectLayout.locate().counterexamples().resolve("MemfdSeals/memfd-6.18-pre-3b041514/NoWritableMappingUnderWriteSealInv.itf.json");
    String text = Files.readString(good);
    assertEquals(0, run("replay", good.toString()), "the committed trace replays: " + out);
    // The memfd_create step now claims a different initial seal set.
    String corrupted = text.replaceFirst("\"fd_installed\": true", "\"fd_installed\": false");
    assertFalse(corrupted.equals(text));
    Path bad = Files.writeString(tmp.resolve("corrupted.itf.json"), corrupted);
    out.reset();
    assertEquals(1, run("replay", bad.toString()));
    assertTrue(stdout().contains("does not replay"), stdout());
  }

  /** The Java model with F_SEAL_WRITE ignoring mappings, against the 6.18 spec: a mismatch with a path. */
  @Test
  void mutatedModelDoesNotConform() {
    int code = run("conform", "-r", "memfd-6.18", "--model-revision", "debug-no-deny-writable");
    String o = stdout();
    assertEquals(1, code, o + stderr());
    assertTrue(o.contains("MISMATCH"), o);
    assertTrue(o.contains("MemfdAddSeals"), "the path ends in the F_ADD_SEALS step that differs: " + o);
  }
}
