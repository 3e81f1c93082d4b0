package org.sealcheck.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.ProjectLayout;

/**
 * The HTML report as a browser shows it: Debian's headless Chromium loads index.html (the
 * review of the committed counterexamples) from disk with networking off, and the DOM it builds
 * and the picture it takes must hold the matrix and the diagrams.
 */
class ReportBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir
  static Path tmp;

  static Path dir;
  static long violations;

  @BeforeAll
  static void write() {
    ProjectLayout layout = CommittedReview.layout();
    List<ConfigOutcome> outcomes = CommittedReview.outcomes(layout);
    violations = outcomes.stream().flatMap(o -> o.properties().values().stream())
        .filter(p -> p.actual().equals("violated")).count();
    dir = tmp.resolve("report");
    ReportWriter.write(layout, outcomes, dir, ReportWriter.Options.plain());
  }

  private static String run(List<String> extra) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "no " + CHROMIUM + ": install Debian's chromium (.ci/run does) to render the report in a browser");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
    cmd.addAll(extra);
    cmd.add(dir.resolve("index.html").toUri().toString());
    Path out = Files.createTempFile(tmp, "chromium", ".out");
    Path err = Files.createTempFile(tmp, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + Files.readString(err));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void theBrowserBuildsTheMatrixAndTheDiagrams() throws Exception {
    String dom = run(List.of("--dump-dom"));
    assertTrue(dom.contains("<table class=\"matrix\">"), "no verdict matrix in the DOM");
    assertEquals(2, count(dom, "<table class=\"matrix\">"), "one matrix per spec");
    assertEquals(violations, count(dom, "<svg "), "one sequence diagram per violation");
    assertEquals(violations, count(dom, "<table class=\"steps\">"), "one step table per violation");
    assertTrue(dom.contains("KvmRestrictedmemInvalidateBegin"), "a GuestMemInvalidation step");
    assertTrue(dom.contains("MemfdAddSeals"), "a MemfdSeals step");
    // The links of the page the browser built still resolve (anchors, files), none is remote.
    Path dumped = dir.resolve("dumped.html");
    int[] links = Links.check(dumped, dom);
    assertEquals(violations, links[1], "one link per violation to its .itf.json");
  }

  @Test
  void theScreenshotShowsAPage() throws Exception {
    Path png = tmp.resolve("shot.png");
    run(List.of("--hide-scrollbars", "--window-size=1400,1800", "--screenshot=" + png));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1400, img.getWidth());
    assertEquals(1800, img.getHeight());
    // A rendered page has text and coloured cells: many colours, and the matrix's green and amber.
    Set<Integer> colours = new HashSet<>();
    boolean green = false;
    boolean amber = false;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        green |= rgb == 0xe3f4e1;
        amber |= rgb == 0xfff1cc;
      }
    }
    assertTrue(colours.size() > 50, "only " + colours.size() + " colours: a blank page?");
    assertTrue(green, "no 'holds' cell in view");
    assertTrue(amber, "no 'violated (expected)' cell in view");
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
