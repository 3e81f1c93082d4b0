package org.sealcheck.checker.tlc;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.TreeSet;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.SymbolNode;
import tlc2.tool.impl.FastTool;
import tlc2.util.Context;

/**
 * The state variables an expression can read, primed or not: every variable it names, or that a
 * definition it uses names, transitively (operator bodies, LET definitions, operators passed as
 * arguments, and what the cfg substitutes for a constant or a definition). An over-approximation,
 * which is what a memo keyed by these variables needs: TLC's value of the expression on a state,
 * or on a pair of states, depends on the constants and on these variables' values only.
 *
 * <p>Where the walk meets a node it does not follow (an INSTANCE substitution, whose expressions
 * stand for the instantiated module's variables), it answers "every variable" (null).
 */
final class VariablesRead {

  private final FastTool tool;
  private final Set<String> out = new TreeSet<>();
  private final Set<SemanticNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean gaveUp;

  private VariablesRead(FastTool tool) {
    this.tool = tool;
  }

  /** The names of the variables {@code expr} can read, or null when the walk cannot tell. */
  static Set<String> of(FastTool tool, SemanticNode expr) {
    VariablesRead r = new VariablesRead(tool);
    r.walk(expr);
    return r.gaveUp ? null : r.out;
  }

  private void walk(SemanticNode n) {
    if (n == null || gaveUp || !visited.add(n)) {
      return;
    }
    switch (n.getKind()) {
      case ASTConstants.OpApplKind -> symbol(((OpApplNode) n).getOperator());
      case ASTConstants.OpArgKind -> symbol(((OpArgNode) n).getOp());
      case ASTConstants.UserDefinedOpKind -> walk(((OpDefNode) n).getBody());
      case ASTConstants.SubstInKind, ASTConstants.APSubstInKind -> {
        gaveUp = true;
        return;
      }
      default -> { }
    }
    SemanticNode[] children = n.getChildren();
    if (children != null) {
      for (SemanticNode c : children) {
        walk(c);
      }
    }
  }

  private void symbol(SymbolNode op) {
    if (op instanceof OpDeclNode d && d.getKind() == ASTConstants.VariableDeclKind) {
      out.add(d.getName().toString());
      return;
    }
    if (op instanceof OpDefNode d && d.getKind() == ASTConstants.UserDefinedOpKind) {
      walk(d);
    }
    if (op instanceof OpDeclNode || op instanceof OpDefNode) {
      // A cfg substitution (CONSTANT c <- Def, or Op <- Def) is TLC's tool object for the symbol.
      Object sub = tool.lookup(op, Context.Empty, false);
      if (sub instanceof OpDefNode d && d != op) {
        walk(d);
      }
    }
  }
}
