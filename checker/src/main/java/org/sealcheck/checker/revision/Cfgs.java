package org.sealcheck.checker.revision;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sealcheck.checker.AtomicFiles;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.CfgFile;
import org.sealcheck.checker.tlc.CfgFile.Assignment;
import org.sealcheck.model.revision.RevisionTable;
import org.sealcheck.model.revision.RevisionTable.Declaration;
import org.sealcheck.model.state.SpecValue;

/**
 * Each cfg as it must read: {@code Revision} and the revision's switches from revisions.json, the
 * INVARIANT and PROPERTY lines from expected.json, and everything else (the race's actors, the
 * bounds, INIT/NEXT/VIEW/SYMMETRY or SPECIFICATION) the cfg's own. So a cfg stands alone: plain
 * TLC (or the TLA+ extension) on it checks what sealcheck checks, and a test fails when one is out
 * of date ({@code ./sealcheck cfgs --write} regenerates them).
 */
public final class Cfgs {

  /** One cfg whose text is not what revisions.json and expected.json make it. */
  public record Stale(Path cfg, String firstDifference, String expected) {}

  private Cfgs() {}

  /** The text the config's cfg must have, from its current text. */
  public static String expectedText(SpecExpectations spec, ConfigExpectation c, RevisionTable table, CfgFile current) {
    Map<String, SpecValue> switches = switchesOf(table, c);
    List<Assignment> constants = new ArrayList<>();
    constants.add(new Assignment("Revision", "=", SpecValue.of(c.revision()).toTla()));
    switches.forEach((k, v) -> constants.add(new Assignment(k, "=", tla(table.declaration(k), v))));
    current.constants().stream().filter(a -> !a.name().equals("Revision") && !table.declarations().containsKey(a.name()))
        .forEach(constants::add);
    List<String> props = new ArrayList<>(c.stepProperties());
    props.addAll(c.livenessProperties());
    CfgFile out = current.withHeader(header(spec, c)).withConstants(constants).withProperties(c.invariants(), props);
    return out.render(List.of(
        new CfgFile.Group(1, "the revision's switches (" + SpecRevisions.FILE + ")"),
        new CfgFile.Group(1 + switches.size(), "the config's own: actors and bounds")));
  }

  /**
   * A switch value as TLA+ text, a set's members in the order the switch declares its values (the
   * kernel's bit order for seals and flags). TLC orders strings by when it first interned them,
   * and it reads the cfg before the spec, so this order is also the order in which TLC enumerates
   * these sets.
   */
  static String tla(Declaration d, SpecValue v) {
    if (d.type() != RevisionTable.Type.SET) {
      return v.toTla();
    }
    return d.values().stream().filter(x -> v.asSet().contains(SpecValue.of(x))).map(x -> SpecValue.of(x).toTla())
        .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
  }

  private static List<String> header(SpecExpectations spec, ConfigExpectation c) {
    return ImmutableList.of(spec.spec() + ", revision " + c.revision() + (c.about() == null ? "" : ": " + c.about()) + ".",
        "Generated but for the config's own constants: Revision and the switches come from",
        SpecRevisions.FILE + ", the INVARIANT and PROPERTY lines from expected.json; ./sealcheck cfgs",
        "--write regenerates them. Plain TLC checks what sealcheck checks.");
  }

  /** The revision's switch values, in the order revisions.json declares the switches. */
  private static Map<String, SpecValue> switchesOf(RevisionTable table, ConfigExpectation c) {
    try {
      Map<String, SpecValue> values = table.switches(c.revision()).values();
      Map<String, SpecValue> ordered = new java.util.LinkedHashMap<>();
      table.declarations().keySet().forEach(k -> ordered.put(k, values.get(k)));
      return ordered;
    } catch (IllegalArgumentException e) {
      throw new BadInputException("expected.json config " + c.name() + ": " + e.getMessage());
    }
  }

  /**
   * The config's cfg, parsed, with its switch assignments checked against the declarations (an
   * unknown revision, an unknown switch or a value the switch does not have is one line naming it
   * and what is known).
   */
  public static CfgFile read(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c, RevisionTable table) {
    Path file = layout.specDir(spec.spec()).resolve(c.cfg());
    String shown = layout.show(file);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("missing cfg " + shown + " for config " + c.name());
    }
    CfgFile cfg;
    try {
      cfg = CfgFile.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(shown + " " + e.getMessage());
    } catch (IOException e) {
      throw new BadInputException("cannot read " + shown + ": " + e.getMessage());
    }
    Optional<Assignment> rev = cfg.constant("Revision");
    if (rev.isPresent()) {
      String name = rev.get().rhs().replaceAll("^\"|\"$", "");
      if (!table.has(name)) {
        throw new BadInputException(shown + ": Revision = " + rev.get().rhs() + " is no revision of " + spec.spec()
            + " (known: " + String.join(", ", table.entries().keySet()) + ")");
      }
      if (!name.equals(c.revision())) {
        throw new BadInputException(shown + ": Revision = " + rev.get().rhs() + ", but expected.json's config "
            + c.name() + " is revision " + c.revision());
      }
    }
    for (Assignment a : cfg.constants()) {
      Declaration d = table.declarations().get(a.name());
      if (d != null) {
        try {
          d.parseText(c.revision(), a.rhs());
        } catch (IllegalArgumentException e) {
          throw new BadInputException(shown + ": " + e.getMessage());
        }
      }
    }
    return cfg;
  }

  /** The cfgs of {@code spec} that are out of date, with the first line that differs. */
  public static List<Stale> stale(ProjectLayout layout, SpecExpectations spec) {
    RevisionTable table = SpecRevisions.load(layout, spec.spec());
    List<Stale> out = new ArrayList<>();
    for (ConfigExpectation c : spec.configs()) {
      stale(layout, spec, c, table).ifPresent(out::add);
    }
    return out;
  }

  /** Whether this config's cfg is out of date, and how. */
  public static Optional<Stale> stale(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c, RevisionTable table) {
    Path file = layout.specDir(spec.spec()).resolve(c.cfg());
    CfgFile cfg = read(layout, spec, c, table);
    String want = expectedText(spec, c, table, cfg);
    String have;
    try {
      have = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + layout.show(file) + ": " + e.getMessage());
    }
    if (want.equals(have)) {
      return Optional.empty();
    }
    return Optional.of(new Stale(file, firstDifference(have, want), want));
  }

  /** Fails with one line when the config's cfg is out of date (before TLC would check a stale cfg). */
  public static void requireCurrent(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c) {
    if (!Files.isRegularFile(SpecRevisions.file(layout, spec.spec()))) {
      return; // a spec without revisions (a toy or a new spec): its cfgs are its own
    }
    stale(layout, spec, c, SpecRevisions.load(layout, spec.spec())).ifPresent(s -> {
      throw new BadInputException(layout.show(s.cfg()) + " is out of date with " + SpecRevisions.FILE
          + " and expected.json (" + s.firstDifference() + "): run ./sealcheck cfgs --write");
    });
  }

  static String firstDifference(String have, String want) {
    String[] a = have.split("\n", -1);
    String[] b = want.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i].strip() : "(end of file)";
      String y = i < b.length ? b[i].strip() : "(end of file)";
      if (!x.equals(y)) {
        return "line " + (i + 1) + " is \"" + x + "\", should be \"" + y + "\"";
      }
    }
    return "whitespace differs";
  }

  /**
   * Rewrites every out-of-date cfg of {@code spec}, all of them or none (staged, then renamed).
   *
   * @return the cfgs rewritten
   */
  public static List<Stale> write(ProjectLayout layout, SpecExpectations spec) {
    List<Stale> stale = stale(layout, spec);
    Map<Path, String> files = new java.util.LinkedHashMap<>();
    stale.forEach(st -> files.put(st.cfg(), st.expected()));
    try {
      AtomicFiles.writeAllStrings(files);
    } catch (IOException e) {
      throw new BadInputException("cannot write the cfgs of " + spec.spec() + ": " + e.getMessage());
    }
    return stale;
  }
}
