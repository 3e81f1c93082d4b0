package org.sealcheck.checker.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sealcheck.checker.review.ConfigOutcome;
import org.sealcheck.checker.review.Expectations;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.PropertyExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.review.PropertyOutcome;

/**
 * A review's outcomes put together without TLC, from the checkout's expected.json files and its
 * committed counterexamples: a property is "violated" where a counterexample file exists, else
 * "holds". The figures are made up (derived from the config's position), not measured.
 */
final class CommittedReview {

  private CommittedReview() {}

  static ProjectLayout layout() {
    return ProjectLayout.locate();
  }

  static List<ConfigOutcome> outcomes(ProjectLayout layout) {
    List<ConfigOutcome> out = new ArrayList<>();
    int n = 0;
    for (SpecExpectations s : Expectations.loadAll(layout)) {
      for (ConfigExpectation c : s.configs()) {
        if (c.longProfile()) {
          continue;
        }
        Map<String, PropertyOutcome> props = new LinkedHashMap<>();
        int violated = 0;
        for (Map.Entry<String, PropertyExpectation> e : c.properties().entrySet()) {
          String rel = "counterexamples/" + s.spec() + "/" + c.name() + "/" + e.getKey() + ".itf.json";
          boolean has = Files.isRegularFile(layout.root().resolve(rel));
          violated += has ? 1 : 0;
          props.put(e.getKey(), new PropertyOutcome(e.getValue().expect(), has ? "violated" : "holds",
              e.getValue().liveness() ? "liveness" : e.getKey().endsWith("Prop") ? "step property" : "invariant",
              0, has ? rel : null, e.getValue().why()));
        }
        n++;
        out.add(new ConfigOutcome(s.spec(), c.name(), c.revision(), 1000L * n + 17, 5000L * n + 3, 10 + n % 7,
            700L * n, 1, props, null, null));
      }
    }
    return out;
  }

  static Path root() {
    return layout().root();
  }
}
