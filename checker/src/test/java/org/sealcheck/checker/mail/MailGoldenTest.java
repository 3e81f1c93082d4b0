package org.sealcheck.checker.mail;

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
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.export.SpecComments;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.checker.revision.SpecRevisions;
import org.sealcheck.model.revision.RevisionTable;

/**
 * The mail text of three counterexamples, byte for byte: M-R7 (one task), the v4 read race (the
 * process, the reader and the guest in three columns) and the v9 byte-offset punch (a vCPU against
 * fallocate()). Each input is a copy under {@code src/test/resources/mail/}, the traces and the
 * two specs (the promise and the revision line come from the spec's comments), so that
 * regenerated counterexamples or edited specs leave these files alone; {@code
 * -Dsealcheck.golden=update} rewrites the expected text from the current code.
 */
class MailGoldenTest {

  private static final Path DIR = Path.of("src/test/resources/mail");

  /** The checkout's revisions: a mail names its revision by the "about" revisions.json gives it. */
  private static RevisionTable revisions(String spec) {
    return SpecRevisions.load(ProjectLayout.locate(), spec);
  }

  private static SpecComments comments(String spec) {
    return SpecComments.read(DIR.resolve("specs").resolve(spec + ".tla"));
  }

  private static String mail(String name) {
    ItfTrace t = Itf.read(DIR.resolve(name + ".itf.json"));
    return Mail.render(t, name + ".itf.json", comments((String) t.meta().get("spec")),
        revisions((String) t.meta().get("spec")));
  }

  static void assertMailShape(String text, String what) {
    for (String line : text.split("\n", -1)) {
      assertTrue(line.length() <= 80, what + ": a line of " + line.length() + " columns: " + line);
      assertFalse(line.endsWith(" "), what + ": trailing blank: [" + line + "]");
      assertFalse(line.contains("\t"), what + ": a tab: " + line);
    }
    assertTrue(text.endsWith("\n") && !text.endsWith("\n\n"), what + ": ends with one newline");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memfd-6.18-pre-3b041514-NoWritableMappingUnderWriteSealInv", "v4-NoReadAfterSealProp",
      "v9-punch-NoStaleSpteInv"})
  void theMailIsTheGoldenText(String name) throws IOException {
    String text = mail(name);
    Path golden = DIR.resolve(name + ".txt");
    if ("update".equals(System.getProperty("sealcheck.golden"))) {
      Files.writeString(golden, text, StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), text, name);
    assertMailShape(text, name);
  }

  @Test
  void theV4RaceHasAColumnPerTaskAndSyscallsWithTheirArguments() {
    String text = mail("v4-NoReadAfterSealProp");
    assertTrue(text.contains("  CPU0: the process that owns fd"), text);
    assertTrue(text.contains("  CPU1: a pread() of fd"), text);
    assertTrue(text.contains("  CPU2: the guest"), text);
    List<String> header = text.lines().filter(l -> l.startsWith("  CPU0 ")).toList();
    assertEquals(1, header.size(), text);
    assertTrue(header.get(0).matches(" {2}CPU0 +CPU1 +CPU2"), header.get(0));
    assertTrue(text.contains("fcntl(fd, F_ADD_SEALS,"), text);
    assertTrue(text.contains("ftruncate(fd, 4096) = 0"), text);
    // The promise, with its source, from the comment above the property.
    assertTrue(text.replace("\n", " ").contains("The v4 read path's claim (seed 003)"), text);
  }

  @Test
  void theV9PunchShowsTheByteOffsetsThatTheNotifierTakesForPageOffsets() {
    String text = mail("v9-punch-NoStaleSpteInv");
    String flat = text.replace("\n", " ").replaceAll(" +", " ");
    assertTrue(flat.contains("fallocate(rm_fd, FALLOC_FL_PUNCH_HOLE| FALLOC_FL_KEEP_SIZE, 4096, 4096)"), text);
    assertTrue(flat.contains("kvm_restrictedmem_invalidate_begin( 4096, 8192)"), text);
    assertTrue(flat.contains("/* no binding in range: nothing invalidated */"), text);
    assertTrue(flat.contains("kvm_tdp_mmu_map() = RET_PF_FIXED"), text);
    assertTrue(text.contains("  CPU0: vCPU v1"), text);
  }

  @Test
  void aFailedSyscallShowsItsErrnoByName() {
    String text = mail("memfd-6.18-ebusy");
    assertTrue(text.contains("  fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC) = -1 (EBUSY)\n"), text);
    assertFalse(text.contains("-16"), text);
  }

  @Test
  void errnosAreSymbolic() {
    assertEquals("-1 (EBUSY)", Errnos.syscall(-16));
    assertEquals("4096", Errnos.syscall(4096));
    assertEquals("-1 (EFAULT)", Errnos.syscall("-EFAULT"));
    assertEquals("-EBUSY", Errnos.kernel("memfd_add_seals", -16));
    assertEquals("VM_FAULT_SIGBUS", Errnos.kernel("shmem_fault", 2));
    assertEquals("-1 (errno 99)", Errnos.syscall(-99));
  }

  @Test
  void everyCommittedCounterexampleFitsEightyColumns() throws IOException {
    ProjectLayout layout = ProjectLayout.locate();
    List<Path> traces;
    try (Stream<Path> s = Files.walk(layout.counterexamples())) {
      traces = s.filter(p -> p.toString().endsWith(".itf.json")).sorted().collect(Collectors.toList());
    }
    assertTrue(traces.size() > 10, "counterexamples: " + traces.size());
    for (Path p : traces) {
      ItfTrace t = Itf.read(p);
      String spec = (String) t.meta().get("spec");
      String text = Mail.render(t, p.toString(), SpecComments.read(layout.specDir(spec).resolve(spec + ".tla")),
          revisions(spec));
      assertMailShape(text, p.toString());
      assertTrue(text.contains("  CPU0"), p + ": a diagram");
    }
  }

  @Test
  void aTraceOfAnotherSpecIsBadInput() {
    ItfTrace t = Itf.read(DIR.resolve("v4-NoReadAfterSealProp.itf.json"));
    Map<String, Object> meta = new TreeMap<>(t.meta());
    meta.put("spec", "Nope");
    ItfTrace other = new ItfTrace(ImmutableSortedMap.copyOf(meta), t.vars(), t.states());
    BadInputException e = assertThrows(BadInputException.class,
        () -> Mail.render(other, "x.itf.json", comments("MemfdSeals"), revisions("MemfdSeals")));
    assertTrue(e.getMessage().contains("spec Nope"), e.getMessage());
  }
}
