package org.sealcheck.checker.tlc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.model.state.IdentityKey;
import org.sealcheck.model.state.SpecState;
import org.sealcheck.model.state.SpecValue;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.APSubstInNode;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.FormalParamNode;
import tla2sany.semantic.LabelNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;
import tlc2.output.EC;
import tlc2.tool.Action;
import tlc2.tool.BuiltInOPs;
import tlc2.tool.StateVec;
import tlc2.tool.TLCState;
import tlc2.tool.ToolGlobals;
import tlc2.tool.impl.FastTool;
import tlc2.util.Context;
import tlc2.value.IValue;
import tlc2.value.impl.ModelValue;
import util.Assert;
import util.UniqueString;

/**
 * Step-by-step access to a spec's state graph through TLC's own evaluator ({@code FastTool}):
 * initial states, labelled successors, "which action explains this step", invariants and
 * constants. This is what a conformance check needs to walk a Java model in lock-step with the
 * spec without running the model checker.
 *
 * <p><b>One spec per JVM.</b> tla2tools keeps the loaded spec in statics, so {@link #load} replaces
 * whatever was loaded before, and any later {@link #load}, {@link TlcModelChecker} run or
 * {@link TlcParse#parseOnly} invalidates this explorer: its methods then throw
 * {@link IllegalStateException} rather than evaluate against the wrong spec.
 *
 * <p><b>Actions.</b> TLC splits Next into actions along its top-level disjunctions and bounded
 * existentials, expanding operator calls whose arguments are constant; so a disjunct
 * {@code \E f \in Files, s \in Seals : AddSeal(f, s)} becomes one action per (f, s), named after
 * the innermost operator that is not split further ({@code AddSeal}). The label's parameters are
 * the \E-bound identifiers ({@code f}, {@code s}) with their values; operator parameters in the
 * same TLC context ({@code AddSeal}'s formals) are left out. A disjunct TLC cannot split (e.g. an
 * existential over a set that depends on the state) is one action named after the enclosing
 * operator, without parameters.
 *
 * <p><b>Stuttering.</b> {@link #successors} includes successors equal to the state itself (from
 * UNCHANGED actions or actions that happen not to change anything); callers decide whether to
 * keep them.
 *
 * <p><b>Model values.</b> SpecValue has no model values: TLC's model value {@code nobody} becomes
 * the string {@code "nobody"}. On the way back, a string that names one of the cfg's model values
 * becomes that model value again (TLC refuses to compare model values with strings), so a spec
 * that uses both a model value and a string of the same name cannot be driven from SpecStates.
 *
 * <p><b>Properties.</b> {@link #property} finds an invariant or a step property {@code [][A]_v}
 * among the root module's definitions whether or not the cfg lists it (the project's cfgs list none:
 * the checker adds them), and evaluates it on a state or a step as TLC's model checker does (a step
 * property as the implied action {@code [A]_v}), whole or conjunct by conjunct, each conjunct with
 * the variables it can read ({@code VariablesRead}), so that a caller can memoize verdicts.
 *
 * <p>Not thread-safe: the conversion caches are unsynchronized.
 */
public final class SpecExplorer {

  /** An action of the spec with the values of the \E-bound identifiers that select it. */
  public record ActionLabel(String name, ImmutableSortedMap<String, SpecValue> params) {
    @Override
    public String toString() {
      if (params.isEmpty()) {
        return name;
      }
      return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().toTla())
          .collect(Collectors.joining(", ", name + "(", ")"));
    }
  }

  /** One step: the action that takes it and the state it leads to. */
  public record Transition(ActionLabel label, SpecState next) {}

  /**
   * A property resolved by {@link #property}: an invariant, or a step property {@code [][A]_v}.
   * Valid with the explorer that made it.
   */
  public static final class Property {
    private final String name;
    private final boolean step;
    /** The invariant, or {@code [A]_v}. */
    private final Action whole;
    private final ImmutableList<Part> parts;

    private Property(String name, boolean step, Action whole, ImmutableList<Part> parts) {
      this.name = name;
      this.step = step;
      this.whole = whole;
      this.parts = parts;
    }

    public String name() {
      return name;
    }

    /** True for {@code [][A]_v}, false for an invariant. */
    public boolean isStep() {
      return step;
    }

    /**
     * The conjuncts of the invariant, or of a step property's action A, in order (one, the whole
     * formula, if it is not a conjunction): the formula holds exactly when every part does, and TLC,
     * evaluating left to right, stops at the first false one, as {@link #partHolds} callers should.
     */
    public List<Part> parts() {
      return parts;
    }

    /** The variables the parts read (see {@link Part#reads}). */
    public Set<String> reads() {
      ImmutableSet.Builder<String> b = ImmutableSet.builder();
      parts.forEach(pt -> b.addAll(pt.reads));
      return b.build();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** One conjunct of a {@link Property}: a state predicate, or (of a step property's A) an action. */
  public static final class Part {
    private final String property;
    private final boolean step;
    private final Action action;
    private final ImmutableSet<String> reads;

    private Part(String property, boolean step, Action action, ImmutableSet<String> reads) {
      this.property = property;
      this.step = step;
      this.action = action;
      this.reads = reads;
    }

    /**
     * The variables the part can read, primed or not (through every definition it uses; all of
     * them where that cannot be told): TLC's verdict depends on these alone, so states (or steps)
     * with equal values of them get equal verdicts.
     */
    public Set<String> reads() {
      return reads;
    }

    @Override
    public String toString() {
      return property + ": " + action.pred.getLocation();
    }
  }

  /**
   * States this explorer handed out, by identity: callers walking the graph pass them back, and an
   * identity lookup avoids hashing a SpecState (its hash is recomputed over the whole value tree
   * on every call).
   */
  private static final int IDENTITY_CACHE_CAPACITY = 1 << 16;

  /** States built by the caller, by value, so that a state seen again is not converted again. */
  private static final int VALUE_CACHE_CAPACITY = 1 << 14;

  /** Above this many successors of one action, duplicates are found by fingerprint, not pairwise. */
  private static final int PAIRWISE_DEDUP_LIMIT = 16;

  private final FastTool tool;
  private final long generation;
  private final String module;
  private final Action[] actions;
  private final ImmutableList<ActionLabel> labels;
  private final UniqueString[] varIds;
  private final String[] varNames;
  private final ImmutableList<String> invNames;
  private final Action[] invariants;
  private final Set<String> modelValues;
  private final Map<String, SpecValue> constants = new HashMap<>();
  private final Map<String, Property> properties = new HashMap<>();
  private final Map<IdentityKey<SpecState>, TLCState> byIdentity = lru(IDENTITY_CACHE_CAPACITY);
  private final Map<SpecState, TLCState> byValue = lru(VALUE_CACHE_CAPACITY);

  private static <K> Map<K, TLCState> lru(int capacity) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, TLCState> eldest) {
        return size() > capacity;
      }
    };
  }

  private SpecExplorer(FastTool tool, long generation, String module) {
    this.tool = tool;
    this.generation = generation;
    this.module = module;
    this.actions = tool.getActions();
    Set<SymbolNode> bound = boundIdentifiers(tool);
    ImmutableList.Builder<ActionLabel> lb = ImmutableList.builder();
    for (Action a : actions) {
      lb.add(label(a, bound));
    }
    this.labels = lb.build();
    OpDeclNode[] vars = TLCState.vars;
    this.varIds = new UniqueString[vars.length];
    this.varNames = new String[vars.length];
    for (int i = 0; i < vars.length; i++) {
      varIds[i] = vars[i].getName();
      varNames[i] = vars[i].getName().toString();
    }
    this.invNames = ImmutableList.copyOf(tool.getInvNames());
    this.invariants = tool.getInvariants();
    ImmutableSet.Builder<String> mv = ImmutableSet.builder();
    if (ModelValue.mvs != null) {
      for (ModelValue m : ModelValue.mvs) {
        mv.add(m.val.toString());
      }
    }
    this.modelValues = mv.build();
  }

  /**
   * Parses and loads {@code specDir/module.tla} with {@code cfg} (which may list INVARIANTs, for
   * {@link #invariantHolds}). Resets tla2tools' statics first, which invalidates any previously
   * loaded explorer: only one spec can be loaded per JVM.
   *
   * @throws BadInputException when a file is missing, the spec does not parse or the cfg is wrong
   */
  public static SpecExplorer load(Path specDir, String module, Path cfg) {
    if (!Files.isDirectory(specDir)) {
      throw new BadInputException("spec directory not found: " + specDir);
    }
    Path tla = specDir.resolve(module + ".tla");
    if (!Files.isRegularFile(tla)) {
      throw new BadInputException("spec file not found: " + tla);
    }
    if (!Files.isRegularFile(cfg)) {
      throw new BadInputException("cfg file not found: " + cfg);
    }
    Path specDirAbs = specDir.toAbsolutePath().normalize();
    Statics.LOCK.lock();
    Path tmp = null;
    try {
      Statics.reset();
      // The explorer evaluates states and steps, never temporal formulas: a cfg's PROPERTY lines
      // (which a cfg lists so that plain TLC checks them) are left out; its INVARIANTs stay.
      tmp = Files.createTempDirectory("sealcheck-explorer-");
      Path local = tmp.resolve(module + ".cfg");
      Files.writeString(local, withoutPropertyLines(cfg), StandardCharsets.UTF_8);
      String cfgAbs = local.toString();
      String cfgNoExt = cfgAbs.substring(0, cfgAbs.length() - 4);
      FastTool tool;
      try {
        tool = new FastTool(specDirAbs.toString(), module, cfgNoExt, new SpecResolver(specDirAbs));
      } catch (RuntimeException e) {
        throw new BadInputException(loadError(e, specDir, specDirAbs, cfg).replace(local.toString(), cfg.toString()), e);
      }
      return new SpecExplorer(tool, Statics.generation(), module);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + cfg + " for TLC in a temporary directory", e);
    } finally {
      deleteTree(tmp);
      Statics.LOCK.unlock();
    }
  }

  private static String withoutPropertyLines(Path cfg) throws IOException {
    CfgFile c;
    try {
      c = CfgFile.parse(Files.readString(cfg, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(cfg + " " + e.getMessage());
    }
    return c.withProperties(c.invariants(), List.of()).render();
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static String loadError(RuntimeException e, Path specDir, Path specDirAbs, Path cfg) {
    String out = Statics.capturedOutput();
    Optional<String> sany = TlcOutput.firstSanyError(out, specDirAbs, specDir);
    if (sany.isPresent()) {
      return sany.get();
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    msg = msg.replaceAll("\\s+", " ").strip();
    boolean parse = e instanceof Assert.TLCRuntimeException tre
        && (tre.errorCode == EC.TLC_PARSING_FAILED || tre.errorCode == EC.TLC_PARSING_FAILED2);
    return (parse ? specDir.toString() : cfg.toString()) + ": " + msg;
  }

  // ------------------------------------------------------------------ public API

  public String module() {
    return module;
  }

  /** Variable names in TLC's order (SANY's, not necessarily declaration order). */
  public List<String> variables() {
    return List.of(varNames);
  }

  /** One label per TLC action, in {@code getActions()} order (the order {@link #explain} tries). */
  public List<ActionLabel> actions() {
    return labels;
  }

  /** The INVARIANT names of the cfg given to {@link #load}. */
  public List<String> invariants() {
    return invNames;
  }

  /** All initial states, without duplicates, in TLC's order. */
  public List<SpecState> initStates() {
    checkLive();
    StateVec sv;
    try {
      sv = tool.getInitStates();
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating the initial predicate: " + oneLine(e), e);
    }
    LinkedHashSet<SpecState> out = new LinkedHashSet<>();
    for (int i = 0; i < sv.size(); i++) {
      TLCState t = sv.elementAt(i);
      SpecState s = TlcValues.toSpecState(t);
      if (out.add(s)) {
        byIdentity.put(new IdentityKey<>(s), t);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Every step from {@code s}, per action in {@code getActions()} order, stuttering steps
   * included. Duplicate successors within one action are reported once.
   */
  public List<Transition> successors(SpecState s) {
    checkLive();
    TLCState ts = tlcState(s);
    List<Transition> out = new ArrayList<>();
    for (int i = 0; i < actions.length; i++) {
      StateVec sv;
      try {
        sv = tool.getNextStates(actions[i], ts);
      } catch (RuntimeException e) {
        throw new SpecEvaluationException("evaluating action " + labels.get(i) + " on state\n" + s.toTla()
            + "\n: " + oneLine(e), e);
      }
      int n = sv.size();
      Set<Long> fingerprints = n > PAIRWISE_DEDUP_LIMIT ? new HashSet<>() : null;
      for (int j = 0; j < n; j++) {
        TLCState t = sv.elementAt(j);
        if (isDuplicate(sv, j, fingerprints)) {
          continue;
        }
        SpecState next = toSpecState(t, ts, s, labels.get(i));
        out.add(new Transition(labels.get(i), next));
        if (next != s) {
          byIdentity.put(new IdentityKey<>(next), t);
        }
      }
    }
    return out;
  }

  /** The first action (in {@code getActions()} order) that takes {@code s} to {@code t}, if any. */
  public Optional<ActionLabel> explain(SpecState s, SpecState t) {
    checkLive();
    TLCState ts = tlcState(s);
    TLCState tt = tlcState(t);
    for (int i = 0; i < actions.length; i++) {
      try {
        if (tool.isValid(actions[i], ts, tt)) {
          return Optional.of(labels.get(i));
        }
      } catch (RuntimeException e) {
        throw new SpecEvaluationException("evaluating action " + labels.get(i) + " on a step: " + oneLine(e), e);
      }
    }
    return Optional.empty();
  }

  /** Whether the cfg's invariant {@code name} holds in {@code s}. */
  public boolean invariantHolds(String name, SpecState s) {
    checkLive();
    int i = invNames.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no INVARIANT " + name + " in the cfg (invariants: " + invNames + ")");
    }
    TLCState ts = tlcState(s);
    try {
      return tool.isValid(invariants[i], ts);
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating invariant " + name + ": " + oneLine(e), e);
    }
  }

  /**
   * A property of the spec, found by name among the root module's definitions (listed in the cfg
   * or not), for {@link #holds(Property, SpecState)}, {@link #holds(Property, SpecState,
   * SpecState)} and {@link #partHolds}: a state predicate (an invariant), or a step property {@code
   * [][A]_v}, which TLC checks as the action {@code [A]_v} on every step (A holds, or v is
   * unchanged).
   *
   * @throws IllegalArgumentException when there is no such zero-arity definition, or it is neither
   *     a state predicate nor of the form {@code [][A]_v} (a liveness property, say)
   */
  public Property property(String name) {
    checkLive();
    Property cached = properties.get(name);
    if (cached != null) {
      return cached;
    }
    OpDefNode def = null;
    for (OpDefNode d : tool.getRootModule().getOpDefs()) {
      if (d.getName().toString().equals(name)) {
        def = d;
      }
    }
    if (def == null || def.getArity() != 0) {
      throw new IllegalArgumentException(def == null ? "no definition " + name + " in module " + module
          : name + " takes " + def.getArity() + " arguments; a property takes none");
    }
    if (tool.lookup(def, Context.Empty, false) instanceof OpDefNode substituted) {
      def = substituted;
    }
    SemanticNode body = def.getBody();
    boolean step;
    SemanticNode whole;
    SemanticNode split;
    if (body instanceof OpApplNode box && opcode(box) == ToolGlobals.OPCODE_box) {
      if (!(box.getArgs()[0] instanceof OpApplNode sq) || opcode(sq) != ToolGlobals.OPCODE_sa) {
        throw new IllegalArgumentException(name + " is a [] formula but not of the form [][A]_v");
      }
      step = true;
      whole = sq;
      split = sq.getArgs()[0];
    } else if (def.getLevel() <= 1) {
      step = false;
      whole = body;
      split = body;
    } else {
      throw new IllegalArgumentException(name + " is neither a state predicate nor of the form [][A]_v"
          + " (level " + def.getLevel() + ": an action, or a liveness property)");
    }
    List<SemanticNode> conjuncts = new ArrayList<>();
    conjuncts(split, conjuncts);
    ImmutableList.Builder<Part> parts = ImmutableList.builder();
    for (SemanticNode c : conjuncts) {
      parts.add(new Part(name, step, new Action(c, Context.Empty), readsOrAll(c)));
    }
    Property p = new Property(name, step, new Action(whole, Context.Empty), parts.build());
    properties.put(name, p);
    return p;
  }

  /** Whether the invariant {@code p} holds in {@code s}. */
  public boolean holds(Property p, SpecState s) {
    checkArgument(!p.step, "%s is a step property: give the step", p.name);
    return evalState(p.name, p.whole, s);
  }

  /** Whether the step property {@code p}, {@code [][A]_v}, holds on the step: {@code [A]_v} on the pair. */
  public boolean holds(Property p, SpecState s, SpecState t) {
    checkArgument(p.step, "%s is an invariant: give one state", p.name);
    return evalStep(p.name, p.whole, s, t);
  }

  /** Whether a conjunct of the invariant {@code part} belongs to holds in {@code s}. */
  public boolean partHolds(Part part, SpecState s) {
    checkArgument(!part.step, "%s is a step property: give the step", part.property);
    return evalState(part.property, part.action, s);
  }

  /**
   * Whether a conjunct of the action A of the step property {@code [][A]_v} that {@code part}
   * belongs to holds on the step. Where every conjunct of A does, so does the property, whether v
   * changes or not.
   */
  public boolean partHolds(Part part, SpecState s, SpecState t) {
    checkArgument(part.step, "%s is an invariant: give one state", part.property);
    return evalStep(part.property, part.action, s, t);
  }

  private boolean evalState(String property, Action act, SpecState s) {
    checkLive();
    try {
      return tool.isValid(act, tlcState(s));
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating " + property + " on state\n" + s.toTla() + "\n: " + oneLine(e), e);
    }
  }

  private boolean evalStep(String property, Action act, SpecState s, SpecState t) {
    checkLive();
    try {
      return tool.isValid(act, tlcState(s), tlcState(t));
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating " + property + " on the step from\n" + s.toTla() + "\nto\n"
          + t.toTla() + "\n: " + oneLine(e), e);
    }
  }

  private static int opcode(OpApplNode a) {
    return BuiltInOPs.getOpCode(a.getOperator().getName());
  }

  /** The conjuncts of {@code n}, flattening {@code /\} lists and {@code \land}, in TLC's order. */
  private static void conjuncts(SemanticNode n, List<SemanticNode> out) {
    if (n instanceof OpApplNode a && (opcode(a) == ToolGlobals.OPCODE_cl || opcode(a) == ToolGlobals.OPCODE_land)) {
      for (ExprOrOpArgNode arg : a.getArgs()) {
        conjuncts(arg, out);
      }
    } else {
      out.add(n);
    }
  }

  private ImmutableSet<String> readsOrAll(SemanticNode expr) {
    Set<String> r = VariablesRead.of(tool, expr);
    return ImmutableSet.copyOf(r == null ? List.of(varNames) : r);
  }

  /**
   * The value of a zero-arity definition or a constant of the root module (including what it
   * extends), with the cfg's assignments and substitutions applied, e.g. {@code "Revision"}.
   */
  public SpecValue evalConstant(String definitionName) {
    checkLive();
    SpecValue cached = constants.get(definitionName);
    if (cached != null) {
      return cached;
    }
    ModuleNode root = tool.getRootModule();
    SymbolNode sym = null;
    for (OpDefNode d : root.getOpDefs()) {
      if (d.getName().toString().equals(definitionName)) {
        if (d.getArity() != 0) {
          throw new IllegalArgumentException(definitionName + " takes " + d.getArity() + " arguments");
        }
        sym = d;
      }
    }
    if (sym == null) {
      for (OpDeclNode c : root.getConstantDecls()) {
        if (c.getName().toString().equals(definitionName)) {
          sym = c;
        }
      }
    }
    if (sym == null) {
      throw new IllegalArgumentException("no definition or constant " + definitionName + " in module " + module);
    }
    Object val;
    try {
      val = tool.lookup(sym, Context.Empty, false);
      if (val instanceof OpDefNode def) {
        val = tool.eval(def.getBody(), Context.Empty, TLCState.Empty);
      }
    } catch (RuntimeException e) {
      throw new SpecEvaluationException("evaluating " + definitionName + " (is it a constant?): " + oneLine(e), e);
    }
    if (!(val instanceof IValue v)) {
      throw new SpecEvaluationException(definitionName + " has no value (is it assigned in the cfg?)");
    }
    SpecValue result = TlcValues.toSpec(v);
    constants.put(definitionName, result);
    return result;
  }

  /** The names of the cfg's model values (which SpecValue carries as strings). */
  public Set<String> modelValueNames() {
    return modelValues;
  }

  // Shared with TransitionChecker, which evaluates steps of this spec from several threads.

  FastTool tool() {
    checkLive();
    return tool;
  }

  Action[] tlcActions() {
    return actions;
  }

  long generation() {
    return generation;
  }

  // ------------------------------------------------------------------ internals

  private void checkLive() {
    if (Statics.generation() != generation) {
      throw new IllegalStateException("this SpecExplorer for " + module + " was invalidated by a later TLC run,"
          + " parse or spec load (tla2tools holds one spec per JVM); load it again");
    }
  }

  private TLCState tlcState(SpecState s) {
    IdentityKey<SpecState> ref = new IdentityKey<>(s);
    TLCState t = byIdentity.get(ref);
    if (t == null) {
      t = byValue.get(s);
      if (t == null) {
        t = TlcValues.toTlcState(s, modelValues);
        byValue.put(s, t);
      }
      byIdentity.put(ref, t);
    }
    return t;
  }

  /**
   * Whether successor {@code j} equals an earlier one of the same action (TLC may produce a state
   * twice when an action has inner nondeterminism). Compared on the TLC side, which is cheaper than
   * hashing converted states.
   */
  private static boolean isDuplicate(StateVec sv, int j, Set<Long> fingerprints) {
    TLCState t = sv.elementAt(j);
    if (fingerprints != null) {
      if (fingerprints.add(t.fingerPrint())) {
        return false;
      }
      // Same fingerprint: confirm, so that a fingerprint collision cannot drop a real successor.
    }
    for (int k = 0; k < j; k++) {
      if (t.equals(sv.elementAt(k))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Converts a successor, reusing the parent's converted values for variables TLC left untouched:
   * TLC copies references of unchanged variables, so an identity check skips most of the work.
   */
  private SpecState toSpecState(TLCState t, TLCState parent, SpecState parentSpec, ActionLabel label) {
    boolean same = true;
    SpecValue[] vals = new SpecValue[varIds.length];
    for (int k = 0; k < varIds.length; k++) {
      IValue v = t.lookup(varIds[k]);
      if (v == null) {
        throw new SpecEvaluationException("action " + label + " leaves variable " + varNames[k] + " unassigned");
      }
      if (v == parent.lookup(varIds[k])) {
        vals[k] = parentSpec.vars().get(varNames[k]);
      } else {
        vals[k] = TlcValues.toSpec(v);
        same = false;
      }
    }
    if (same) {
      return parentSpec;
    }
    ImmutableSortedMap.Builder<String, SpecValue> b = ImmutableSortedMap.naturalOrder();
    for (int k = 0; k < vals.length; k++) {
      b.put(varNames[k], vals[k]);
    }
    return new SpecState(b.buildOrThrow());
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }

  private ActionLabel label(Action a, Set<SymbolNode> bound) {
    Map<UniqueString, Boolean> names = new LinkedHashMap<>();
    for (SymbolNode b : bound) {
      names.put(b.getName(), Boolean.TRUE);
    }
    ImmutableSortedMap.Builder<String, SpecValue> params = ImmutableSortedMap.naturalOrder();
    for (UniqueString name : names.keySet()) {
      // The innermost binding of a name wins, as in TLC's own lookup.
      Object v = a.con.lookup(node -> node != null && node.getName() == name && bound.contains(node));
      if (v instanceof IValue iv) {
        params.put(name.toString(), TlcValues.toSpec(iv));
      }
    }
    return new ActionLabel(a.getName().toString(), params.buildOrThrow());
  }

  /**
   * The identifiers bound by the \E's that TLC splits Next along, found by the same walk as
   * {@code Tool.getActions}: through disjunctions, bounded existentials, operator bodies, LET,
   * labels and INSTANCE substitutions.
   */
  private static Set<SymbolNode> boundIdentifiers(FastTool tool) {
    Set<SymbolNode> out = Collections.newSetFromMap(new IdentityHashMap<>());
    Action next = tool.getNextStateSpec();
    if (next != null) {
      walk(tool, next.pred, out, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    return out;
  }

  private static void walk(FastTool tool, SemanticNode n, Set<SymbolNode> out, Set<OpDefNode> visited) {
    switch (n.getKind()) {
      case ASTConstants.OpApplKind -> {
        OpApplNode a = (OpApplNode) n;
        SymbolNode op = a.getOperator();
        int opcode = BuiltInOPs.getOpCode(op.getName());
        if (opcode == 0) {
          Object val = tool.lookup(op, Context.Empty, false);
          if (val instanceof OpDefNode d && BuiltInOPs.getOpCode(d.getName()) == 0 && visited.add(d)
              && d.getBody() != null) {
            walk(tool, d.getBody(), out, visited);
          }
        } else if (opcode == ToolGlobals.OPCODE_be) {
          for (FormalParamNode[] group : a.getBdedQuantSymbolLists()) {
            out.addAll(Arrays.asList(group));
          }
          walk(tool, a.getArgs()[0], out, visited);
        } else if (opcode == ToolGlobals.OPCODE_dl || opcode == ToolGlobals.OPCODE_lor) {
          for (ExprOrOpArgNode arg : a.getArgs()) {
            walk(tool, arg, out, visited);
          }
        }
      }
      case ASTConstants.LetInKind -> walk(tool, ((LetInNode) n).getBody(), out, visited);
      case ASTConstants.SubstInKind -> walk(tool, ((SubstInNode) n).getBody(), out, visited);
      case ASTConstants.APSubstInKind -> walk(tool, ((APSubstInNode) n).getBody(), out, visited);
      case ASTConstants.LabelKind -> walk(tool, ((LabelNode) n).getBody(), out, visited);
      default -> { }
    }
  }
}
