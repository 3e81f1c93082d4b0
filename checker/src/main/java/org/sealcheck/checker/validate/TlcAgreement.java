package org.sealcheck.checker.validate;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Set;
import org.sealcheck.checker.tlc.TlcTraceSpec;
import org.sealcheck.model.state.SpecState;

/**
 * Compares the step-by-step verdicts with TLC's own: the same traces validated by one TLC run over
 * a trace spec ({@link TlcTraceSpec}). Two verdicts agree when both accept, or both reject at the
 * same state.
 */
public final class TlcAgreement {

  private TlcAgreement() {}

  /** A trace on which the two disagree. */
  public record Disagreement(int trace, Verdict ours, TlcTraceSpec.Verdict tlc) {
    @Override
    public String toString() {
      return "trace " + trace + ": sealcheck " + ours + "; TLC " + (tlc.accepted() ? "accepted"
          : "rejected at state " + tlc.index());
    }
  }

  /**
   * Runs TLC's trace spec on {@code traces} (resetting tla2tools' statics: run it after the
   * step-by-step validation) and lists the traces where its verdict differs from {@code ours}.
   */
  public static List<Disagreement> check(Path specDir, String module, Path cfg, Set<String> modelValues,
      List<List<SpecState>> traces, List<Verdict> ours) {
    return compare(ours, TlcTraceSpec.check(specDir, module, cfg, modelValues, traces));
  }

  public static List<Disagreement> compare(List<Verdict> ours, List<TlcTraceSpec.Verdict> tlc) {
    if (ours.size() != tlc.size()) {
      throw new IllegalArgumentException(ours.size() + " verdicts against " + tlc.size() + " of TLC");
    }
    List<Disagreement> out = new ArrayList<>();
    for (int i = 0; i < ours.size(); i++) {
      Verdict a = ours.get(i);
      TlcTraceSpec.Verdict b = tlc.get(i);
      if (a.accepted() != b.accepted() || (!a.accepted() && a.index() != b.index())) {
        out.add(new Disagreement(i, a, b));
      }
    }
    return out;
  }
}
