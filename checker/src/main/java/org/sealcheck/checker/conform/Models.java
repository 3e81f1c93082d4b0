package org.sealcheck.checker.conform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.model.state.SpecValue;

/**
 * Which Java model implements which spec, and how a config's constants become the model's bounds.
 * The constants are read from the spec (conformance) or from a trace's {@code #meta} (replay), so
 * the Java model always runs with exactly the bounds TLC used.
 */
public final class Models {

  private record Entry(List<String> constants, BiFunction<String, Map<String, SpecValue>, ModelBinding<?>> bind) {}

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

  public static ModelBinding<?> bind(String spec, String revision, Map<String, SpecValue> constants) {
    Entry e = entry(spec);
    for (String c : e.constants()) {
      if (!constants.containsKey(c)) {
        throw new BadInputException("constant " + c + " of " + spec + " is missing");
      }
    }
    return e.bind().apply(revision, constants);
  }

  /** The model for the config the explorer has loaded, with its constants. */
  public static ModelBinding<?> bind(String spec, String revision, SpecExplorer explorer) {
    return bind(spec, revision, constantsOf(spec, explorer));
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
