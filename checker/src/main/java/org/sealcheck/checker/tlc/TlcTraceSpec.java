package org.sealcheck.checker.tlc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import tlc2.TLC;
import tlc2.output.EC;

/**
 * Trace validation by TLC's own model checker, as a reference for the step-by-step validation:
 * one in-process TLC run over a generated trace spec that holds every trace as a literal
 * (tlc.md §4, approach D; this fork has no Json or IOUtils module to read them from a file).
 *
 * <pre>
 * SC_Init == sc_tr \in 1..Len(SC_Logs) /\ sc_l = 1 /\ Init /\ SC_Match(SC_Logs[sc_tr][1])
 * SC_Next == sc_l &lt; Len(SC_Logs[sc_tr]) /\ Next /\ SC_MatchNext(SC_Logs[sc_tr][sc_l + 1])
 *            /\ sc_l' = sc_l + 1 /\ sc_tr' = sc_tr
 * SC_Report == PrintT(&lt;&lt;"sealcheck-trace", sc_tr, sc_l&gt;&gt;)      \* INVARIANT, always TRUE
 * </pre>
 *
 * <p>Every reachable state of the trace spec reports which trace it belongs to and how many of
 * its states it has matched; a trace whose longest match is its whole length is accepted, and
 * otherwise the first state it could not reach is its rejection point. The cfg keeps the config's
 * CONSTANTS and drops VIEW and SYMMETRY: the trace's states are matched whole ({@code ret}
 * included) and literally (a permuted pfn is a different state).
 *
 * <p>Loads a different root module than the config's, so it resets tla2tools' statics: a
 * {@link SpecExplorer} or {@link TransitionChecker} loaded before is invalid afterwards.
 */
public final class TlcTraceSpec {

  /** TLC's verdict on one trace: accepted, or the index of the first state it does not reach. */
  public record Verdict(boolean accepted, int index) {}

  static final String MODULE = "SealcheckTraceSpec";
  private static final Pattern REPORT = Pattern.compile("<<\"sealcheck-trace\", (\\d+), (\\d+)>>");
  private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KEYWORDS = Set.of("ASSUME", "ASSUMPTION", "AXIOM", "CASE", "CHOOSE",
      "CONSTANT", "CONSTANTS", "DOMAIN", "ELSE", "ENABLED", "EXCEPT", "EXTENDS", "IF", "IN", "INSTANCE", "LET",
      "LOCAL", "MODULE", "OTHER", "SF_", "SUBSET", "THEN", "THEOREM", "UNCHANGED", "UNION", "VARIABLE",
      "VARIABLES", "WF_", "WITH", "TRUE", "FALSE", "BOOLEAN", "STRING");
  private static final Pattern CFG_KEYWORD = Pattern.compile("^\\s*(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?"
      + "|PROPERT(Y|IES)|VIEW|SYMMETRY|CONSTRAINTS?|ACTION_CONSTRAINTS?|CHECK_DEADLOCK|ALIAS|POSTCONDITION)\\b");

  private TlcTraceSpec() {}

  /**
   * Validates {@code traces} against the spec {@code specDir/module.tla} under the CONSTANTS of
   * {@code cfg}, in one TLC run. {@code modelValues} names the strings of the states that are the
   * cfg's model values ({@link SpecExplorer#modelValueNames()}).
   */
  public static List<Verdict> check(Path specDir, String module, Path cfg, Set<String> modelValues,
      List<List<SpecState>> traces) {
    if (traces.isEmpty()) {
      return List.of();
    }
    Path specDirAbs = specDir.toAbsolutePath().normalize();
    String cfgText;
    try {
      cfgText = Files.readString(cfg, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + cfg + ": " + e.getMessage());
    }
    Statics.LOCK.lock();
    Path tmp = null;
    try {
      Statics.reset();
      tmp = Files.createTempDirectory("sealcheck-tracespec-");
      Files.writeString(tmp.resolve(MODULE + ".tla"), moduleText(module, modelValues, traces), StandardCharsets.UTF_8);
      Path traceCfg = tmp.resolve(MODULE + ".cfg");
      Files.writeString(traceCfg, cfgText(cfgText), StandardCharsets.UTF_8);
      List<String> args = List.of("-metadir", tmp.resolve("states").toString(), "-fpmem", "0.01", "-fp", "0",
          "-workers", "1", "-deadlock", "-config", traceCfg.toString(), tmp.resolve(MODULE + ".tla").toString());
      TLC tlc = new TLC();
      if (!tlc.handleParameters(args.toArray(String[]::new))) {
        throw new IllegalStateException("TLC rejected its arguments " + args + ": " + Statics.capturedOutput());
      }
      tlc.setResolver(new SpecResolver(tmp, specDirAbs));
      int code = tlc.process();
      String out = Statics.capturedOutput();
      if (code != EC.NO_ERROR) {
        throw new IllegalStateException("TLC's trace-spec run failed (code " + code + "): "
            + TlcOutput.errorLine(out, specDirAbs, specDir).orElse(out.lines().reduce((a, b) -> b).orElse("")));
      }
      return verdicts(out, traces);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a TLC trace-spec run in a temporary directory", e);
    } finally {
      Statics.endRun(tmp);
    }
  }

  private static List<Verdict> verdicts(String out, List<List<SpecState>> traces) {
    int[] matched = new int[traces.size()];
    Matcher m = REPORT.matcher(out);
    while (m.find()) {
      int tr = Integer.parseInt(m.group(1)) - 1;
      matched[tr] = Math.max(matched[tr], Integer.parseInt(m.group(2)));
    }
    List<Verdict> v = new ArrayList<>();
    for (int i = 0; i < traces.size(); i++) {
      boolean all = matched[i] == traces.get(i).size();
      v.add(new Verdict(all, all ? -1 : matched[i]));
    }
    return v;
  }

  // ------------------------------------------------------------------ the generated files

  static String moduleText(String module, Set<String> modelValues, List<List<SpecState>> traces) {
    List<String> vars = List.copyOf(traces.get(0).get(0).vars().keySet());
    StringBuilder sb = new StringBuilder();
    sb.append("---- MODULE ").append(MODULE).append(" ----\n");
    sb.append("EXTENDS ").append(module).append(", Integers, Sequences, TLC\n");
    sb.append("VARIABLES sc_tr, sc_l\n\n");
    sb.append("SC_Logs == <<\n");
    for (int t = 0; t < traces.size(); t++) {
      sb.append(t == 0 ? "  <<" : ",\n  <<");
      List<SpecState> states = traces.get(t);
      for (int i = 0; i < states.size(); i++) {
        sb.append(i == 0 ? "\n    " : ",\n    ");
        sb.append('[');
        for (int k = 0; k < vars.size(); k++) {
          sb.append(k == 0 ? "" : ", ").append(vars.get(k)).append(" |-> ");
          literal(states.get(i).get(vars.get(k)), modelValues, sb);
        }
        sb.append(']');
      }
      sb.append(">>");
    }
    sb.append("\n>>\n\n");
    sb.append("SC_Match(e) ==\n");
    vars.forEach(v -> sb.append("    /\\ ").append(v).append(" = e.").append(v).append('\n'));
    sb.append("SC_MatchNext(e) ==\n");
    vars.forEach(v -> sb.append("    /\\ ").append(v).append("' = e.").append(v).append('\n'));
    sb.append("SC_Init == /\\ sc_tr \\in 1..Len(SC_Logs) /\\ sc_l = 1 /\\ Init /\\ SC_Match(SC_Logs[sc_tr][1])\n");
    sb.append("SC_Next == /\\ sc_l < Len(SC_Logs[sc_tr]) /\\ Next /\\ SC_MatchNext(SC_Logs[sc_tr][sc_l + 1])\n"
        + "           /\\ sc_l' = sc_l + 1 /\\ sc_tr' = sc_tr\n");
    sb.append("SC_Report == PrintT(<<\"sealcheck-trace\", sc_tr, sc_l>>)\n");
    sb.append("====\n");
    return sb.toString();
  }

  /** The config's CONSTANTS, with the trace spec's INIT, NEXT and reporting invariant. */
  static String cfgText(String base) {
    StringBuilder sb = new StringBuilder();
    boolean keep = false;
    for (String line : base.split("\n", -1)) {
      Matcher m = CFG_KEYWORD.matcher(line);
      if (m.find()) {
        keep = m.group(1).startsWith("CONSTANT");
      }
      if (keep) {
        sb.append(line).append('\n');
      }
    }
    sb.append("INIT SC_Init\nNEXT SC_Next\nINVARIANT SC_Report\n");
    return sb.toString();
  }

  /** A TLA+ expression for {@code v}; strings that name model values become the bare constant. */
  static void literal(SpecValue v, Set<String> modelValues, StringBuilder sb) {
    if (v instanceof SpecValue.Str s) {
      if (modelValues.contains(s.value())) {
        sb.append(s.value());
      } else {
        sb.append('"').append(s.value().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    } else if (v instanceof SpecValue.Int || v instanceof SpecValue.Bool) {
      sb.append(v.toTla());
    } else if (v instanceof SpecValue.SetV s) {
      sb.append('{');
      join(s.elems().asList(), modelValues, sb);
      sb.append('}');
    } else if (v instanceof SpecValue.Seq s) {
      sb.append("<<");
      join(s.elems(), modelValues, sb);
      sb.append(">>");
    } else if (v instanceof SpecValue.Rec r
        && r.fields().keySet().stream().allMatch(k -> recordField(k) && !modelValues.contains(k))) {
      sb.append('[');
      boolean first = true;
      for (Map.Entry<String, SpecValue> e : r.fields().entrySet()) {
        sb.append(first ? "" : ", ").append(e.getKey()).append(" |-> ");
        literal(e.getValue(), modelValues, sb);
        first = false;
      }
      sb.append(']');
    } else if (v instanceof SpecValue.Rec || v instanceof SpecValue.Fun) {
      // A function over model values or non-identifier strings, or over anything else.
      sb.append('(');
      boolean first = true;
      for (Map.Entry<SpecValue, SpecValue> e : v.asFunction().entrySet()) {
        sb.append(first ? "" : " @@ ");
        literal(e.getKey(), modelValues, sb);
        sb.append(" :> ");
        literal(e.getValue(), modelValues, sb);
        first = false;
      }
      sb.append(')');
    } else {
      throw new IllegalArgumentException("unknown SpecValue " + v);
    }
  }

  private static boolean recordField(String k) {
    return IDENT.matcher(k).matches() && k.chars().anyMatch(Character::isLetter) && !KEYWORDS.contains(k);
  }

  private static void join(List<SpecValue> elems, Set<String> modelValues, StringBuilder sb) {
    for (int i = 0; i < elems.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      literal(elems.get(i), modelValues, sb);
    }
  }
}
