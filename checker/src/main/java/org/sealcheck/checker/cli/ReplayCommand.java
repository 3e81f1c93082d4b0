package org.sealcheck.checker.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.export.SpecComments;
import org.sealcheck.checker.mail.Errnos;
import org.sealcheck.checker.mail.Mail;
import org.sealcheck.checker.replay.ReplayResult;
import org.sealcheck.checker.replay.Replayer;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.Expect;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.checker.revision.SpecRevisions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay an ITF counterexample on the Java model, printing each step (the action, then "
        + "the variables it changed) and whether the trace's property is violated at the end; with --format email, "
        + "the counterexample as plain text for a reply on a kernel list instead (80 columns, syscalls with their "
        + "arguments, the race as a column per CPU).",
        "Exit status: 0 the outcome is the expected one (the violation reproduced on the trace's own "
            + "revision; with --revision, what expected.json says of that revision), 1 otherwise, 2 bad input."})
final class ReplayCommand implements Callable<Integer> {

  @Parameters(paramLabel = "TRACE", description = "An .itf.json file, e.g. counterexamples/MemfdSeals/v7/NoFaultAllocationProp.itf.json")
  Path file;

  @Option(names = {"-r", "--revision"}, paramLabel = "REV",
      description = "Replay on this revision's model instead of the trace's own (e.g. a fixed kernel).")
  String revision;

  enum Format { text, email }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (each step and the variables it changed; the default) or email (the counterexample as "
          + "a kernel developer would paste it into a reply; the trace's own revision only).")
  Format format;

  @Override
  public Integer call() {
    ItfTrace trace = Itf.read(file);
    String spec = metaString(trace, "spec");
    String traceRevision = metaString(trace, "revision");
    String property = metaString(trace, "property");
    String rev = revision == null ? traceRevision : revision;
    @SuppressWarnings("unchecked")
    Map<String, Object> constants = (Map<String, Object>) trace.meta().get("constants");
    if (constants == null) {
      throw new BadInputException(file + ": #meta has no \"constants\" (the bounds of the config it came from)");
    }
    Map<String, SpecValue> bounds = new java.util.TreeMap<>();
    constants.forEach((k, v) -> bounds.put(k, Itf.decodeFromMeta(v, "#meta.constants." + k)));
    ModelBinding<?> binding = Models.bind(spec, rev, bounds);
    if (format == Format.email) {
      return email(trace, binding, spec);
    }

    System.out.printf("Replaying %s on the Java model, revision %s%n", file, rev);
    System.out.printf("property: %s%s%n", property,
        trace.meta().get("description") != null ? ": " + trace.meta().get("description") : "");
    ReplayResult r = Replayer.replay(trace, binding);
    for (ReplayResult.ReplayedStep s : r.steps()) {
      System.out.printf("%3d  %s%n", s.index(), s.label());
      s.changed().vars().forEach((k, v) -> System.out.printf("       %s = %s%n", k, shown(spec, k, v)));
    }
    boolean expectViolation = true;
    if (revision != null) {
      ProjectLayout layout = ProjectLayout.locate();
      Expectations.ConfigExpectation c = Expectations.spec(layout, spec)
          .sameRaceOn(metaString(trace, "config"), traceRevision, rev);
      Expectations.PropertyExpectation e = c.properties().get(property);
      if (e == null) {
        throw new BadInputException("expected.json has no property " + property + " for config " + c.name());
      }
      expectViolation = e.expected() == Expect.VIOLATED;
    }
    if (!r.reproduced()) {
      System.out.println("result: the trace does not replay: " + r.divergence());
    } else {
      System.out.println("result: every step reproduced; " + property
          + (r.propertyHolds() ? " holds at the end" : " is violated at the end"));
      if (!r.explanation().isEmpty()) {
        System.out.println("  " + r.explanation());
      }
    }
    boolean asExpected = expectViolation ? r.violationReproduced() : !r.violationReproduced();
    if (!asExpected) {
      System.out.println("UNEXPECTED: expected " + (expectViolation ? "the violation to reproduce" : "no violation")
          + " on revision " + rev);
    }
    return asExpected ? Main.AS_EXPECTED : Main.UNEXPECTED;
  }

  /**
   * The counterexample as mail text, once the model has reproduced its violation; a trace that
   * does not reproduce is reported as in the text format (exit 1).
   */
  private Integer email(ItfTrace trace, ModelBinding<?> binding, String spec) {
    if (revision != null) {
      throw new BadInputException("--format email tells the trace on its own revision: drop -r " + revision);
    }
    ReplayResult r = Replayer.replay(trace, binding);
    if (!r.violationReproduced()) {
      System.out.println("result: " + (r.reproduced() ? "every step reproduced, but the property holds at the end"
          : "the trace does not replay: " + r.divergence()));
      return Main.UNEXPECTED;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(Mail.render(trace, file.toString(), SpecComments.read(ExportCommand.specFile(spec)),
        SpecRevisions.load(ProjectLayout.locate(), spec), r.explanation()));
    out.flush();
    return Main.AS_EXPECTED;
  }

  /** A changed variable as TLA+ text; MemfdSeals' ret with its errno by name (-EBUSY, not -16). */
  private static String shown(String spec, String var, SpecValue v) {
    return spec.equals("MemfdSeals") && var.equals("ret") ? Errnos.memfdRetTla(v) : v.toTla();
  }

  private String metaString(ItfTrace t, String key) {
    Object v = t.meta().get(key);
    if (!(v instanceof String s)) {
      throw new BadInputException(file + ": #meta has no \"" + key + "\" string");
    }
    return s;
  }
}
