package org.sealcheck.checker.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.SpecRevisions;
import org.sealcheck.model.gmem.GmemSystem;
import org.sealcheck.model.memfd.MemfdSystem;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;

/**
 * A counterexample as a standalone JUnit 5 regression test on the Java model: a title, a paragraph
 * (the trace's description, property and revision), one statement per step with the spec's comment
 * on the kernel function, and at the end an assertion on the property, judged by the model's own
 * property code as the replayer judges it ({@code MemfdProperties}/{@code GmemProperties}).
 *
 * <p>By default the test runs the steps on the trace's own revision and asserts the violation.
 * With another revision (a fixed kernel), it runs the same steps there and asserts what the model
 * says of that revision, so the test pins the fix: each step's return value, steps that are not
 * enabled there, and the property holding at the end.
 *
 * <p>The test needs only the model module (and JUnit) on its class path.
 */
public final class JunitExport {

  /** The package the generated test is in. */
  public static final String PACKAGE = "org.sealcheck.regression";

  private JunitExport() {}

  /** What one spec's model looks like in generated code. */
  private record SpecSyntax(List<String> imports, String stateType, String properties,
      Function<Object, String> ret) {}

  private static SpecSyntax syntax(String spec) {
    return switch (spec) {
      case "MemfdSeals" -> new SpecSyntax(List.of("java.util.Map", "org.sealcheck.model.memfd.MemfdConfig",
          "org.sealcheck.model.memfd.MemfdMachine", "org.sealcheck.model.memfd.MemfdProperties",
          "org.sealcheck.model.memfd.MemfdRevision", "org.sealcheck.model.memfd.MemfdSystem",
          "org.sealcheck.model.revision.Switches"),
          "MemfdSystem", "MemfdProperties", s -> ((MemfdSystem) s).ret().toString());
      case "GuestMemInvalidation" -> new SpecSyntax(List.of("java.util.Map", "org.sealcheck.model.gmem.GmemConfig",
          "org.sealcheck.model.gmem.GmemMachine", "org.sealcheck.model.gmem.GmemProperties",
          "org.sealcheck.model.gmem.GmemRevision", "org.sealcheck.model.gmem.GmemSystem",
          "org.sealcheck.model.revision.Switches"),
          "GmemSystem", "GmemProperties", s -> ((GmemSystem) s).ret().toString());
      default -> throw new BadInputException("no JUnit export for spec " + spec);
    };
  }

  /** The generated class's simple name: config, property (and the other revision), "Test". */
  public static String className(ExportedTrace t, String revision) {
    String base = camel(t.config()) + t.property();
    return (revision.equals(t.revision()) ? base : base + "On" + camel(revision)) + "Test";
  }

  /**
   * The test's source.
   *
   * @param revision the revision whose model the test runs (the trace's own, or a fixed one)
   * @throws BadInputException when a step does not exist in that revision's model, or a liveness
   *     trace is asked for another revision (its cycle is the trace's own)
   */
  public static String generate(ExportedTrace t, String revision, SpecComments comments) {
    ModelBinding<?> binding = Models.bind(t.spec(), revision, t.constants());
    if (t.isLasso() && !revision.equals(t.revision())) {
      throw new BadInputException("a liveness trace is exported only on its own revision (" + t.revision() + ")");
    }
    return new Writer<>(t, revision, binding, syntax(t.spec()), comments).write();
  }

  private static final class Writer<S> {
    private final ExportedTrace t;
    private final String revision;
    private final ModelBinding<S> binding;
    private final SpecSyntax syntax;
    private final SpecComments comments;
    private final StringBuilder out = new StringBuilder();

    @SuppressWarnings("unchecked")
    Writer(ExportedTrace t, String revision, ModelBinding<?> binding, SpecSyntax syntax, SpecComments comments) {
      this.t = t;
      this.revision = revision;
      this.binding = (ModelBinding<S>) binding;
      this.syntax = syntax;
      this.comments = comments;
    }

    String write() {
      // Run the steps first: the test states what the model does on this revision.
      List<S> states = new ArrayList<>(List.of(binding.machine().initial()));
      List<String> body = new ArrayList<>();
      for (int i = 0; i < t.steps().size(); i++) {
        Step step = t.steps().get(i);
        S now = states.get(states.size() - 1);
        Optional<S> next;
        try {
          next = binding.machine().apply(now, step);
        } catch (IllegalArgumentException e) {
          throw new BadInputException(t.file() + ": step " + (i + 1) + " (" + step.action() + ") is not a step of "
              + revision + ": " + e.getMessage());
        }
        String doc = comments.of(step.action());
        body.add("    // " + (i + 1) + ". " + step.action() + (doc.isEmpty() ? "" : ": " + doc));
        if (next.isEmpty()) {
          body.add("    //    not enabled on " + revision + ": the state stays as it is");
          body.add("    notEnabled(" + stepLiteral(step) + ");");
        } else {
          states.add(next.get());
          String ret = syntax.ret().apply(next.get());
          body.add("    step(" + stepLiteral(step) + ", " + str(ret) + ");");
        }
      }
      boolean holds;
      String check;
      if (t.isLasso()) {
        if (t.loopStep() != null) {
          S back = binding.machine().apply(states.get(states.size() - 1), t.loopStep())
              .orElseThrow(() -> new BadInputException(t.file() + ": the loop step is not enabled"));
          String doc = comments.of(t.loopStep().action());
          body.add("    // and again: " + t.loopStep().action() + (doc.isEmpty() ? "" : ": " + doc));
          body.add("    //    leads back to the state after step " + t.loop() + ": from there the behaviour repeats");
          body.add("    closeCycle(" + stepLiteral(t.loopStep()) + ", " + t.loop() + ");");
          if (!binding.machine().abstraction(back).equals(binding.machine().abstraction(states.get(t.loop())))) {
            throw new BadInputException(t.file() + ": the loop step does not lead back to state " + t.loop());
          }
        }
        holds = binding.holdsOnCycle(t.property(), states.subList(t.loop(), states.size()));
        check = syntax.properties() + ".holdsOnCycle(" + str(t.property()) + ", states.subList(" + t.loop()
            + ", states.size()))";
      } else {
        S after = states.get(states.size() - 1);
        S before = states.size() > 1 ? states.get(states.size() - 2) : after;
        holds = binding.holds(t.property(), before, after);
        check = syntax.properties() + ".holds(" + str(t.property()) + ", before(), now())";
      }
      header();
      String method = Character.toLowerCase(t.property().charAt(0)) + t.property().substring(1)
          + (holds ? "Holds" : "IsViolated") + (revision.equals(t.revision()) ? "" : "On" + camel(revision));
      line("  @Test");
      line("  @DisplayName(" + str(revision + ": " + t.property() + (holds ? " holds" : " is violated")) + ")");
      line("  void " + method + "() {");
      body.forEach(this::line);
      line("");
      if (holds) {
        line("    // " + revision + " keeps the promise the trace's revision (" + t.revision() + ") broke.");
        line("    assertTrue(" + check + ",");
        line("        " + str(t.property() + " must hold on " + revision + " after these steps") + ");");
      } else {
        line("    // The end of the story: the property is violated.");
        line("    assertFalse(" + check + ",");
        line("        " + str(t.property() + " must be violated on " + revision + " after these steps") + ");");
      }
      line("  }");
      helpers();
      line("}");
      return out.toString();
    }

    private void header() {
      line("package " + PACKAGE + ";");
      line("");
      line("import static org.junit.jupiter.api.Assertions.assertEquals;");
      line("import static org.junit.jupiter.api.Assertions.assertFalse;");
      line("import static org.junit.jupiter.api.Assertions.assertTrue;");
      line("");
      line("import java.util.ArrayList;");
      line("import java.util.List;");
      line("import java.util.Optional;");
      for (String i : syntax.imports()) {
        if (i.startsWith("java.")) {
          line("import " + i + ";");
        }
      }
      line("import org.junit.jupiter.api.DisplayName;");
      line("import org.junit.jupiter.api.Test;");
      for (String i : syntax.imports()) {
        if (!i.startsWith("java.")) {
          line("import " + i + ";");
        }
      }
      line("import org.sealcheck.model.state.SpecValue;");
      line("import org.sealcheck.model.step.Step;");
      line("");
      line("/**");
      wrap(" * ", javadoc(t.property() + " on " + t.revision() + (t.description().isEmpty() ? "" : ": " + t.description())));
      line(" *");
      String story = "TLC found this " + t.kind() + " counterexample to " + t.property() + " in the " + t.spec()
          + " spec at revision " + t.revision() + " (config " + t.config() + ", " + bounds() + "). "
          + (t.description().isEmpty() ? "" : capitalize(t.description()) + ". ")
          + "Each statement below is one step of the trace, named as the spec action (the kernel function "
          + "it models); the Java model takes it and must return what is written next to it. "
          + (revision.equals(t.revision())
              ? "At the end, the model's own property code must find " + t.property() + " violated."
              : "The steps run on " + revision + " instead: where that revision changed the outcome, the return "
                  + "values differ from the trace's, and at the end the model's property code decides whether "
                  + t.property() + " still breaks there.");
      wrap(" * ", "<p>" + javadoc(story));
      line(" *");
      line(" * <p>Generated by {@code sealcheck export --format junit" + (revision.equals(t.revision()) ? ""
          : " --kernel-revision " + revision) + "} from {@code " + javadoc(t.file().toString().replace('\\', '/'))
          + "}.");
      line(" */");
      line("class " + className(t, revision) + " {");
      line("");
      line("  /** The Java model of " + t.spec() + " at revision " + revision + ", with the bounds TLC used. */");
      line("  private final " + machineType() + " model = " + machineExpr() + ";");
      line("");
      line("  /** The states so far, the initial one first. */");
      line("  private final List<" + syntax.stateType() + "> states = new ArrayList<>(List.of(model.initial()));");
      line("");
    }

    private void helpers() {
      String st = syntax.stateType();
      line("");
      line("  /** Takes {@code step}: it must be enabled, and return {@code ret} (the spec's output variable). */");
      line("  private void step(Step step, String ret) {");
      line("    Optional<" + st + "> next = model.apply(now(), step);");
      line("    assertTrue(next.isPresent(), () -> step + \" is not enabled in \" + now());");
      line("    states.add(next.get());");
      line("    assertEquals(ret, now().ret().toString(), () -> \"what \" + step + \" returned\");");
      line("  }");
      line("");
      line("  /** A step the trace took that this revision does not enable: nothing happens. */");
      line("  private void notEnabled(Step step) {");
      line("    assertTrue(model.apply(now(), step).isEmpty(), () -> step + \" is enabled in \" + now());");
      line("  }");
      if (t.isLasso() && t.loopStep() != null) {
        line("");
        line("  /** The step that closes the cycle must lead back to the state after step {@code loop}. */");
        line("  private void closeCycle(Step step, int loop) {");
        line("    Optional<" + st + "> next = model.apply(now(), step);");
        line("    assertTrue(next.isPresent(), () -> step + \" is not enabled in \" + now());");
        line("    assertEquals(model.abstraction(states.get(loop)), model.abstraction(next.get()),");
        line("        () -> step + \" does not lead back to state \" + loop);");
        line("  }");
      }
      line("");
      line("  private " + st + " now() {");
      line("    return states.get(states.size() - 1);");
      line("  }");
      line("");
      line("  /** The state before the last step (a step property is judged on that step). */");
      line("  private " + st + " before() {");
      line("    return states.get(Math.max(0, states.size() - 2));");
      line("  }");
    }

    private String machineType() {
      return t.spec().equals("MemfdSeals") ? "MemfdMachine" : "GmemMachine";
    }

    private String machineExpr() {
      Map<String, SpecValue> c = t.constants();
      if (t.spec().equals("MemfdSeals")) {
        return "new MemfdMachine(new MemfdConfig(MemfdRevision.of(" + switchesExpr() + "), "
            + c.get("MaxPages").asLong() + ", " + c.get("Vmas").asSet().size() + ", "
            + c.get("MemfdNoexecScope").asLong() + "))";
      }
      String entries = c.entrySet().stream()
          .map(e -> "\n      Map.entry(" + str(e.getKey()) + ", " + literal(e.getValue()) + ")")
          .collect(Collectors.joining(","));
      return "new GmemMachine(GmemConfig.fromConstants(GmemRevision.of(" + switchesExpr() + "), Map.ofEntries("
          + entries + ")))";
    }

    /** The revision's switches, written out: the test runs without the checkout's revisions file. */
    private String switchesExpr() {
      String entries = SpecRevisions.switches(ProjectLayout.locate(), t.spec(), revision).values().entrySet().stream()
          .map(e -> "\n          Map.entry(" + str(e.getKey()) + ", " + literal(e.getValue()) + ")")
          .collect(Collectors.joining(","));
      return "Switches.of(" + str(revision) + ", Map.ofEntries(" + entries + "))";
    }

    private String bounds() {
      return t.constants().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue().toTla())
          .collect(Collectors.joining(", "));
    }

    private void line(String s) {
      out.append(s).append('\n');
    }

    /** {@code text} in lines of at most 100 characters, each starting with {@code prefix}. */
    private void wrap(String prefix, String text) {
      StringBuilder l = new StringBuilder(prefix);
      for (String word : text.split(" ")) {
        if (l.length() > prefix.length() && l.length() + 1 + word.length() > 100) {
          line(l.toString());
          l = new StringBuilder(prefix);
        }
        if (l.length() > prefix.length()) {
          l.append(' ');
        }
        l.append(word);
      }
      line(l.toString());
    }
  }

  // ------------------------------------------------------------------ Java literals

  static String stepLiteral(Step step) {
    StringBuilder b = new StringBuilder("Step.of(").append(str(step.action()));
    step.params().forEach((k, v) -> b.append(", ").append(str(k)).append(", ").append(literal(v)));
    return b.append(')').toString();
  }

  /** A Java expression that builds {@code v}. */
  static String literal(SpecValue v) {
    if (v instanceof SpecValue.Int i) {
      return "SpecValue.of(" + i.value() + "L)";
    }
    if (v instanceof SpecValue.Bool b) {
      return "SpecValue.of(" + b.value() + ")";
    }
    if (v instanceof SpecValue.Str s) {
      return "SpecValue.of(" + str(s.value()) + ")";
    }
    if (v instanceof SpecValue.SetV s) {
      return s.elems().stream().map(JunitExport::literal).collect(Collectors.joining(", ", "SpecValue.setOf(", ")"));
    }
    if (v instanceof SpecValue.Seq s) {
      return s.elems().stream().map(JunitExport::literal)
          .collect(Collectors.joining(", ", "SpecValue.seqOf(List.<SpecValue>of(", "))"));
    }
    if (v instanceof SpecValue.Rec r) {
      return r.fields().entrySet().stream().map(e -> str(e.getKey()) + ", " + literal(e.getValue()))
          .collect(Collectors.joining(", ", "SpecValue.rec(", ")"));
    }
    SpecValue.Fun f = (SpecValue.Fun) v;
    return f.map().entrySet().stream().map(e -> "java.util.Map.entry(" + literal(e.getKey()) + ", " + literal(e.getValue()) + ")")
        .collect(Collectors.joining(", ", "SpecValue.function(java.util.Map.ofEntries(", "))"));
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** "memfd-6.18-pre-3b041514" -> "Memfd618Pre3b041514". */
  static String camel(String name) {
    StringBuilder b = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return b.length() > 0 && Character.isDigit(b.charAt(0)) ? "T" + b : b.toString();
  }

  private static String javadoc(String s) {
    return s.replace("*/", "*&#47;").replace("@", "{@literal @}").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
