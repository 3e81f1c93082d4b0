package org.sealcheck.checker.conform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.model.state.SpecValue;

/**
 * The guest_memfd Java model against GuestMemInvalidation over the complete reachable state graph:
 * every cfg of specs/GuestMemInvalidation, and a set of small cfgs of this test's own that give
 * every revision and every actor a run (each race's actors, as the spec's cfgs do).
 */
class GuestMemConformanceTest {
  private static final Path DIR = Path.of("../specs/GuestMemInvalidation");
  private static final String MODULE = "MCGuestMemInvalidation";
  private static final Pattern REVISION = Pattern.compile("(?m)^\\s*Revision\\s*=\\s*\"([^\"]+)\"");

  @TempDir
  static Path tmp;

  @TestFactory
  Stream<DynamicTest> everySpecCfgConforms() throws IOException {
    // ExpectedOutcomesTest already checks conformance on every default cfg; this sweep (and its
    // extra pairings below) takes minutes, so it belongs to the long profile (mvn -Plong).
    Assumptions.assumeTrue(Boolean.getBoolean("sealcheck.long"), "long profile only (mvn -Plong)");
    List<Path> cfgs;
    try (Stream<Path> s = Files.list(DIR)) {
      cfgs = s.filter(p -> p.toString().endsWith(".cfg")).filter(GuestMemConformanceTest::selected).sorted().toList();
    }
    assertFalse(cfgs.isEmpty() && System.getProperty("gmem.cfg", "").isEmpty(), "no cfg in " + DIR);
    return cfgs.stream().map(cfg -> DynamicTest.dynamicTest(cfg.getFileName().toString(), () -> conforms(cfg)));
  }

  /**
   * Which cfgs run: {@code -Dgmem.cfg=REGEX} selects by file name; the long profile (a cfg whose
   * header says "long profile") runs only with {@code -Dgmem.long=true}.
   */
  private static boolean selected(Path cfg) {
    String name = cfg.getFileName().toString();
    String only = System.getProperty("gmem.cfg");
    if (only != null && !only.isEmpty()) {
      return name.matches(only);
    }
    try {
      String text = Files.readString(cfg);
      return Boolean.getBoolean("gmem.long") || !text.lines().limit(3).anyMatch(l -> l.contains("long profile"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Cfgs of this test, beside the spec's: races in revisions the spec's cfgs do not pair them with
   * (v9 and the shim against bind during a punch, memory failure on v9, the shim's release, 6.18
   * mmap without INIT_SHARED, two vCPUs, a mix of actors).
   */
  @TestFactory
  Stream<DynamicTest> ownCfgsConform() {
    Assumptions.assumeTrue(Boolean.getBoolean("sealcheck.long"), "long profile only (mvn -Plong)");
    if (Boolean.getBoolean("gmem.specOnly")) {
      return Stream.empty();
    }
    return Stream.of(
        cfg("v9-bind-punch", "v9", "\"punch\", \"bind\", \"allocate\"", TWO_SLOTS, "{}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("shim-bind-punch", "shim", "\"punch\", \"bind\", \"allocate\"", TWO_SLOTS, "{}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.8-bind-fault", "gmem-6.8", "\"fault\", \"bind\", \"allocate\"", TWO_SLOTS, "{1}", "TRUE", "{0}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.8-attributes", "gmem-6.8", "\"fault\", \"attributes\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-attributes", "gmem-6.18", "\"fault\", \"attributes\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-release", "gmem-6.18", "\"fault\", \"bind\", \"release\"", TWO_SLOTS, "{1, 2}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-pre-ae431059-release", "gmem-6.18-pre-ae431059", "\"fault\", \"bind\", \"release\"", TWO_SLOTS, "{1, 2}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("shim-release", "shim", "\"bind\", \"release\", \"punch\"", TWO_SLOTS, "{1, 2}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("v9-memory-failure", "v9", "\"fault\", \"memory_failure\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-host-fault", "gmem-6.18", "\"fault\", \"punch\", \"host_fault\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{\"MMAP\", \"INIT_SHARED\"}", "MC_Vcpus", 2),
        cfg("gmem-6.18-pre-5d3341d6-host-fault", "gmem-6.18-pre-5d3341d6", "\"fault\", \"punch\", \"host_fault\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{\"MMAP\", \"INIT_SHARED\"}", "MC_Vcpus", 2),
        cfg("gmem-6.18-mmap-private", "gmem-6.18", "\"fault\", \"host_fault\", \"punch\"", ONE_SLOT, "{1}", "FALSE", "{0}", "{\"MMAP\"}", "MC_Vcpus", 2),
        cfg("gmem-6.18-two-vcpus", "gmem-6.18", "\"fault\", \"punch\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_TwoVcpus", 1),
        cfg("gmem-6.18-mixed", "gmem-6.18", "\"fault\", \"punch\", \"memory_failure\", \"host_fault\"", ONE_SLOT, "{1}", "TRUE", "{0}",
            "{\"MMAP\", \"INIT_SHARED\"}", "MC_Vcpus", 1))
        .filter(GuestMemConformanceTest::selected)
        .map(cfg -> DynamicTest.dynamicTest(cfg.getFileName().toString(), () -> conforms(cfg)));
  }

  private static final String ONE_SLOT = "Slots <- MC_OneSlot\n    SlotBase <- MC_OneSlotBase\n    SlotPages <- MC_OneSlotPages";
  private static final String TWO_SLOTS = "Slots <- MC_TwoSlots\n    SlotBase <- MC_TwoSlotBase\n    SlotPages <- MC_TwoSlotPages";

  private static Path cfg(String name, String revision, String actors, String slots, String initBound, String hasPrivate,
      String initPrivate, String flags, String vcpus, int maxSeq) {
    String text = "\\* " + name + "\n"
        + "CONSTANTS\n"
        + "    Revision = \"" + revision + "\"\n"
        + "    Actors = {" + actors + "}\n"
        + "    Vcpus <- " + vcpus + "\n"
        + "    Pfns <- MC_Pfns\n"
        + "    NoPfn = NoPfn\n"
        + "    NPages <- MC_NPages\n"
        + "    " + slots + "\n"
        + "    NGfns <- MC_NGfns\n"
        + "    InitBound = " + initBound + "\n"
        + "    VmHasPrivateMem = " + hasPrivate + "\n"
        + "    InitPrivate = " + initPrivate + "\n"
        + "    GmemFlags = " + flags + "\n"
        + "    PageSize = 2\n"
        + "    MaxSeq = " + maxSeq + "\n"
        + "    v1 = v1\n    v2 = v2\n    p1 = p1\n    p2 = p2\n    p3 = p3\n"
        + "INIT Init\nNEXT Next\n";
    try {
      Path p = tmp.resolve(name + ".cfg");
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.Map<String, SpecValue> mcConstants() {
    java.util.Map<String, SpecValue> c = new java.util.LinkedHashMap<>();
    c.put("Actors", SpecValue.strings(List.of("fault", "punch")));
    c.put("Vcpus", SpecValue.setOf(SpecValue.of("v1")));
    c.put("Pfns", SpecValue.setOf(SpecValue.of("p1"), SpecValue.of("p2")));
    c.put("NoPfn", SpecValue.of("NoPfn"));
    c.put("NPages", SpecValue.of(2));
    c.put("Slots", SpecValue.setOf(SpecValue.of(1)));
    c.put("SlotBase", SpecValue.seqOf(List.of(SpecValue.of(0))));
    c.put("SlotPages", SpecValue.seqOf(List.of(SpecValue.of(2))));
    c.put("NGfns", SpecValue.of(2));
    c.put("InitBound", SpecValue.setOf(SpecValue.of(1)));
    c.put("VmHasPrivateMem", SpecValue.of(true));
    c.put("InitPrivate", SpecValue.setOf(SpecValue.of(0)));
    c.put("GmemFlags", SpecValue.setOf());
    c.put("PageSize", SpecValue.of(2));
    c.put("MaxSeq", SpecValue.of(2));
    return c;
  }

  @Test
  void badConstantsAreBadInputOnOneLine() {
    assertTrue(Models.bind("GuestMemInvalidation", "gmem-6.8", mcConstants()).machine() != null);
    BadInputException rev = assertThrows(BadInputException.class,
        () -> Models.bind("GuestMemInvalidation", "gmem-4.2", mcConstants()));
    assertTrue(rev.getMessage().contains("gmem-4.2") && rev.getMessage().contains("gmem-6.18"), rev.getMessage());
    var c = mcConstants();
    c.put("SlotPages", SpecValue.seqOf(List.of(SpecValue.of(3))));
    BadInputException pages = assertThrows(BadInputException.class, () -> Models.bind("GuestMemInvalidation", "v9", c));
    assertTrue(pages.getMessage().contains("SlotPages[1]"), pages.getMessage());
    var d = mcConstants();
    d.put("Actors", SpecValue.strings(List.of("fault", "teleport")));
    BadInputException actor = assertThrows(BadInputException.class, () -> Models.bind("GuestMemInvalidation", "v9", d));
    assertTrue(actor.getMessage().contains("teleport"), actor.getMessage());
    var e = mcConstants();
    e.remove("MaxSeq");
    assertThrows(BadInputException.class, () -> Models.bind("GuestMemInvalidation", "v9", e));
    for (BadInputException x : List.of(rev, pages, actor)) {
      assertFalse(x.getMessage().contains("\n"), x.getMessage());
    }
  }

  private static void conforms(Path cfg) throws IOException {
    Matcher m = REVISION.matcher(Files.readString(cfg));
    assertTrue(m.find(), cfg + " has no Revision = \"...\" line");
    String revision = m.group(1);
    SpecExplorer explorer = SpecExplorer.load(DIR, MODULE, cfg);
    ModelBinding<?> binding = Models.bind("GuestMemInvalidation", revision, explorer);
    ConformanceResult r = Conformance.check(explorer, binding.machine());
    System.out.printf("conformance %-40s %-24s states=%d transitions=%d %d ms%n", cfg.getFileName(), revision,
        r.states(), r.transitions(), r.millis());
    assertTrue(r.conforms(), () -> cfg.getFileName() + " (" + revision + "): " + r.mismatch() + "\n  path: "
        + String.join("\n        ", r.path()) + "\n  " + String.join("\n  ", r.details()));
  }
}
