package org.sealcheck.checker.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.tlc.CfgFile;

/**
 * {@code --quick}: a config at the smallest bounds that still exercise every action. The MC
 * harness defines them, one {@code MC_Quick<Constant> == ...} per constant it shrinks, with a
 * comment on why every action still runs; the quick cfg is the config's own with those constants
 * assigned from them. So a first verdict on a revision costs seconds, and the bounds used are
 * stated with it.
 */
public final class QuickBounds {

  private static final Pattern QUICK = Pattern.compile("^(MC_Quick([A-Za-z0-9_]+))\\s*==\\s*(.+?)\\s*$");

  /** The quick cfg, written to a scratch directory, and each bound it changed ("MaxPages = 1"). */
  public record Quick(Path cfg, List<String> bounds) {}

  private QuickBounds() {}

  /** The {@code MC_Quick*} definitions of the spec's MC harness: constant to (definition name, its text). */
  static Map<String, String[]> definitions(ProjectLayout layout, SpecExpectations spec) {
    Path mc = layout.specDir(spec.spec()).resolve(spec.module() + ".tla");
    Map<String, String[]> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(mc, StandardCharsets.UTF_8)) {
        Matcher m = QUICK.matcher(line);
        if (m.matches()) {
          out.put(m.group(2), new String[] {m.group(1), m.group(3)});
        }
      }
    } catch (IOException e) {
      throw new BadInputException("cannot read " + layout.show(mc) + ": " + e.getMessage());
    }
    return out;
  }

  /** Writes the quick form of config {@code c}'s cfg into {@code dir}. */
  public static Quick of(ProjectLayout layout, SpecExpectations spec, ConfigExpectation c, Path dir) {
    Map<String, String[]> defs = definitions(layout, spec);
    if (defs.isEmpty()) {
      throw new BadInputException(spec.spec() + " has no quick bounds: " + spec.module() + ".tla defines no MC_Quick* constant");
    }
    Path file = ConfigCheck.cfgPath(layout, spec, c);
    CfgFile cfg;
    try {
      cfg = CfgFile.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BadInputException("cannot read " + layout.show(file) + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(layout.show(file) + " " + e.getMessage());
    }
    List<CfgFile.Assignment> constants = new ArrayList<>();
    List<String> bounds = new ArrayList<>();
    for (CfgFile.Assignment a : cfg.constants()) {
      String[] d = defs.get(a.name());
      if (d != null) {
        constants.add(new CfgFile.Assignment(a.name(), "<-", d[0]));
        bounds.add(a.name() + " = " + d[1]);
      } else {
        constants.add(a);
      }
    }
    Path out = dir.resolve(c.cfg());
    try {
      Files.createDirectories(dir);
      Files.writeString(out, cfg.withConstants(constants).render(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("cannot write the quick cfg in " + dir + ": " + e.getMessage());
    }
    return new Quick(out, bounds);
  }
}
