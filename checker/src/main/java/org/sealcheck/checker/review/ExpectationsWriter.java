package org.sealcheck.checker.review;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sealcheck.checker.AtomicFiles;
import org.sealcheck.checker.BadInputException;

/**
 * Writes verdicts into {@code specs/<Spec>/expected.json}: {@code review --accept} records TLC's
 * verdict for every property whose expectation is still "unknown", a violation with an empty
 * {@code why} for its author to fill (the build fails until it is). Nothing else in the file
 * changes (an entry keeps its other fields, {@code kind} among them), and a verdict TLC could not decide is never recorded.
 */
public final class ExpectationsWriter {

  /** What {@link #accept} wrote: verdicts recorded, and how many of them are violations awaiting a why. */
  public record Accepted(List<String> recorded, int violations) {}

  private ExpectationsWriter() {}

  /** Records the to-record verdicts of {@code outcomes} (all of one checkout) in their specs' expected.json. */
  public static Accepted accept(ProjectLayout layout, List<ConfigOutcome> outcomes) {
    Map<String, List<ConfigOutcome>> bySpec = new LinkedHashMap<>();
    outcomes.forEach(o -> bySpec.computeIfAbsent(o.spec(), k -> new ArrayList<>()).add(o));
    Map<Path, String> files = new LinkedHashMap<>();
    List<String> recorded = new ArrayList<>();
    int violations = 0;
    for (Map.Entry<String, List<ConfigOutcome>> s : bySpec.entrySet()) {
      Path file = layout.specDir(s.getKey()).resolve("expected.json");
      Map<String, Object> json = read(file, layout.show(file));
      boolean changed = false;
      for (ConfigOutcome o : s.getValue()) {
        Map<String, Object> props = properties(json, o.config(), layout.show(file));
        for (Map.Entry<String, PropertyOutcome> p : o.properties().entrySet()) {
          if (!p.getValue().toRecord()) {
            continue;
          }
          // The entry is kept (its "kind" says how TLC checks the property); only the verdict changes.
          Map<String, Object> e = new LinkedHashMap<>();
          if (props.get(p.getKey()) instanceof Map<?, ?> old) {
            old.forEach((k, v) -> e.put(String.valueOf(k), v));
          }
          e.put("expect", p.getValue().actual());
          if (p.getValue().actual().equals("violated")) {
            e.put("why", "");
            violations++;
          }
          props.put(p.getKey(), e);
          recorded.add(o.config() + "/" + p.getKey() + ": " + p.getValue().actual());
          changed = true;
        }
      }
      if (changed) {
        files.put(file, DataJson.write(json));
      }
    }
    try {
      AtomicFiles.writeAllStrings(files);
    } catch (IOException e) {
      throw new BadInputException("cannot write expected.json: " + e.getMessage());
    }
    return new Accepted(recorded, violations);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> json, String config, String shown) {
    for (Object c : (List<Object>) json.get("configs")) {
      Map<String, Object> m = (Map<String, Object>) c;
      String cfg = String.valueOf(m.get("cfg"));
      if (cfg.equals(config + ".cfg") || cfg.equals(config)) {
        return (Map<String, Object>) m.get("properties");
      }
    }
    throw new BadInputException(shown + " has no config " + config);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file, String shown) {
    try {
      return JsonMapper.builder().build().readValue(file.toFile(), LinkedHashMap.class);
    } catch (IOException e) {
      throw new BadInputException("cannot read " + shown + ": " + e.getMessage());
    }
  }
}
