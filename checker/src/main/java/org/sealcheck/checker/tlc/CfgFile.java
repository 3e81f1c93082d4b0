package org.sealcheck.checker.tlc;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLC model config file in the form sealcheck writes: leading {@code \*} comment lines, one
 * {@code CONSTANTS} section of assignments ({@code Name = value} or {@code Name <- Definition}, one
 * per line), directives ({@code INIT}, {@code NEXT}, {@code VIEW}, {@code SYMMETRY}, {@code
 * SPECIFICATION}, ...) and the {@code INVARIANT} and {@code PROPERTY} sections. Reads any file in
 * that form (comments between lines are dropped); {@link #render()} writes it back canonically.
 */
public record CfgFile(ImmutableList<String> header, ImmutableList<Assignment> constants,
    ImmutableList<String> directives, ImmutableList<String> invariants, ImmutableList<String> properties) {

  /** {@code name = value} (op "=") or {@code name <- definition} (op "<-"), as written. */
  public record Assignment(String name, String op, String rhs) {
    String render() {
      return name + " " + op + " " + rhs;
    }
  }

  private static final Pattern KEYWORD = Pattern.compile(
      "^(CONSTANTS?|INIT|NEXT|VIEW|SYMMETRY|SPECIFICATION|CONSTRAINTS?|ACTION_CONSTRAINTS?|INVARIANTS?|PROPERTY|PROPERTIES|CHECK_DEADLOCK|ALIAS|POSTCONDITION)\\b\\s*(.*)$");
  private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*(=|<-)\\s*(.+)$");

  public CfgFile {
    header = ImmutableList.copyOf(header);
    constants = ImmutableList.copyOf(constants);
    directives = ImmutableList.copyOf(directives);
    invariants = ImmutableList.copyOf(invariants);
    properties = ImmutableList.copyOf(properties);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the line that is not in the form above
   */
  public static CfgFile parse(String text) {
    List<String> header = new ArrayList<>();
    List<Assignment> constants = new ArrayList<>();
    List<String> directives = new ArrayList<>();
    List<String> invariants = new ArrayList<>();
    List<String> properties = new ArrayList<>();
    String section = null;
    boolean inHeader = true;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String raw = lines[n];
      String line = stripComment(raw).strip();
      if (inHeader && raw.strip().startsWith("\\*")) {
        header.add(raw.strip().substring(2).strip());
        continue;
      }
      if (line.isEmpty()) {
        continue;
      }
      inHeader = false;
      Matcher k = KEYWORD.matcher(line);
      String rest = line;
      if (k.matches()) {
        String kw = k.group(1);
        rest = k.group(2).strip();
        if (kw.startsWith("CONSTANT")) {
          section = "CONSTANTS";
        } else if (kw.startsWith("INVARIANT")) {
          section = "INVARIANT";
        } else if (kw.startsWith("PROPERT")) {
          section = "PROPERTY";
        } else {
          section = null;
          directives.add(kw + (rest.isEmpty() ? "" : " " + rest));
          continue;
        }
        if (rest.isEmpty()) {
          continue;
        }
      }
      if (section == null) {
        throw new IllegalArgumentException("line " + (n + 1) + ": \"" + raw.strip() + "\" is outside any section");
      }
      switch (section) {
        case "CONSTANTS" -> {
          Matcher a = ASSIGNMENT.matcher(rest);
          if (!a.matches()) {
            throw new IllegalArgumentException("line " + (n + 1) + ": \"" + raw.strip() + "\" is not a constant assignment");
          }
          String rhs = a.group(3).strip();
          while (depth(rhs) > 0 && n + 1 < lines.length) {
            rhs = rhs + " " + stripComment(lines[++n]).strip();
          }
          constants.add(new Assignment(a.group(1), a.group(2), rhs));
        }
        case "INVARIANT" -> invariants.addAll(List.of(rest.split("\\s+")));
        default -> properties.addAll(List.of(rest.split("\\s+")));
      }
    }
    return new CfgFile(ImmutableList.copyOf(header), ImmutableList.copyOf(constants), ImmutableList.copyOf(directives),
        ImmutableList.copyOf(invariants), ImmutableList.copyOf(properties));
  }

  /** The assignment to {@code name}, if the file makes one. */
  public Optional<Assignment> constant(String name) {
    return constants.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The same file without INVARIANT and PROPERTY sections (what sealcheck hands TLC, adding its own). */
  public CfgFile withoutProperties() {
    return new CfgFile(header, constants, directives, ImmutableList.of(), ImmutableList.of());
  }

  public CfgFile withHeader(List<String> lines) {
    return new CfgFile(ImmutableList.copyOf(lines), constants, directives, invariants, properties);
  }

  public CfgFile withConstants(List<Assignment> c) {
    return new CfgFile(header, ImmutableList.copyOf(c), directives, invariants, properties);
  }

  public CfgFile withProperties(List<String> inv, List<String> props) {
    return new CfgFile(header, constants, directives, ImmutableList.copyOf(inv), ImmutableList.copyOf(props));
  }

  /**
   * The file's text. {@code groups} optionally comments the constants: each entry is the index of
   * the first constant of a group and the comment above it.
   */
  public String render(List<Group> groups) {
    StringBuilder sb = new StringBuilder();
    header.forEach(h -> sb.append("\\* ").append(h).append('\n'));
    if (!constants.isEmpty()) {
      sb.append("CONSTANTS\n");
      for (int i = 0; i < constants.size(); i++) {
        for (Group g : groups) {
          if (g.first() == i) {
            sb.append("    \\* ").append(g.comment()).append('\n');
          }
        }
        sb.append("    ").append(constants.get(i).render()).append('\n');
      }
    }
    directives.forEach(d -> sb.append(d).append('\n'));
    if (!invariants.isEmpty()) {
      sb.append("INVARIANT\n");
      invariants.forEach(i -> sb.append("    ").append(i).append('\n'));
    }
    if (!properties.isEmpty()) {
      sb.append("PROPERTY\n");
      properties.forEach(p -> sb.append("    ").append(p).append('\n'));
    }
    return sb.toString();
  }

  public String render() {
    return render(List.of());
  }

  /** A comment above the constants from index {@code first} on. */
  public record Group(int first, String comment) {}

  private static String stripComment(String line) {
    int c = line.indexOf("\\*");
    return c < 0 ? line : line.substring(0, c);
  }

  /** Open braces, brackets and parentheses minus closed ones, outside strings. */
  private static int depth(String s) {
    int d = 0;
    boolean str = false;
    for (char ch : s.toCharArray()) {
      if (ch == '"') {
        str = !str;
      } else if (!str && (ch == '{' || ch == '[' || ch == '(')) {
        d++;
      } else if (!str && (ch == '}' || ch == ']' || ch == ')')) {
        d--;
      }
    }
    return d;
  }
}
