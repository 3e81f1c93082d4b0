package org.sealcheck.checker.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.conform.ModelBinding;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.tlc.SpecExplorer;
import org.sealcheck.checker.tlc.TransitionChecker;

/**
 * The caches of a batch (model steps and abstractions per model state, interned spec states,
 * memoized verdicts) change nothing: on two threads, each trace is the one an uncached run of its
 * seed makes, and the verdicts with and without the memo are equal.
 */
class ValidationCachesTest {

  @Test
  void cachedRunsAreTheUncachedRunsAndTheMemoKeepsTheVerdicts() {
    ProjectLayout layout = ProjectLayout.locate();
    Path specDir = layout.specDir("GuestMemInvalidation");
    SpecExplorer explorer = SpecExplorer.load(specDir, "MCGuestMemInvalidation", specDir.resolve("gmem-6.18-punch.cfg"));
    TransitionChecker checker = TransitionChecker.of(explorer);
    // v9 against the 6.18 spec: some traces are rejected, so verdicts of both kinds are compared.
    for (String rev : List.of("gmem-6.18", "v9")) {
      ModelBinding<?> b = Models.bind("GuestMemInvalidation", rev, explorer);
      Validation.Result memo = Validation.run(b.machine(), checker,
          new Validation.Options(60, 30, 5, 2, TraceValidator.Mode.LABEL, true, true));
      Validation.Result all = Validation.run(b.machine(), checker,
          new Validation.Options(60, 30, 5, 2, TraceValidator.Mode.LABEL, true, false));
      for (int i = 0; i < 60; i++) {
        Validation.TraceResult t = memo.traces().get(i);
        RandomSchedules.Run plain = RandomSchedules.run(b.machine(), b.machine().alphabet(), t.seed(), 30);
        assertEquals(plain.steps(), t.run().steps(), rev + " trace " + i);
        assertEquals(plain.states(), t.run().states(), rev + " trace " + i);
        assertEquals(all.traces().get(i).verdict(), t.verdict(), rev + " trace " + i);
      }
      assertTrue(memo.evaluations() < all.evaluations(), rev + ": the memo answers some steps");
      if (rev.equals("v9")) {
        assertTrue(memo.accepted() < 60, "some v9 trace is rejected");
      }
    }
  }
}
