package org.sealcheck.checker.diff;

import org.sealcheck.checker.tlc.SpecExplorer.ActionLabel;
import org.sealcheck.model.state.SpecState;

/**
 * One step of a path: the spec action that takes it, with its parameters (null for the initial
 * state), and the full state it leads to.
 */
public record Step(ActionLabel label, SpecState state) {

  /** The action as a trace prints it: {@code Init}, or the name with its parameters. */
  public String action() {
    return label == null ? "Init" : label.toString();
  }
}
