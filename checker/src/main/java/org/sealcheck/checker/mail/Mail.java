package org.sealcheck.checker.mail;

import java.util.ArrayList;
import java.util.List;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.export.SpecComments;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.revision.RevisionTable;
import org.sealcheck.model.revision.Switches;

/**
 * A counterexample as a kernel developer would paste it into a reply: plain text, 80 columns, in
 * the kernel's own conventions.
 *
 * <ol>
 *   <li>One paragraph: what breaks (the trace's {@code #meta.description}, the why from
 *       expected.json), on which revision, and the promise it breaks: the comment above the
 *       property in the spec, which names its source (fcntl(2), a seed, a commit).
 *   <li>The state before the race, where the config starts with one (memslots already bound).
 *   <li>The interleaving as kernel commit messages draw it ({@link ColumnDiagram}): a column per
 *       task, CPU0, CPU1, ... in the order they first run; userspace as syscalls with real
 *       arguments and strace-style results ({@code fcntl(fd, F_ADD_SEALS, F_SEAL_EXEC) = 0},
 *       {@code -1 (EBUSY)}), the kernel as the functions the spec's actions model, with what each
 *       changed as a note under it.
 *   <li>The notation (fd names, made-up addresses, units), and where the trace came from.
 * </ol>
 *
 * <p>Nothing is replayed here: callers that need the trace checked (export, replay) load it
 * through the Java model first.
 */
public final class Mail {

  private Mail() {}

  /**
   * The mail for {@code trace}.
   *
   * @param where the trace's file, for messages
   * @param comments the comments of the trace's spec
   * @param revisions the revisions of the trace's spec (what its revision is, and its switches)
   * @throws BadInputException when the trace is not of a spec the mail knows, or malformed
   */
  public static String render(ItfTrace trace, String where, SpecComments comments, RevisionTable revisions) {
    return render(trace, where, comments, revisions, "");
  }

  /**
   * The same, with what the Java model said of the last state on replay (for a deadlock, the wait
   * cycle) as a paragraph before the footer.
   */
  public static String render(ItfTrace trace, String where, SpecComments comments, RevisionTable revisions,
      String replayed) {
    TraceSteps t = new TraceSteps(trace, where);
    Switches switches;
    try {
      switches = revisions.switches(t.revision());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(where + ": " + e.getMessage());
    }
    Story story;
    try {
      story = switch (t.spec()) {
        case "MemfdSeals" -> MemfdStory.of(t, MemfdRevision.of(switches));
        case "GuestMemInvalidation" -> GmemStory.of(t, GmemRevision.of(switches));
        default -> throw new BadInputException(where + ": a trace of spec " + t.spec()
            + ", which the mail cannot tell (MemfdSeals, GuestMemInvalidation)");
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new BadInputException(where + ": not a " + t.spec() + " trace the mail can tell: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    paragraph(out, summary(t, comments, revisions.entries().get(t.revision()).about()));
    if (!story.setup().isEmpty()) {
      paragraph(out, story.setup());
    }
    List<Row> rows = new ArrayList<>(story.rows());
    if (!rows.isEmpty()) {
      Row last = rows.get(rows.size() - 1);
      rows.add(new Row(last.task(), last.text().startsWith("/*") ? last.depth() : last.depth() + 1,
          t.loop() >= 0 ? "/* back to the state after step " + t.loop() + " */"
              : "/* " + t.property() + " violated */"));
      out.addAll(ColumnDiagram.legend(rows));
      out.add("");
      out.addAll(ColumnDiagram.render(rows));
      out.add("");
    }
    if (t.loop() >= 0) {
      paragraph(out, t.hasLoopStep()
          ? "The last step leads back to the state after step " + t.loop() + ": steps " + (t.loop() + 1) + "-"
              + t.steps() + " repeat forever."
          : "After step " + t.size() + " nothing happens any more: the behaviour stays there forever.");
    }
    paragraph(out, String.join(" ", story.notes()));
    if (!replayed.isEmpty()) {
      paragraph(out, "Replayed on the Java model, the last state has " + replayed);
    }
    paragraph(out, footer(t));
    out.remove(out.size() - 1);
    return String.join("\n", out) + "\n";
  }

  /** What breaks and which promise: the description, then the property's comment in the spec. */
  private static String summary(TraceSteps t, SpecComments comments, String rev) {
    String kind = t.metaOrEmpty("kind");
    String when = kind.equals("liveness") ? " by a behaviour that never ends"
        : kind.equals("step property") ? " by step " + t.size() : " after " + t.size() + " steps";
    StringBuilder b = new StringBuilder();
    b.append(t.property()).append(" is violated on ").append(t.revision())
        .append(rev.isEmpty() ? "" : " (" + rev + ")").append(when);
    String why = t.metaOrEmpty("description");
    b.append(why.isEmpty() ? "." : ": " + sentence(why));
    String promise = comments.whole(t.property());
    b.append(" The promise, from the comment above ").append(t.property()).append(" in specs/").append(t.spec())
        .append("/").append(t.spec()).append(".tla: ");
    b.append(promise.isEmpty() ? "(the spec has no comment there)." : sentence(promise));
    return b.toString();
  }

  private static String footer(TraceSteps t) {
    String source = t.metaOrEmpty("source");
    String file = "counterexamples/" + t.spec() + "/" + t.metaOrEmpty("config") + "/" + t.property() + ".itf.json";
    return "Found by sealcheck in specs/" + t.spec() + ", config " + t.metaOrEmpty("config")
        + (source.isEmpty() ? "" : ", with " + source) + ". The trace: " + file
        + " (./sealcheck replay FILE replays it on the Java model).";
  }

  private static String sentence(String s) {
    String t = s.strip();
    return t.endsWith(".") || t.endsWith(".)") ? t : t + ".";
  }

  /** Prose wrapped to the mail's 80 columns, for text around a mail (the report's section heads). */
  public static String wrap(String text) {
    return String.join("\n", Wrap.prose(text, Wrap.COLUMNS, 0)) + "\n";
  }

  private static void paragraph(List<String> out, String text) {
    out.addAll(Wrap.prose(text, Wrap.COLUMNS, 0));
    out.add("");
  }
}
