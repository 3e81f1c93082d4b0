package org.sealcheck.checker.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.export.SpecComments;
import org.sealcheck.checker.mail.Mail;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.revision.SpecRevisions;

/**
 * The report's counterexamples as plain text, {@code counterexamples.txt}: every violation told
 * as {@link Mail} tells it (80 columns, syscalls with their arguments, the race as a column per
 * CPU), one section each, so that a kernel developer can copy one into a reply without the
 * Markdown or HTML around it.
 */
final class PlainTextPage {

  /** The file's name in the report directory. */
  static final String FILE = "counterexamples.txt";

  private static final String RULE = "=".repeat(80);

  private PlainTextPage() {}

  static String render(Report r, ProjectLayout layout, Path target) {
    StringBuilder b = new StringBuilder();
    b.append("sealcheck review: the counterexamples as plain text\n\n");
    b.append(Mail.wrap(r.summary() + ".")).append("\n");
    b.append("Each section below is one violated property, written to be pasted into a reply\n"
        + "on a kernel list: 80 columns, userspace as syscalls with their arguments, the\n"
        + "race as one column per CPU. ./sealcheck export --format email TRACE writes one.\n");
    Map<String, SpecComments> comments = new HashMap<>();
    for (Report.Violation v : r.allViolations()) {
      String spec = v.config().spec();
      b.append("\n").append(RULE).append("\n").append(Mail.wrap(spec + ", config " + v.config().config() + ": "
          + v.property() + ", " + Verdict.of(v.outcome()).text(v.outcome()))).append(RULE).append("\n\n");
      if (v.trace() == null || v.link() == null) {
        b.append("No trace to tell: ").append(v.problem()).append("\n");
        continue;
      }
      SpecComments c = comments.computeIfAbsent(spec,
          s -> SpecComments.read(layout.specDir(s).resolve(s + ".tla")));
      Path file = target.resolve(v.link()).normalize();
      try {
        b.append(Mail.render(Itf.read(file), v.link(), c, SpecRevisions.load(layout, spec)));
      } catch (BadInputException e) {
        b.append("The trace cannot be told as text: ").append(e.getMessage()).append("\n");
      }
    }
    if (r.allViolations().isEmpty()) {
      b.append("\nNo property was violated.\n");
    }
    return b.toString();
  }
}
