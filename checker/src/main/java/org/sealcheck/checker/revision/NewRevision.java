package org.sealcheck.checker.revision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sealcheck.checker.AtomicFiles;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.DataJson;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.CfgFile;
import org.sealcheck.model.revision.RevisionTable;
import org.sealcheck.model.revision.RevisionTable.Declaration;
import org.sealcheck.model.state.SpecValue;

/**
 * {@code sealcheck new-revision NAME --from BASE --set SWITCH=VALUE}: a patch revision as data. It
 * adds the revision to the spec's revisions.json ({@code "from": BASE} with the switches it sets),
 * one cfg per config of BASE (every race, for GuestMemInvalidation) with the same actors and
 * bounds, and an expected.json entry per config whose every property is {@code "unknown"}, for
 * {@code review --accept} to record. All files are written or none.
 */
public final class NewRevision {

  /** What was written. */
  public record Result(String spec, List<Path> files, List<String> configs, Map<String, SpecValue> changed) {}

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+_-]*");

  private NewRevision() {}

  /**
   * @param sets SWITCH=VALUE, as on the command line ({@code true}, {@code loff_t}, {@code A,B}, {@code {}})
   * @param about one line on what the revision is; null for "BASE with ..."
   */
  public static Result create(ProjectLayout layout, String name, String base, List<String> sets, String about) {
    if (!NAME.matcher(name).matches()) {
      throw new BadInputException("revision name '" + name + "' must be lower case letters, digits and . + _ - "
          + "(it names files)");
    }
    SpecExpectations spec = specOf(layout, base);
    RevisionTable table = SpecRevisions.load(layout, spec.spec());
    for (SpecExpectations s : Expectations.loadAll(layout)) {
      if (SpecRevisions.load(layout, s.spec()).has(name) || s.configs().stream().anyMatch(c -> c.matches(name))) {
        throw new BadInputException("revision " + name + " exists already in " + s.spec());
      }
    }
    Map<String, SpecValue> changed = new LinkedHashMap<>();
    Map<String, Object> changedJson = new LinkedHashMap<>();
    for (String set : sets) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException("--set '" + set + "': write SWITCH=VALUE");
      }
      String sw = set.substring(0, eq).strip();
      Declaration d;
      try {
        d = table.declaration(sw);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--set " + sw + ": " + e.getMessage());
      }
      SpecValue v;
      try {
        v = d.parseText(name, set.substring(eq + 1));
      } catch (IllegalArgumentException e) {
        throw new BadInputException("--set: " + e.getMessage());
      }
      if (v.equals(table.switches(base).values().get(sw))) {
        throw new BadInputException("--set " + sw + ": " + base + " has " + Cfgs.tla(d, v) + " already");
      }
      changed.put(sw, v);
      changedJson.put(sw, d.toJson(v));
    }
    if (changed.isEmpty()) {
      throw new BadInputException("a new revision needs at least one --set SWITCH=VALUE (switches: "
          + String.join(", ", table.declarations().keySet()) + ")");
    }
    String text = about != null ? about : base + " with " + String.join(", ",
        changed.entrySet().stream().map(e -> e.getKey() + " = " + Cfgs.tla(table.declaration(e.getKey()), e.getValue())).toList());

    // revisions.json, with the new entry after its base.
    Path revFile = SpecRevisions.file(layout, spec.spec());
    Map<String, Object> revJson = SpecRevisions.read(revFile, layout.show(revFile));
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("about", text);
    entry.put("from", base);
    entry.put("switches", changedJson);
    revJson.put("revisions", insertAfter(object(revJson.get("revisions")), base, name, entry));
    RevisionTable newTable;
    try {
      newTable = RevisionTable.fromJson(revJson);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }

    // expected.json and the cfgs: one config per config of the base.
    List<ConfigExpectation> baseConfigs = spec.configs().stream().filter(c -> c.revision().equals(base)).toList();
    if (baseConfigs.isEmpty()) {
      throw new BadInputException(base + " has no config in " + spec.spec() + "'s expected.json to copy");
    }
    Path expFile = layout.specDir(spec.spec()).resolve("expected.json");
    Map<String, Object> expJson = SpecRevisions.read(expFile, layout.show(expFile));
    @SuppressWarnings("unchecked")
    List<Object> configs = new ArrayList<>((List<Object>) expJson.get("configs"));
    int at = lastIndexOf(configs, base) + 1;
    List<ConfigExpectation> added = new ArrayList<>();
    Map<Path, String> files = new LinkedHashMap<>();
    for (ConfigExpectation c : baseConfigs) {
      String cfgName = name + c.name().substring(base.length());
      if (!c.name().startsWith(base)) {
        throw new BadInputException("config " + c.name() + " of " + base + " is not named " + base + "[-race]");
      }
      LinkedHashMap<String, Expectations.PropertyExpectation> props = new LinkedHashMap<>();
      Map<String, Object> propsJson = new LinkedHashMap<>();
      c.properties().forEach((p, e) -> {
        props.put(p, new Expectations.PropertyExpectation("unknown", null, null, e.kind()));
        Map<String, Object> pj = new LinkedHashMap<>();
        pj.put("expect", "unknown");
        if (e.kind() != null) {
          pj.put("kind", e.kind());
        }
        propsJson.put(p, pj);
      });
      String cfgAbout = c.name().equals(base) ? text : c.about();
      ConfigExpectation n = new ConfigExpectation(name, cfgName + ".cfg", cfgAbout, c.profile(), c.conformance(), props);
      added.add(n);
      Map<String, Object> cj = new LinkedHashMap<>();
      cj.put("revision", name);
      cj.put("cfg", n.cfg());
      cj.put("about", cfgAbout);
      if (c.profile() != null) {
        cj.put("profile", c.profile());
      }
      if (c.conformance() != null) {
        cj.put("conformance", c.conformance());
      }
      cj.put("properties", propsJson);
      configs.add(at++, cj);
      Path baseCfg = layout.specDir(spec.spec()).resolve(c.cfg());
      Path newCfg = layout.specDir(spec.spec()).resolve(n.cfg());
      if (Files.exists(newCfg)) {
        throw new BadInputException(layout.show(newCfg) + " exists already");
      }
      files.put(newCfg, Cfgs.expectedText(spec, n, newTable, CfgFile.parse(read(baseCfg, layout))));
    }
    expJson.put("configs", configs);
    files.put(revFile, DataJson.write(revJson));
    files.put(expFile, DataJson.write(expJson));
    try {
      AtomicFiles.writeAllStrings(files);
    } catch (IOException e) {
      throw new BadInputException("cannot write the new revision's files: " + e.getMessage());
    }
    return new Result(spec.spec(), List.copyOf(files.keySet()), added.stream().map(ConfigExpectation::name).toList(),
        changed);
  }

  /** The one spec whose revisions include {@code base}. */
  private static SpecExpectations specOf(ProjectLayout layout, String base) {
    List<SpecExpectations> with = Expectations.loadAll(layout).stream()
        .filter(s -> SpecRevisions.load(layout, s.spec()).has(base)).toList();
    if (with.isEmpty()) {
      throw new BadInputException("unknown base revision " + base + " (known: " + String.join(", ",
          Expectations.loadAll(layout).stream().flatMap(s -> SpecRevisions.load(layout, s.spec()).entries().keySet().stream())
              .toList()) + ")");
    }
    if (with.size() > 1) {
      throw new BadInputException("revision " + base + " is in several specs");
    }
    return with.get(0);
  }

  private static Map<String, Object> insertAfter(Map<String, Object> m, String after, String key, Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> {
      out.put(k, v);
      if (k.equals(after)) {
        out.put(key, value);
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static int lastIndexOf(List<Object> configs, String revision) {
    int at = configs.size() - 1;
    for (int i = 0; i < configs.size(); i++) {
      if (revision.equals(((Map<String, Object>) configs.get(i)).get("revision"))) {
        at = i;
      }
    }
    return at;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object o) {
    return (Map<String, Object>) o;
  }

  private static String read(Path p, ProjectLayout layout) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + layout.show(p) + ": " + e.getMessage());
    }
  }
}
