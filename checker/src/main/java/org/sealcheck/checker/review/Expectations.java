package org.sealcheck.checker.review;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sealcheck.checker.BadInputException;

/**
 * The expected outcome of every (spec, revision, property), read from {@code
 * specs/<Spec>/expected.json}. These are data, not code, so that a reviewer can read why each
 * violation is expected, and the build compares every TLC verdict with them.
 */
public final class Expectations {

  /** What a property should do; UNKNOWN until its verdict is recorded (a scaffolded revision). */
  public enum Expect { HOLDS, VIOLATED, UNKNOWN }

  /**
   * @param expect "holds", "violated", or "unknown" (not recorded yet: {@code review --accept}
   *     records TLC's verdict)
   * @param why the reason; an expected violation needs one, and the build fails while it is empty
   * @param fixedIn a config of the same spec (named by its cfg, without ".cfg") whose revision
   *     fixed this violation: its counterexample must no longer replay as a violation there; null
   *     where nothing fixed it
   * @param kind "liveness" for a temporal property (checked with the cfg's SPECIFICATION, one per
   *     TLC run); null for an invariant or a step property
   */
  public record PropertyExpectation(String expect, String why, String fixedIn, String kind) {
    public Expect expected() {
      return switch (expect) {
        case "violated" -> Expect.VIOLATED;
        case "unknown" -> Expect.UNKNOWN;
        default -> Expect.HOLDS;
      };
    }

    /** An expected violation whose why is still to be written. */
    public boolean whyMissing() {
      return expected() == Expect.VIOLATED && (why == null || why.isBlank());
    }

    public boolean liveness() {
      return "liveness".equals(kind);
    }
  }

  /**
   * One model-checking config: a cfg, the revision it sets, and what each property should do.
   *
   * @param profile null for a config of the default run; "long" for one that only runs when asked
   *     (review --long, mvn -Plong)
   * @param conformance null when the build checks the Java model's conformance on this config;
   *     "long" when only mvn -Plong and review do (TLC's verdicts and traces are checked in every
   *     build either way)
   */
  public record ConfigExpectation(String revision, String cfg, String about, String profile, String conformance,
      LinkedHashMap<String, PropertyExpectation> properties) {

    /** The config's name: its cfg file without ".cfg" (also its directory under counterexamples/). */
    public String name() {
      return cfg.endsWith(".cfg") ? cfg.substring(0, cfg.length() - 4) : cfg;
    }

    /** Whether this config has this name or sets this revision. */
    public boolean matches(String nameOrRevision) {
      return name().equals(nameOrRevision) || revision.equals(nameOrRevision);
    }

    public boolean longProfile() {
      return "long".equals(profile);
    }

    /** Whether the default build leaves this config's conformance check to the long profile. */
    public boolean conformanceLong() {
      return "long".equals(conformance);
    }

    /** State invariants: names ending in Inv, and TypeOK. */
    public List<String> invariants() {
      return properties.keySet().stream().filter(p -> p.endsWith("Inv") || p.equals("TypeOK"))
          .collect(Collectors.toList());
    }

    /** Step properties of the form [][A]_v: names ending in Prop that are not liveness. */
    public List<String> stepProperties() {
      return properties.entrySet().stream().filter(e -> e.getKey().endsWith("Prop") && !e.getValue().liveness())
          .map(Map.Entry::getKey).collect(Collectors.toList());
    }

    /** Temporal (liveness) properties, each checked in a TLC run of its own. */
    public List<String> livenessProperties() {
      return properties.entrySet().stream().filter(e -> e.getValue().liveness())
          .map(Map.Entry::getKey).collect(Collectors.toList());
    }
  }

  public record SpecExpectations(String spec, String module, String comment, List<ConfigExpectation> configs) {

    /**
     * What is still to be written before the build passes: each "config/property: reason" whose
     * verdict is unknown or whose expected violation has no why.
     */
    public List<String> unfinished() {
      List<String> out = new java.util.ArrayList<>();
      for (ConfigExpectation c : configs) {
        c.properties().forEach((p, e) -> {
          if (e.expected() == Expect.UNKNOWN) {
            out.add(c.name() + "/" + p + ": verdict not recorded (./sealcheck review -r " + c.name() + " --accept)");
          } else if (e.whyMissing()) {
            out.add(c.name() + "/" + p + ": expected violation without a \"why\" in expected.json");
          }
        });
      }
      return out;
    }

    /**
     * The config of {@code revision} that runs the same race as config {@code name} of revision
     * {@code nameRevision}: cfgs are named {@code <revision>} or {@code <revision>-<race>}.
     */
    public ConfigExpectation sameRaceOn(String name, String nameRevision, String revision) {
      String race = name.startsWith(nameRevision) ? name.substring(nameRevision.length()) : "";
      return config(revision + race);
    }

    /** The config with this name (its cfg without ".cfg"). */
    public ConfigExpectation config(String name) {
      return configs.stream().filter(c -> c.name().equals(name)).findFirst()
          .orElseThrow(() -> new BadInputException("unknown config '" + name + "' of " + spec
              + " (known: " + configs.stream().map(ConfigExpectation::name)
              .collect(Collectors.joining(", ")) + ")"));
    }

  }

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Expectations() {}

  /** Every spec of the checkout that has an expected.json, in name order. */
  public static List<SpecExpectations> loadAll(ProjectLayout layout) {
    try (Stream<Path> dirs = Files.list(layout.specs())) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("expected.json"))).sorted()
          .map(d -> load(d.resolve("expected.json"))).collect(ImmutableList.toImmutableList());
    } catch (IOException e) {
      throw new BadInputException("cannot list " + layout.specs() + ": " + e.getMessage());
    }
  }

  /**
   * The one config that {@code name} names among {@code specs}: a config by its cfg name, else the
   * only config of a revision of that name.
   *
   * @throws BadInputException when no config matches, or a revision has several (naming them)
   */
  public static Map.Entry<SpecExpectations, ConfigExpectation> config(List<SpecExpectations> specs, String name) {
    for (SpecExpectations s : specs) {
      for (ConfigExpectation c : s.configs()) {
        if (c.name().equals(name)) {
          return Map.entry(s, c);
        }
      }
    }
    List<Map.Entry<SpecExpectations, ConfigExpectation>> byRevision = new java.util.ArrayList<>();
    for (SpecExpectations s : specs) {
      s.configs().stream().filter(c -> c.revision().equals(name)).forEach(c -> byRevision.add(Map.entry(s, c)));
    }
    if (byRevision.size() == 1) {
      return byRevision.get(0);
    }
    if (byRevision.size() > 1) {
      throw new BadInputException("revision '" + name + "' has several configs; name one: "
          + byRevision.stream().map(e -> e.getValue().name()).collect(Collectors.joining(", ")));
    }
    throw new BadInputException("unknown config '" + name + "' (known: " + specs.stream()
        .flatMap(s -> s.configs().stream()).map(ConfigExpectation::name).sorted()
        .collect(Collectors.joining(", ")) + ")");
  }

  public static SpecExpectations spec(ProjectLayout layout, String spec) {
    Path file = layout.specDir(spec).resolve("expected.json");
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("unknown spec '" + spec + "': no " + layout.show(file) + " (known: "
          + loadAll(layout).stream().map(SpecExpectations::spec).collect(Collectors.joining(", ")) + ")");
    }
    return load(file);
  }

  static SpecExpectations load(Path file) {
    SpecExpectations s;
    try {
      s = MAPPER.readValue(file.toFile(), SpecExpectations.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadInputException(file + " line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
          + ": " + e.getOriginalMessage().lines().findFirst().orElse("malformed"));
    } catch (IOException e) {
      throw new BadInputException("cannot read " + file + ": " + e.getMessage());
    }
    if (s.spec() == null || s.module() == null || s.configs() == null) {
      throw new BadInputException(file + ": needs \"spec\", \"module\" and \"configs\"");
    }
    for (ConfigExpectation c : s.configs()) {
      if (c.revision() == null || c.cfg() == null || c.properties() == null || c.properties().isEmpty()) {
        throw new BadInputException(file + ": a config needs \"revision\", \"cfg\" and \"properties\"");
      }
      if (c.profile() != null && !c.longProfile()) {
        throw new BadInputException(file + ": " + c.name() + ": \"profile\" must be \"long\" or absent");
      }
      if (s.configs().stream().filter(o -> o.name().equals(c.name())).count() > 1) {
        throw new BadInputException(file + ": two configs use " + c.cfg());
      }
      c.properties().forEach((p, e) -> {
        if (e == null || !List.of("holds", "violated", "unknown").contains(e.expect())) {
          throw new BadInputException(file + ": " + c.name() + "/" + p + ": \"expect\" must be holds, violated or unknown");
        }
        if (e.fixedIn() != null && s.configs().stream().noneMatch(o -> o.name().equals(e.fixedIn()))) {
          throw new BadInputException(file + ": " + c.name() + "/" + p + ": fixedIn names an unknown config " + e.fixedIn());
        }
        if (e.kind() != null && !e.liveness()) {
          throw new BadInputException(file + ": " + c.name() + "/" + p + ": \"kind\" must be \"liveness\" or absent");
        }
        if (!(p.endsWith("Inv") || p.endsWith("Prop") || p.equals("TypeOK"))) {
          throw new BadInputException(file + ": " + p + ": property names end in Inv (invariant) or Prop (step property)");
        }
      });
    }
    return s;
  }
}
