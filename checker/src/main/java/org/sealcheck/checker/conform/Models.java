package org.sealcheck.checker.conform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.SpecRevisions;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.model.revision.Switches;
import org.sealcheck.model.revision.UnknownSwitchException;
import org.sealcheck.model.state.SpecValue;

/**
 * Which Java model implements which spec, and how a revision's switches and a config's constants
 * become the model's behaviour and bounds. The constants are read from the spec (conformance) or
 * from a trace's {@code #meta} (replay), so the Java model always runs with exactly the bounds TLC
 * used; the switches come from the revisions file, which every cfg is checked to agree with.
 */
public final class Models {

  private record Entry(List<String> constants, BiFunction<Switches, Map<String, SpecValue>, ModelBinding<?>> bind) {}

  private static final Map<String, Entry> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("MemfdSeals", new Entry(List.of("MaxPages", "MemfdNoexecScope", "Vmas"), MemfdBinding::bind));
    MODELS.put("GuestMemInvalidation", new Entry(List.of("Actors", "Vcpus", "Pfns", "NoPfn", "NPages", "Slots",
        "SlotBase", "SlotPages", "NGfns", "InitBound", "VmHasPrivateMem", "InitPrivate", "GmemFlags", "PageSize",
        "MaxSeq"), GmemBinding::bind));
  }

  private Models() {}

  /** The spec constants the model needs, besides the revision. */
  public static List<String> constants(String spec) {
    return entry(spec).constants();
  }

  /**
   * The model of {@code revision} (its switches from the checkout's revisions file) with these
   * constants.
   *
   * @throws ModelUnavailableException when the model does not implement one of the revision's switches
   */
  public static ModelBinding<?> bind(String spec, String revision, Map<String, SpecValue> constants) {
    return bind(spec, SpecRevisions.switches(ProjectLayout.locate(), spec, revision), constants);
  }

  /** The model of the revision with these switch values, and these constants. */
  public static ModelBinding<?> bind(String spec, Switches switches, Map<String, SpecValue> constants) {
    Entry e = entry(spec);
    for (String c : e.constants()) {
      if (!constants.containsKey(c)) {
        throw new BadInputException("constant " + c + " of " + spec + " is missing");
      }
    }
    try {
      return e.bind().apply(switches, constants);
    } catch (UnknownSwitchException x) {
      throw new ModelUnavailableException(x.getMessage(), x);
    }
  }

  /** The model for the config the explorer has loaded, with its constants. */
  /**
   * The model for the config the explorer has loaded, with its constants. For the cfg's own
   * revision the switches are the values the cfg gave TLC; for another revision (a model run on
   * purpose against another revision's spec) they come from the revisions file.
   */
  public static ModelBinding<?> bind(String spec, String revision, SpecExplorer explorer) {
    return bind(spec, switchesOf(spec, revision, explorer), constantsOf(spec, explorer));
  }

  /** The switches of {@code revision}: as the loaded cfg assigns them if it is that revision's. */
  public static Switches switchesOf(String spec, String revision, SpecExplorer explorer) {
    ProjectLayout layout = ProjectLayout.locate();
    if (!explorer.evalConstant("Revision").equals(SpecValue.of(revision))) {
      return SpecRevisions.switches(layout, spec, revision);
    }
    Map<String, SpecValue> values = new LinkedHashMap<>();
    for (String name : SpecRevisions.load(layout, spec).declarations().keySet()) {
      values.put(name, explorer.evalConstant(name));
    }
    return Switches.of(revision, values);
  }

  public static Map<String, SpecValue> constantsOf(String spec, SpecExplorer explorer) {
    Map<String, SpecValue> values = new LinkedHashMap<>();
    for (String c : constants(spec)) {
      values.put(c, explorer.evalConstant(c));
    }
    return values;
  }

  private static Entry entry(String spec) {
    Entry e = MODELS.get(spec);
    if (e == null) {
      throw new BadInputException("no Java model for spec '" + spec + "' (models: "
          + MODELS.keySet().stream().collect(Collectors.joining(", ")) + ")");
    }
    return e;
  }
}
