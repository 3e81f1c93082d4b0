package org.sealcheck.checker.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;

class ItfTest {
  private static final Path CANONICAL = Path.of("src/test/resources/trace/canonical.itf.json");

  private static SpecState state(long x, SpecValue seals) {
    return SpecState.of(Map.of("x", SpecValue.of(x), "seals", seals));
  }

  @Test
  void writesTheDocumentedLayout() {
    ItfTrace t = ItfTrace.of(Map.of("format", "ITF"), List.of(
        state(0, SpecValue.setOf()),
        state(1, SpecValue.setOf(SpecValue.of("F_SEAL_WRITE")))));
    String expected = """
        {
          "#meta": {
            "format": "ITF"
          },
          "states": [
            {
              "#meta": {
                "index": 0
              },
              "seals": {
                "#set": []
              },
              "x": {
                "#bigint": "0"
              }
            },
            {
              "#meta": {
                "index": 1
              },
              "seals": {
                "#set": [
                  "F_SEAL_WRITE"
                ]
              },
              "x": {
                "#bigint": "1"
              }
            }
          ],
          "vars": [
            "seals",
            "x"
          ]
        }
        """;
    assertEquals(expected, Itf.toJson(t));
  }

  @Test
  void canonicalFileRoundTripsByteForByte(@TempDir Path tmp) throws IOException {
    ItfTrace t = Itf.read(CANONICAL);
    assertEquals(List.of("x", "seals", "log", "rec", "f"), t.vars());
    assertEquals("ITF", t.meta().get("format"));
    assertEquals(Map.of("module", "MCToy", "runs", List.of(1, 2)), t.meta().get("source"));
    SpecState s0 = t.states().get(0).state();
    assertEquals(SpecValue.of(-12345678901234L), s0.get("rec").apply(SpecValue.of("cnt")));
    assertEquals(SpecValue.of("none \"quoted\" é"), s0.get("rec").apply(SpecValue.of("last")));
    assertEquals(SpecValue.function(Map.of(SpecValue.of(0), SpecValue.of(false), SpecValue.of(1), SpecValue.of(true))),
        s0.get("f"));
    SpecState s1 = t.states().get(1).state();
    assertEquals(SpecValue.rec("#weird", SpecValue.of(1), "ok", SpecValue.setOf(SpecValue.of(2), SpecValue.of("b"))),
        s1.get("rec"));

    Path out = tmp.resolve("out.itf.json");
    Itf.write(t, out);
    assertArrayEquals(Files.readAllBytes(CANONICAL), Files.readAllBytes(out));
    assertEquals(t, Itf.read(out));
  }

  @Test
  void writeReadWriteIsStable(@TempDir Path tmp) throws IOException {
    SpecValue nested = SpecValue.rec(
        "fun", SpecValue.function(Map.of(SpecValue.of(-3), SpecValue.seqOf(List.of()), SpecValue.of(7), SpecValue.of("z"))),
        "sets", SpecValue.setOf(SpecValue.setOf(), SpecValue.setOf(SpecValue.of(Long.MAX_VALUE))),
        "seq", SpecValue.seqOf(List.of(SpecValue.of(true), SpecValue.rec("a", SpecValue.of(Long.MIN_VALUE)))));
    ItfTrace t = new ItfTrace(ImmutableSortedMap.of("z", List.of(Map.of("b", 1.5, "a", true)), "a", "x"),
        List.of("v"), List.of(ItfState.of(SpecState.of(Map.of("v", nested)))));
    Path a = tmp.resolve("a.json");
    Itf.write(t, a);
    ItfTrace back = Itf.read(a);
    assertEquals(t, back);
    Path b = tmp.resolve("b.json");
    Itf.write(back, b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    String text = Files.readString(a);
    assertTrue(text.endsWith("}\n") && !text.contains("\r"));
  }

  @Test
  void readingIsLenientAboutPlainIntegersAndArrays() {
    String json = """
        {"vars": ["a", "b", "c", "d"], "states": [
          {"a": 5, "b": [1, "x"], "c": {"#map": [["k", 1], ["j", 2]]}, "d": {}}
        ]}""";
    ItfTrace t = Itf.parse(json, "inline");
    SpecState s = t.states().get(0).state();
    assertEquals(SpecValue.of(5), s.get("a"));
    assertEquals(SpecValue.seqOf(List.of(SpecValue.of(1), SpecValue.of("x"))), s.get("b"));
    assertEquals(SpecValue.rec("j", SpecValue.of(2), "k", SpecValue.of(1)), s.get("c"));
    assertEquals(SpecValue.seqOf(List.of()), s.get("d"));
    assertTrue(t.meta().isEmpty());
    // ... and writing is canonical
    assertTrue(Itf.toJson(t).contains("\"#bigint\": \"5\""));
    assertFalse(Itf.toJson(t).contains("#meta"));
  }

  @Test
  void writeCreatesDirectoriesReplacesAndLeavesNoTemporaryFiles(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("deep/er/trace.itf.json");
    ItfTrace t1 = ItfTrace.of(Map.of(), List.of(state(1, SpecValue.setOf())));
    ItfTrace t2 = ItfTrace.of(Map.of(), List.of(state(2, SpecValue.setOf())));
    Itf.write(t1, out);
    Itf.write(t2, out);
    assertEquals(t2, Itf.read(out));
    try (Stream<Path> files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList());
    }
  }

  private static String readError(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    BadInputException e = assertThrows(BadInputException.class, () -> Itf.read(file));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void malformedFilesAreBadInputNamingFileAndPath(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("bad.itf.json");
    String good = "{\"vars\": [\"x\", \"seals\"], \"states\": [%s, %s]}";
    String ok = "{\"x\": 1, \"seals\": {\"#set\": []}}";

    assertTrue(readError(f, "{\"vars\": [").contains("malformed JSON at line 1"));
    assertTrue(readError(f, "[1, 2]").contains("expected an ITF trace object"));
    assertTrue(readError(f, "{\"states\": []}").contains("vars: missing"));
    assertTrue(readError(f, "{\"vars\": \"x\", \"states\": []}").contains("vars: expected an array"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1}")).contains("states[1].seals: missing"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1, \"seals\": {\"#set\": [], \"y\": 2}}"))
        .contains("states[1].seals: a tagged value"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1, \"seals\": {\"#sett\": []}}"))
        .contains("states[1].seals.#sett: unknown tag"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": {\"#bigint\": \"1.5\"}, \"seals\": 3}"))
        .contains("states[1].x.#bigint: not a decimal integer"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1.5, \"seals\": 3}"))
        .contains("states[1].x: expected an integer"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": null, \"seals\": 3}"))
        .contains("states[1].x: expected a value, found null"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1, \"seals\": {\"#set\": [{\"#tup\": 3}]}}"))
        .contains("states[1].seals.#set[0].#tup: expected an array"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1, \"seals\": 2, \"y\": 3}"))
        .contains("states[1].y: not a variable listed in vars"));
    assertTrue(readError(f, String.format(good, ok, "{\"x\": 1, \"seals\": {\"#map\": [[1, 2], [1, 3]]}}"))
        .contains("states[1].seals.#map[1]: duplicate key 1"));
    assertTrue(readError(f, "{\"vars\": [], \"states\": [], \"loop\": 0}").contains("loop: unsupported top-level field"));
    assertTrue(readError(f, "{\"vars\": [], \"states\": [], \"vars\": []}").contains("malformed JSON"));
    assertTrue(readError(f, "").contains("empty file"));
  }

  @Test
  void missingFileIsBadInput(@TempDir Path tmp) {
    Path f = tmp.resolve("nope.itf.json");
    BadInputException e = assertThrows(BadInputException.class, () -> Itf.read(f));
    assertEquals(f + ": no such file", e.getMessage());
  }
}
