package org.sealcheck.checker.tlc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns SANY's and TLC's multi-line error text into the one line a user needs: file, line,
 * column and message. SANY reports semantic errors by module name and parse errors relative to the
 * file being parsed, and only prints them (the structured Errors objects lack the parse-error
 * positions), so the captured text is the one source that has everything.
 */
final class TlcOutput {
  private TlcOutput() {}

  private static final Pattern PARSING_FILE = Pattern.compile("^Parsing file (.+)$");
  private static final Pattern SEMANTIC_LOC =
      Pattern.compile("^line (\\d+), col (\\d+) to line \\d+, col \\d+ of module (\\S+)\\s*$");
  private static final Pattern PARSE_ENCOUNTERED =
      Pattern.compile("^Encountered (.*) at line (\\d+), column (\\d+)(.*)$");
  private static final Pattern LEXICAL =
      Pattern.compile("^Lexical error at line (\\d+), column (\\d+)\\.\\s*(.*)$");
  private static final Pattern CANNOT_FIND =
      Pattern.compile("^.*Cannot find source file for module (\\S+?)(?: imported in module (\\S+?))?\\.?\\s*$");
  private static final Pattern COULD_NOT_PARSE = Pattern.compile("^Could not parse module (\\S+) from file (.+)$");

  /**
   * The first SANY error in {@code output}, as {@code "<file> line L, col C: message"}, or empty if
   * the text has none. Files inside the spec directory are named as {@code displayDir/<file>} so
   * that the message matches the path the user passed.
   */
  static Optional<String> firstSanyError(String output, Path specDirAbs, Path displayDir) {
    List<String> lines = output.lines().toList();
    Map<String, String> moduleFiles = new HashMap<>();
    String currentFile = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      Matcher m = PARSING_FILE.matcher(line);
      if (m.matches()) {
        currentFile = display(m.group(1).strip(), specDirAbs, displayDir);
        moduleFiles.put(moduleOf(m.group(1).strip()), currentFile);
        continue;
      }
      m = SEMANTIC_LOC.matcher(line);
      if (m.matches()) {
        String file = moduleFiles.getOrDefault(m.group(3), "module " + m.group(3));
        String msg = paragraphAfter(lines, i + 1);
        return Optional.of(file + " line " + m.group(1) + ", col " + m.group(2) + ": " + msg);
      }
      m = PARSE_ENCOUNTERED.matcher(line);
      if (m.matches()) {
        String file = currentFile != null ? currentFile : "spec";
        String rest = m.group(4).strip();
        return Optional.of(file + " line " + m.group(2) + ", col " + m.group(3) + ": parse error: encountered "
            + m.group(1) + (rest.isEmpty() ? "" : " " + rest));
      }
      m = LEXICAL.matcher(line);
      if (m.matches()) {
        String file = currentFile != null ? currentFile : "spec";
        return Optional.of(file + " line " + m.group(1) + ", col " + m.group(2) + ": lexical error: "
            + m.group(3).strip());
      }
      m = CANNOT_FIND.matcher(line);
      if (m.matches()) {
        String importer = m.group(2) == null ? null : moduleFiles.get(m.group(2));
        return Optional.of((importer != null ? importer + ": " : "") + "cannot find module " + m.group(1)
            + (importer == null && m.group(2) != null ? " (imported in module " + m.group(2) + ")" : ""));
      }
    }
    for (String raw : lines) {
      Matcher m = COULD_NOT_PARSE.matcher(raw.strip());
      if (m.matches()) {
        return Optional.of(moduleFiles.getOrDefault(m.group(1), m.group(2)) + ": could not parse module " + m.group(1));
      }
    }
    return Optional.empty();
  }

  /** "0. Line 18, column 10 to line 18, column 42 in MCToy": TLC's nested-evaluation positions. */
  private static final Pattern TLC_LOC =
      Pattern.compile("^\\d+\\. Line (\\d+), column (\\d+) to line \\d+, column \\d+ in (\\w+)\\s*$");
  private static final int MAX_LINE = 600;

  /**
   * TLC's first error message ("Error: ..." paragraph, or the paragraph after a bare "Error:"),
   * as one line, followed by the innermost spec location TLC names, if any.
   */
  static Optional<String> errorLine(String output, Path specDirAbs, Path displayDir) {
    List<String> lines = output.lines().toList();
    Map<String, String> moduleFiles = new HashMap<>();
    for (String l : lines) {
      Matcher m = PARSING_FILE.matcher(l.strip());
      if (m.matches()) {
        moduleFiles.put(moduleOf(m.group(1).strip()), display(m.group(1).strip(), specDirAbs, displayDir));
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("Error:")) {
        continue;
      }
      List<String> para = new ArrayList<>();
      String first = line.substring("Error:".length()).strip();
      if (!first.isEmpty()) {
        para.add(first);
      }
      int j = i + 1;
      while (j < lines.size() && !lines.get(j).isBlank() && !lines.get(j).strip().startsWith("Error:")
          && !lines.get(j).strip().startsWith("Finished in")) {
        para.add(lines.get(j).strip());
        j++;
      }
      // TLC lists the nested expressions it was evaluating; the last location is the innermost.
      String loc = null;
      for (int k = j; k < lines.size() && !lines.get(k).strip().startsWith("Finished in"); k++) {
        Matcher m = TLC_LOC.matcher(lines.get(k).strip());
        if (m.matches()) {
          loc = moduleFiles.getOrDefault(m.group(3), "module " + m.group(3)) + " line " + m.group(1) + ", col " + m.group(2);
        }
      }
      String msg = String.join(" ", para).replaceAll("\\s+", " ").strip();
      // Drop the generic preamble TLC puts before an exception's message; the message is the news.
      msg = msg.replaceFirst("^TLC threw an unexpected exception\\..*?The exception was a \\S+ ?: ?(?=\\S)", "");
      if (loc != null) {
        msg = msg + " (at " + loc + ")";
      }
      if (msg.length() > MAX_LINE) {
        msg = msg.substring(0, MAX_LINE) + " ...";
      }
      return Optional.of(msg);
    }
    return Optional.empty();
  }

  /** The non-blank lines from {@code start} up to the next blank line, joined with spaces. */
  static String paragraphAfter(List<String> lines, int start) {
    int i = start;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    StringBuilder sb = new StringBuilder();
    while (i < lines.size() && !lines.get(i).isBlank()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(lines.get(i).strip());
      i++;
    }
    return sb.toString();
  }

  private static String moduleOf(String file) {
    String name = Path.of(file).getFileName().toString();
    return name.endsWith(".tla") ? name.substring(0, name.length() - 4) : name;
  }

  private static String display(String file, Path specDirAbs, Path displayDir) {
    Path p = Path.of(file);
    if (p.isAbsolute() && p.getParent() != null && p.getParent().normalize().equals(specDirAbs.normalize())) {
      return displayDir.resolve(p.getFileName()).toString();
    }
    return file;
  }
}
