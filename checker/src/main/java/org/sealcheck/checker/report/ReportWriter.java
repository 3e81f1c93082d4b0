package org.sealcheck.checker.report;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.review.PropertyOutcome;
import org.sealcheck.checker.trace.Itf;

/**
 * Writes the review's report directory: {@code index.md} and {@code index.html} (one
 * self-contained page: inline CSS and SVG, no script, nothing fetched), and the counterexamples as
 * plain text for a mail reply, {@code counterexamples.txt}. Same inputs give the same
 * bytes; the only line that varies is the optional generation line.
 *
 * <p>The directory is written beside its final place and moved there, so a reader never sees a
 * half-written report; an existing directory is replaced only if it holds nothing but a report.
 */
public final class ReportWriter {

  /** The files a report directory holds. */
  static final Set<String> FILES = Set.of("index.md", "index.html", PlainTextPage.FILE);

  /**
   * @param generated a line saying when and how the report was made, or null (tests) to leave it
   *     out
   */
  public record Options(String generated) {
    public static Options plain() {
      return new Options(null);
    }
  }

  private ReportWriter() {}

  /**
   * Writes the report of {@code outcomes} to {@code dir}, replacing a report already there.
   *
   * @throws BadInputException if {@code dir} exists and is not a report directory (so that a
   *     mistyped --report never deletes anything else), or cannot be written
   */
  public static void write(ProjectLayout layout, List<ConfigOutcome> outcomes, Path dir, Options opts) {
    Path target = dir.toAbsolutePath().normalize();
    checkReplaceable(target);
    Report report = build(layout, outcomes, target, opts);
    String md = MarkdownPage.render(report);
    String html = HtmlPage.render(report);
    String text = PlainTextPage.render(report, layout, target);
    Path parent = target.getParent();
    Path tmp = null;
    Path old = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        // A temp directory is private (0700); a report is for reading, like the checkout.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.writeString(tmp.resolve("index.md"), md, StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve("index.html"), html, StandardCharsets.UTF_8);
      Files.writeString(tmp.resolve(PlainTextPage.FILE), text, StandardCharsets.UTF_8);
      if (Files.exists(target)) {
        old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
        Files.delete(old);
        move(target, old);
      }
      move(tmp, target);
      tmp = null;
    } catch (IOException e) {
      if (old != null && !Files.exists(target)) {
        try {
          move(old, target);
          old = null;
        } catch (IOException ignored) {
          // Keep the old report where it is; the message below names the failure.
        }
      }
      throw new BadInputException("cannot write the report to " + layout.show(target) + ": " + e.getMessage(), e);
    } finally {
      deleteTree(tmp);
      deleteTree(old);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /**
   * Checks that a report can be written to {@code dir} (it is absent, or holds only a report), so
   * that a command can refuse a bad --report before it runs for minutes.
   *
   * @throws BadInputException if it cannot
   */
  public static void checkDestination(Path dir) {
    checkReplaceable(dir.toAbsolutePath().normalize());
  }

  private static void checkReplaceable(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new BadInputException("--report " + target + " is a file, not a directory");
    }
    try (Stream<Path> files = Files.list(target)) {
      List<String> other = files.map(p -> p.getFileName().toString()).filter(n -> !FILES.contains(n)).sorted()
          .toList();
      if (!other.isEmpty()) {
        throw new BadInputException("--report " + target + " holds more than a report (" + String.join(", ",
            other.subList(0, Math.min(3, other.size()))) + (other.size() > 3 ? ", ..." : "")
            + "): refusing to replace it");
      }
    } catch (IOException e) {
      throw new BadInputException("cannot list " + target + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path p) {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ gathering

  static Report build(ProjectLayout layout, List<ConfigOutcome> outcomes, Path target, Options opts) {
    Map<String, SpecExpectations> expectations = new LinkedHashMap<>();
    try {
      Expectations.loadAll(layout).forEach(s -> expectations.put(s.spec(), s));
    } catch (BadInputException e) {
      // The review read them already; without them the report only lacks the "about" column.
    }
    Map<String, List<ConfigOutcome>> bySpec = new LinkedHashMap<>();
    outcomes.forEach(o -> bySpec.computeIfAbsent(o.spec(), k -> new ArrayList<>()).add(o));
    List<Report.SpecPart> specs = new ArrayList<>();
    bySpec.forEach((spec, configs) -> {
      SpecExpectations se = expectations.get(spec);
      List<String> order = se == null ? List.of() : se.configs().stream()
          .flatMap(c -> c.properties().keySet().stream()).distinct().toList();
      List<Report.ConfigPart> parts = new ArrayList<>();
      for (ConfigOutcome o : configs) {
        String about = se == null ? "" : se.configs().stream().filter(c -> c.name().equals(o.config()))
            .map(ConfigExpectation::about).filter(a -> a != null).findFirst().orElse("");
        List<Report.Violation> violations = new ArrayList<>();
        o.properties().forEach((p, po) -> {
          if ("violated".equals(po.actual())) {
            violations.add(violation(layout, target, o, p, po));
          }
        });
        parts.add(new Report.ConfigPart(o, about, ImmutableList.copyOf(violations)));
      }
      specs.add(new Report.SpecPart(spec, ImmutableList.copyOf(parts), Report.propertiesOf(configs, order)));
    });
    return new Report(ImmutableList.copyOf(specs), opts.generated());
  }

  private static Report.Violation violation(ProjectLayout layout, Path target, ConfigOutcome o, String property,
      PropertyOutcome po) {
    if (po.counterexample() == null) {
      return new Report.Violation(o, property, po, null, null, "no counterexample was written");
    }
    Path file = layout.root().resolve(po.counterexample()).normalize();
    if (!Files.isRegularFile(file)) {
      return new Report.Violation(o, property, po, null, null, "missing: " + po.counterexample());
    }
    String link = target.relativize(file).toString().replace('\\', '/');
    try {
      return new Report.Violation(o, property, po, link, Counterexample.of(o.spec(), Itf.read(file)), null);
    } catch (BadInputException e) {
      return new Report.Violation(o, property, po, link, null, "cannot read it: " + e.getMessage());
    }
  }
}
