package org.sealcheck.checker.conform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.tlc.SpecExplorer;

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
    List<Path> cfgs;
    try (Stream<Path> s = Files.list(DIR)) {
      cfgs = s.filter(p -> p.toString().endsWith(".cfg")).filter(GuestMemConformanceTest::selected).sorted().toList();
    }
    assertFalse(cfgs.isEmpty(), "no cfg in " + DIR);
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

  /** Cfgs of this test: a race each, in every revision that differs on it. */
  @TestFactory
  Stream<DynamicTest> ownCfgsConform() {
    if (Boolean.getBoolean("gmem.specOnly")) {
      return Stream.empty();
    }
    return Stream.of(
        cfg("v9-punch", "v9", "\"fault\", \"punch\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("v9-fixed-punch", "v9-fixed", "\"fault\", \"punch\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("shim-punch", "shim", "\"fault\", \"punch\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("debug-no-retry-punch", "debug-no-retry", "\"fault\", \"punch\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("v9-bind-punch", "v9", "\"punch\", \"bind\", \"allocate\"", TWO_SLOTS, "{}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("shim-bind-punch", "shim", "\"punch\", \"bind\", \"allocate\"", TWO_SLOTS, "{}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.8-bind-fault", "gmem-6.8", "\"fault\", \"bind\", \"allocate\"", TWO_SLOTS, "{1}", "TRUE", "{0}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.8-attributes", "gmem-6.8", "\"fault\", \"attributes\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-attributes", "gmem-6.18", "\"fault\", \"attributes\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-release", "gmem-6.18", "\"fault\", \"bind\", \"release\"", TWO_SLOTS, "{1, 2}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-pre-ae431059-release", "gmem-6.18-pre-ae431059", "\"fault\", \"bind\", \"release\"", TWO_SLOTS, "{1, 2}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("shim-release", "shim", "\"bind\", \"release\", \"punch\"", TWO_SLOTS, "{1, 2}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-memory-failure", "gmem-6.18", "\"fault\", \"memory_failure\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("v9-memory-failure", "v9", "\"fault\", \"memory_failure\", \"allocate\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_Vcpus", 2),
        cfg("gmem-6.18-host-fault", "gmem-6.18", "\"fault\", \"punch\", \"host_fault\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{\"MMAP\", \"INIT_SHARED\"}", "MC_Vcpus", 2),
        cfg("gmem-6.18-pre-5d3341d6-host-fault", "gmem-6.18-pre-5d3341d6", "\"fault\", \"punch\", \"host_fault\"", ONE_SLOT, "{1}", "TRUE", "{0}", "{\"MMAP\", \"INIT_SHARED\"}", "MC_Vcpus", 2),
        cfg("gmem-6.18-mmap-private", "gmem-6.18", "\"fault\", \"host_fault\", \"release\"", ONE_SLOT, "{1}", "FALSE", "{0}", "{\"MMAP\"}", "MC_Vcpus", 2),
        cfg("gmem-6.18-two-vcpus", "gmem-6.18", "\"fault\", \"punch\"", ONE_SLOT, "{1}", "TRUE", "{0, 1}", "{}", "MC_TwoVcpus", 1),
        cfg("gmem-6.18-everything", "gmem-6.18", "\"fault\", \"punch\", \"allocate\", \"bind\", \"attributes\", \"release\", \"memory_failure\", \"host_fault\"",
            TWO_SLOTS, "{1}", "TRUE", "{0}", "{\"MMAP\", \"INIT_SHARED\"}", "MC_Vcpus", 1))
        .filter(GuestMemConformanceTest::selected)
        .map(cfg -> DynamicTest.dynamicTest(cfg.getFileName().toString(), () -> conforms(cfg)));
  }

  private static final String ONE_SLOT = "Slots <- MC_OneSlot\n    SlotBase <- MC_OneSlotBase\n    SlotPages <- MC_OneSlotPages";
  private static final String TWO_SLOTS = "Slots <- MC_TwoSlots\n    SlotBase <- MC_TwoSlotBase\n    SlotPages <- MC_TwoSlotPages";

  private static Path cfg(String name, String revision, String actors, String slots, String initBound, String hasPrivate,
      String initPrivate, String flags, String vcpus, int maxSeq) {
    String text = "\\* " + name + (name.endsWith("everything") ? " (long profile)" : "") + "\n"
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
