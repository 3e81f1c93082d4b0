package org.sealcheck.checker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;

/**
 * A patch revision as data: {@code new-revision} on a scratch copy of the checkout writes the
 * revision, its cfg and its "unknown" expectations; {@code review} checks it with TLC and the Java
 * model without a TLA+ or Java edit, prints the verdicts still to record with their traces, and
 * {@code --accept} records them, each violation with a why left empty.
 */
class NewRevisionTest extends CapturedCli {

  private static final ProjectLayout REAL = ProjectLayout.locate();

  /** A copy of the checkout's specs/ (and an empty counterexamples/) under {@code root}. */
  static ProjectLayout scratch(Path root) throws IOException {
    Path from = REAL.specs();
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.naturalOrder())::iterator) {
        Path to = root.resolve("specs").resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.createDirectories(root.resolve("counterexamples"));
    System.setProperty("sealcheck.root", root.toString());
    return new ProjectLayout(root);
  }

  private static int run(String... args) {
    return Main.execute(args);
  }

  /**
   * v9-fixed with the v9 notifier unit switched back to bytes is, behaviour for behaviour, v9: its
   * verdicts must be v9's recorded ones and its counterexamples v9's steps.
   */
  @Test
  void recombinedRevisionIsCheckedConformedAndAccepted(@TempDir Path root) throws IOException {
    ProjectLayout layout = scratch(root);
    assertEquals(0, run("new-revision", "v9-again", "--from", "v9-fixed", "--set", "NotifierUnit=loff_t"), stderr());
    assertTrue(stdout().contains("v9-again-punch"), stdout());
    assertEquals(0, run("cfgs"), "the scaffolded cfg is current: " + stdout());
    ConfigExpectation scaffolded = Expectations.spec(layout, "GuestMemInvalidation").config("v9-again-punch");
    assertTrue(scaffolded.properties().values().stream().allMatch(e -> e.expect().equals("unknown")));

    out.reset();
    int code = run("review", "-r", "v9-again", "--no-report", "--json", "--accept");
    assertEquals(0, code, "verdicts to record do not fail the review: " + stdout() + stderr());
    JsonNode doc = JsonMapper.builder().build().readTree(stdout());
    JsonNode cfg = doc.get("configs").get(0);
    assertEquals("v9-again-punch", cfg.get("config").asText());
    assertTrue(cfg.get("conformance").get("conforms").asBoolean(), "the Java model conforms on the new revision");

    ConfigExpectation v9 = Expectations.spec(REAL, "GuestMemInvalidation").config("v9-punch");
    for (Map.Entry<String, Expectations.PropertyExpectation> e : v9.properties().entrySet()) {
      String p = e.getKey();
      assertEquals(e.getValue().expect(), cfg.get("properties").get(p).get("actual").asText(), p);
      if (e.getValue().expect().equals("violated")) {
        List<String> steps = labels(Itf.read(layout.counterexamples().resolve("GuestMemInvalidation/v9-again-punch/" + p + ".itf.json")));
        assertEquals(labels(Itf.read(REAL.counterexamples().resolve("GuestMemInvalidation/v9-punch/" + p + ".itf.json"))),
            steps, p + ": the same steps as v9's counterexample");
        assertFalse(cfg.get("properties").get(p).get("steps").isEmpty(), "the verdict to record carries its trace");
      }
    }
    // --accept wrote every verdict; the violations wait for their why, which the build demands.
    ConfigExpectation accepted = Expectations.spec(layout, "GuestMemInvalidation").config("v9-again-punch");
    v9.properties().forEach((p, e) -> assertEquals(e.expect(), accepted.properties().get(p).expect(), p));
    long violations = v9.properties().values().stream().filter(e -> e.expect().equals("violated")).count();
    assertEquals(violations, Expectations.spec(layout, "GuestMemInvalidation").unfinished().size(),
        "each recorded violation is unfinished until its why is written");
    assertTrue(stderr().contains("recorded " + violations) || stderr().contains(violations + " violation"), stderr());
  }

  /** The table a developer reads: each verdict still to record, the trace's steps under it, and a count. */
  @Test
  void unknownVerdictsPrintTheirTraces(@TempDir Path root) throws IOException {
    scratch(root);
    assertEquals(0, run("new-revision", "v9-again", "--from", "v9-fixed", "--set", "NotifierUnit=loff_t"));
    out.reset();
    assertEquals(0, run("check", "-r", "v9-again", "--no-write"), stdout() + stderr());
    String o = stdout();
    assertTrue(o.contains("NoStaleSpteInv") && o.contains("violated (to record)"), o);
    assertTrue(o.contains("RestrictedmemFallocate"), "the trace's steps are printed: " + o);
    assertTrue(o.matches("(?s).*\\d+ verdicts are still to record.*--accept.*"), o);
  }

  @Test
  void badNewRevisionsAreOneLineAndWriteNothing(@TempDir Path root) throws IOException {
    ProjectLayout layout = scratch(root);
    String before = Files.readString(layout.specDir("MemfdSeals").resolve("revisions.json"));
    String[][] cases = {
        {"no-such-base", "--from", "memfd-9.9", "--set", "SharedCountsAsWritable=true", "unknown base revision memfd-9.9"},
        {"x1", "--from", "memfd-6.18", "--set", "NoSuchSwitch=true", "unknown MemfdSeals switch NoSuchSwitch"},
        {"x2", "--from", "memfd-6.18", "--set", "ReadSealCheck=sometimes", "must be one of"},
        {"x3", "--from", "memfd-6.18", "--set", "SharedCountsAsWritable", "write SWITCH=VALUE"},
        {"x4", "--from", "memfd-6.18", "--set", "SharedCountsAsWritable=false", "has FALSE already"},
        {"memfd-6.12", "--from", "memfd-6.18", "--set", "SharedCountsAsWritable=true", "exists already"},
        {"Bad Name", "--from", "memfd-6.18", "--set", "SharedCountsAsWritable=true", "must be lower case"},
    };
    for (String[] c : cases) {
      err.reset();
      String[] args = new String[c.length];
      args[0] = "new-revision";
      System.arraycopy(c, 0, args, 1, c.length - 1);
      assertOneLineBadInput(run(args), c[c.length - 1]);
    }
    err.reset();
    assertOneLineBadInput(run("new-revision", "x5", "--from", "memfd-6.18"), "at least one --set");
    assertEquals(before, Files.readString(layout.specDir("MemfdSeals").resolve("revisions.json")), "nothing written");
    assertFalse(Files.exists(layout.specDir("MemfdSeals").resolve("x1.cfg")));
  }

  @Test
  void cfgsThatDisagreeWithTheDataAreOneLine(@TempDir Path root) throws IOException {
    ProjectLayout layout = scratch(root);
    Path cfg = layout.specDir("GuestMemInvalidation").resolve("v9-punch.cfg");
    String text = Files.readString(cfg);
    // A switch edited in the cfg instead of revisions.json.
    Files.writeString(cfg, text.replace("NotifierUnit = \"loff_t\"", "NotifierUnit = \"pgoff_t\""));
    assertEquals(1, run("cfgs"));
    assertTrue(stdout().contains("v9-punch.cfg") && stdout().contains("NotifierUnit"), stdout());
    assertOneLineBadInput(run("check", "-r", "v9-punch"), "out of date");
    // A value the switch does not have.
    err.reset();
    Files.writeString(cfg, text.replace("NotifierUnit = \"loff_t\"", "NotifierUnit = \"bytes\""));
    assertOneLineBadInput(run("check", "-r", "v9-punch"), "must be one of {\"pgoff_t\", \"loff_t\"}");
    // A revision no file declares.
    err.reset();
    Files.writeString(cfg, text.replace("Revision = \"v9\"", "Revision = \"v9-typo\""));
    assertOneLineBadInput(run("check", "-r", "v9-punch"), "is no revision of GuestMemInvalidation (known: v9, v9-fixed");
    // --write puts it right.
    Files.writeString(cfg, text.replace("NotifierUnit = \"loff_t\"", "NotifierUnit = \"pgoff_t\""));
    assertEquals(0, run("cfgs", "--write"));
    assertEquals(text, Files.readString(cfg));
  }

  /** A recombination the spec rules out for one race: one line quoting the ASSUME, not TLC's "-1 distinct states". */
  @Test
  void aRevisionAnAssumeRulesOutIsOneLine(@TempDir Path root) throws IOException {
    scratch(root);
    assertEquals(0, run("new-revision", "no-flags", "--from", "gmem-6.18", "--set", "GmemSupportedFlags={}"));
    assertOneLineBadInput(run("check", "-r", "no-flags-mmap", "--no-write"),
        "ASSUME at GuestMemInvalidation.tla line");
    assertTrue(stderr().contains("GmemFlags \\subseteq GmemSupportedFlags"), stderr());
  }

  /**
   * A switch the spec gained and the Java model has not yet: TLC still gives the verdicts and the
   * traces, and the review says why conformance was skipped.
   */
  @Test
  void aSwitchTheJavaModelLacksSkipsOnlyConformance(@TempDir Path root) throws IOException {
    ProjectLayout layout = scratch(root);
    Path dir = layout.specDir("GuestMemInvalidation");
    Path tla = dir.resolve("GuestMemInvalidation.tla");
    Files.writeString(tla, Files.readString(tla).replace("EXTENDS Integers, FiniteSets\n",
        "EXTENDS Integers, FiniteSets\n\nCONSTANT KvmGmemPunchHoleTruncatesFirst\n"));
    Path revs = dir.resolve("revisions.json");
    Files.writeString(revs, Files.readString(revs)
        .replace("\"switches\": {\n    \"Backing\"",
            "\"switches\": {\n    \"KvmGmemPunchHoleTruncatesFirst\": {\"type\": \"boolean\"},\n    \"Backing\"")
        .replace("\"Backing\": \"memfd_restricted\",", "\"Backing\": \"memfd_restricted\",\n        \"KvmGmemPunchHoleTruncatesFirst\": false,"));
    assertEquals(0, run("cfgs", "--write"), stdout() + stderr());
    out.reset();
    int code = run("review", "-r", "v9-punch", "--no-report", "--json");
    JsonNode cfg = JsonMapper.builder().build().readTree(stdout()).get("configs").get(0);
    assertEquals(0, code, stdout() + stderr());
    assertTrue(cfg.get("conformance").isNull());
    String why = cfg.get("conformanceSkipped").asText();
    assertTrue(why.contains("KvmGmemPunchHoleTruncatesFirst"), why);
    assertEquals("violated", cfg.get("properties").get("NoStaleSpteInv").get("actual").asText());
    assertTrue(Files.exists(layout.counterexamples().resolve("GuestMemInvalidation/v9-punch/NoStaleSpteInv.itf.json")));
  }

  private static List<String> labels(ItfTrace t) {
    return t.states().stream().map(s -> String.valueOf(s.meta().get("action")) + s.meta().get("params")).toList();
  }
}
