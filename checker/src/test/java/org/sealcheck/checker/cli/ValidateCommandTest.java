package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;

/** {@code sealcheck validate}: exit codes, JSON verdicts, written traces, bad input. */
class ValidateCommandTest extends CapturedCli {

  @Test
  void correctModelIsAcceptedAndTracesAreWrittenAsItf(@TempDir Path dir) throws Exception {
    int code = Main.execute("validate", "-r", "memfd-6.18", "-n", "8", "--steps", "15", "--seed", "3", "--json",
        "-o", dir.toString());
    assertEquals(0, code, stderr());
    JsonNode j = new ObjectMapper().readTree(stdout());
    assertEquals(8, j.get("accepted").asInt());
    assertEquals(8, j.get("verdicts").size());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    assertEquals(8, files.size());
    ItfTrace t = Itf.read(files.get(0));
    assertEquals("accepted", t.meta().get("verdict"));
    assertEquals("memfd-6.18", t.meta().get("model-revision"));
    assertEquals("Init", t.states().get(0).meta().get("action"));
    assertEquals(j.get("verdicts").get(0).get("steps").asInt() + 1, t.states().size());
  }

  @Test
  void sameSeedSameTracesWhateverTheThreads() throws Exception {
    assertEquals(0, Main.execute("validate", "-r", "memfd-6.18", "-n", "6", "--steps", "10", "--json", "-j", "1"));
    JsonNode a = new ObjectMapper().readTree(stdout());
    out.reset();
    assertEquals(0, Main.execute("validate", "-r", "memfd-6.18", "-n", "6", "--steps", "10", "--json", "-j", "2"));
    JsonNode b = new ObjectMapper().readTree(stdout());
    assertEquals(a.get("verdicts"), b.get("verdicts"));
  }

  @Test
  void memoChangesNoVerdict() throws Exception {
    String[] args = {"validate", "-r", "memfd-6.18", "--model-revision", "debug-no-deny-writable", "-n", "40",
        "--steps", "25", "--json", "-j", "2"};
    assertEquals(1, Main.execute(args));
    JsonNode memo = new ObjectMapper().readTree(stdout());
    out.reset();
    String[] noMemo = java.util.Arrays.copyOf(args, args.length + 1);
    noMemo[args.length] = "--no-memo";
    assertEquals(1, Main.execute(noMemo));
    JsonNode all = new ObjectMapper().readTree(stdout());
    assertEquals(all.get("verdicts"), memo.get("verdicts"));
    assertTrue(memo.get("evaluations").asLong() < all.get("evaluations").asLong(), memo.get("evaluations").toString());
  }

  @Test
  void mutatedModelIsRejectedAndTlcAgrees() throws Exception {
    int code = Main.execute("validate", "-r", "memfd-6.18", "--model-revision", "debug-no-deny-writable",
        "-n", "30", "--steps", "30", "--json", "--tlc");
    assertEquals(1, code, stderr());
    JsonNode j = new ObjectMapper().readTree(stdout());
    assertTrue(j.get("rejected").asInt() > 0, j.toString());
    assertTrue(j.get("tlcAgrees").asBoolean(), j.get("tlcDisagreements").toString());
    JsonNode rejected = null;
    for (JsonNode v : j.get("verdicts")) {
      if (v.get("verdict").asText().equals("rejected")) {
        rejected = v;
        break;
      }
    }
    assertFalse(rejected.get("reason").asText().isBlank());
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    assertEquals(2, Main.execute("validate", "-r", "no-such-config"));
    assertEquals(2, Main.execute("validate", "-r", "memfd-6.18", "-n", "0"));
    assertEquals(2, Main.execute("validate", "-r", "gmem-6.18"));
    assertEquals(2, Main.execute("validate", "-r", "memfd-6.18", "--model-revision", "v999", "-n", "1"));
    String e = stderr();
    assertEquals(4, e.lines().count(), e);
    assertTrue(e.lines().allMatch(l -> l.startsWith("sealcheck: ")), e);
  }
}
