package org.sealcheck.checker.report;

import org.sealcheck.checker.review.PropertyOutcome;

/** What a matrix cell says: TLC's verdict and whether expected.json agrees. */
enum Verdict {
  HOLDS("holds", "ok-holds", true),
  VIOLATED_AS_EXPECTED("violated (expected)", "ok-violated", true),
  VIOLATED_UNEXPECTEDLY("VIOLATED (expected holds!)", "bad", false),
  HOLDS_UNEXPECTEDLY("holds (expected violated!)", "bad", false),
  HOLDS_TO_RECORD("holds (to record)", "todo", true),
  VIOLATED_TO_RECORD("violated (to record)", "todo", true),
  HOLDS_AT_QUICK_BOUNDS("holds at the quick bounds (expected violated)", "todo", true),
  UNKNOWN("unknown", "bad", false);

  final String text;
  final String css;
  final boolean asExpected;

  Verdict(String text, String css, boolean asExpected) {
    this.text = text;
    this.css = css;
    this.asExpected = asExpected;
  }

  static Verdict of(PropertyOutcome p) {
    boolean expectViolated = "violated".equals(p.expected());
    if (p.missedAtQuickBounds()) {
      return HOLDS_AT_QUICK_BOUNDS;
    }
    if (p.toRecord()) {
      return p.actual().equals("holds") ? HOLDS_TO_RECORD : VIOLATED_TO_RECORD;
    }
    return switch (p.actual()) {
      case "holds" -> expectViolated ? HOLDS_UNEXPECTEDLY : HOLDS;
      case "violated" -> expectViolated ? VIOLATED_AS_EXPECTED : VIOLATED_UNEXPECTEDLY;
      default -> UNKNOWN;
    };
  }

  /** The cell's text; an undecided verdict says what was expected. */
  String text(PropertyOutcome p) {
    return this == UNKNOWN ? p.actual() + " (expected " + p.expected() + ")" : text;
  }
}
