package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelCommandTest extends CapturedCli {

  @Test
  void negativeDepthIsBadInput() {
    assertOneLineBadInput(Main.execute("kernel", "--depth", "-1"), "--depth");
  }

  @Test
  void unknownRevisionIsBadInput() {
    assertOneLineBadInput(Main.execute("kernel", "--revision", "memfd-9.99"), "memfd-9.99");
  }

  @Test
  void patchRevisionIsBadInput() {
    assertOneLineBadInput(Main.execute("kernel", "--revision", "v5"), "v5");
  }

  @Test
  void jsonHasBothParts() throws Exception {
    Path release = Path.of("/proc/sys/kernel/osrelease");
    assumeTrue(Files.isReadable(release) && Files.readString(release).startsWith("6.18"), "needs Linux 6.18");
    int code = Main.execute("kernel", "--depth", "2", "--json");
    JsonNode j = new ObjectMapper().readTree(stdout());
    assertEquals(0, code, stdout() + stderr());
    assertTrue(j.get("agree").asBoolean());
    JsonNode kvm = j.get("kvm");
    assertEquals("gmem-6.18", kvm.get("revision").asText());
    assertTrue(kvm.has("skipped") ? !kvm.get("skipped").asText().isEmpty()
        : kvm.get("agree").asBoolean() && kvm.get("sequences").asLong() > 0, kvm.toString());
    assertTrue(j.get("sequences").asLong() > 0);
  }

  @Test
  void disagreementExitsOneAndPrintsTheSequence() throws Exception {
    Path release = Path.of("/proc/sys/kernel/osrelease");
    assumeTrue(Files.isReadable(release) && Files.readString(release).startsWith("6.18"), "needs Linux 6.18");
    int code = Main.execute("kernel", "--depth", "3", "--revision", "memfd-6.12");
    String o = stdout();
    assertEquals(1, code, o + stderr());
    assertTrue(o.contains("DISAGREEMENT at step 3"), o);
    assertTrue(o.contains("model: -EPERM"), o);
    assertTrue(o.contains("kernel: 0"), o);
    assertTrue(o.contains("kvm: model and kernel agree on every call") || o.contains("kvm: skipped: "), o);
  }
}
