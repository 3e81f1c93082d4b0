package org.sealcheck.checker.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code review --accept} changes a to-record verdict and nothing else of its entry. */
class ExpectationsWriterTest {

  @Test
  void acceptKeepsTheEntrysOtherFields(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("specs/S"));
    Files.writeString(dir.resolve("expected.json"), """
        {"spec": "S", "module": "MCS", "configs": [{"revision": "r", "cfg": "r-live.cfg", "properties": {
          "LiveProp": {"expect": "unknown", "kind": "liveness"},
          "SafeInv": {"expect": "unknown"},
          "KnownInv": {"expect": "holds"}}}]}
        """);
    Map<String, PropertyOutcome> props = new LinkedHashMap<>();
    props.put("LiveProp", new PropertyOutcome("unknown", "violated", "liveness", 5, "c.itf.json", null));
    props.put("SafeInv", new PropertyOutcome("unknown", "holds", "invariant", 0, null, null));
    props.put("KnownInv", new PropertyOutcome("holds", "holds", "invariant", 0, null, null));
    ConfigOutcome o = new ConfigOutcome("S", "r-live", "r", 10, 20, 3, 1, 2, props, null, null);

    ExpectationsWriter.Accepted a = ExpectationsWriter.accept(new ProjectLayout(root), List.of(o));

    assertEquals(List.of("r-live/LiveProp: violated", "r-live/SafeInv: holds"), a.recorded());
    assertEquals(1, a.violations());
    Expectations.ConfigExpectation c = Expectations.spec(new ProjectLayout(root), "S").config("r-live");
    Expectations.PropertyExpectation live = c.properties().get("LiveProp");
    assertEquals("violated", live.expect());
    assertEquals("liveness", live.kind(), "the property is still checked as liveness");
    assertEquals("", live.why());
    assertNull(c.properties().get("SafeInv").kind());
    assertEquals("holds", c.properties().get("SafeInv").expect());
  }
}
