package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;

/** {@code sealcheck diff}: exit status, bad input in one line, JSON and ITF output. */
class DiffCommandTest extends CapturedCli {

  @Test
  void configsOfTwoSpecs() {
    assertOneLineBadInput(Main.execute("diff", "v9-punch", "memfd-6.18"), "diff compares two configs of one spec");
  }

  @Test
  void unknownConfig() {
    assertOneLineBadInput(Main.execute("diff", "v9-punch", "v10-punch"), "unknown config 'v10-punch'");
  }

  @Test
  void aRevisionWithSeveralConfigsIsAmbiguous() {
    assertOneLineBadInput(Main.execute("diff", "gmem-6.18", "gmem-6.8-release"), "gmem-6.18-release");
  }

  @Test
  void negativeDepth() {
    assertOneLineBadInput(Main.execute("diff", "v9-punch", "v9-fixed-punch", "--depth", "-1"), "--depth");
  }

  @Test
  void outputIsAFile(@TempDir Path tmp) throws IOException {
    Path f = Files.writeString(tmp.resolve("taken"), "x");
    assertOneLineBadInput(Main.execute("diff", "v9-punch", "v9-fixed-punch", "-o", f.toString()), "taken");
  }

  /** Differences are the answer, not a failure: exit 0, JSON on stdout, both traces written. */
  @Test
  void jsonAndTraces(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("traces");
    assertEquals(0, Main.execute("diff", "v9-punch", "v9-fixed-punch", "--depth", "3", "--json", "-o", dir.toString()),
        stderr());
    JsonNode j = new ObjectMapper().readTree(stdout());
    assertEquals("v9-punch", j.get("a").get("config").asText());
    assertFalse(j.get("same").asBoolean());
    assertFalse(j.get("a").get("complete").asBoolean(), "bounded by --depth");
    JsonNode steps = j.get("behaviourOfANotB").get("steps");
    ItfTrace t = Itf.read(dir.resolve("v9-punch-not-v9-fixed-punch.itf.json"));
    assertEquals(steps.size(), t.states().size());
    assertEquals(steps.get(steps.size() - 1).get("action").asText(), t.states().get(t.states().size() - 1).meta().get("action"));
    assertTrue(Files.isRegularFile(dir.resolve("v9-fixed-punch-not-v9-punch.itf.json")));
  }

  @Test
  void help() {
    assertEquals(0, Main.execute("diff", "--help"));
    assertTrue(stdout().contains("Usage: sealcheck diff"));
  }
}
