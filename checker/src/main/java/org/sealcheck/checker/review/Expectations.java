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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sealcheck.checker.BadInputException;

/**
 * The expected outcome of every (spec, revision, property), read from {@code
 * specs/<Spec>/expected.json}. These are data, not code, so that a reviewer can read why each
 * violation is expected, and the build compares every TLC verdict with them.
 */
public final class Expectations {

  public enum Expect { HOLDS, VIOLATED }

  /**
   * @param expect "holds" or "violated"
   * @param why the reason, required for an expected violation
   * @param fixedIn a revision of the same spec in which this violation's counterexample must no
   *     longer replay as a violation (the fix); null where nothing fixed it
   */
  public record PropertyExpectation(String expect, String why, String fixedIn) {
    public Expect expected() {
      return "violated".equals(expect) ? Expect.VIOLATED : Expect.HOLDS;
    }
  }

  /** One model-checking config: a revision of the spec and what each property should do. */
  public record ConfigExpectation(String revision, String cfg, String about,
      LinkedHashMap<String, PropertyExpectation> properties) {

    /** State invariants: names ending in Inv, and TypeOK. */
    public List<String> invariants() {
      return properties.keySet().stream().filter(p -> p.endsWith("Inv") || p.equals("TypeOK"))
          .collect(Collectors.toList());
    }

    /** Step properties of the form [][A]_v: names ending in Prop. */
    public List<String> stepProperties() {
      return properties.keySet().stream().filter(p -> p.endsWith("Prop")).collect(Collectors.toList());
    }
  }

  public record SpecExpectations(String spec, String module, String comment, List<ConfigExpectation> configs) {

    public ConfigExpectation config(String revision) {
      return configs.stream().filter(c -> c.revision().equals(revision)).findFirst()
          .orElseThrow(() -> new BadInputException("unknown revision '" + revision + "' of " + spec
              + " (known: " + configs.stream().map(ConfigExpectation::revision)
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
      c.properties().forEach((p, e) -> {
        if (e == null || !("holds".equals(e.expect()) || "violated".equals(e.expect()))) {
          throw new BadInputException(file + ": " + c.revision() + "/" + p + ": \"expect\" must be holds or violated");
        }
        if (e.expected() == Expect.VIOLATED && (e.why() == null || e.why().isBlank())) {
          throw new BadInputException(file + ": " + c.revision() + "/" + p + ": an expected violation needs a \"why\"");
        }
        if (e.fixedIn() != null && s.configs().stream().noneMatch(o -> o.revision().equals(e.fixedIn()))) {
          throw new BadInputException(file + ": " + c.revision() + "/" + p + ": fixedIn names an unknown revision " + e.fixedIn());
        }
        if (!(p.endsWith("Inv") || p.endsWith("Prop") || p.equals("TypeOK"))) {
          throw new BadInputException(file + ": " + p + ": property names end in Inv (invariant) or Prop (step property)");
        }
      });
    }
    return s;
  }
}
