package org.sealcheck.checker.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment the spec puts above each action definition ({@code \* ...} lines or a {@code (* ...
 * *)} box), reduced to its first sentence: it names the kernel function the action models, so an
 * exported step is described in the spec's words rather than in a second vocabulary.
 */
public final class SpecComments {

  private static final Pattern DEFINITION = Pattern.compile("^([A-Z][A-Za-z0-9]*)(\\(.*\\))?\\s*==");
  private static final Pattern LINE_COMMENT = Pattern.compile("^\\s*\\\\\\*\\s?(.*)$");
  private static final Pattern BOX_COMMENT = Pattern.compile("^\\s*\\(\\*\\s?(.*?)\\s*\\*\\)\\s*$");

  private final Map<String, String> byAction;

  private SpecComments(Map<String, String> byAction) {
    this.byAction = byAction;
  }

  /** Reads {@code <specDir>/<spec>.tla}; an unreadable spec gives no comments, not an error. */
  public static SpecComments read(Path specFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(specFile);
    } catch (IOException e) {
      return new SpecComments(Map.of());
    }
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher d = DEFINITION.matcher(lines.get(i));
      if (!d.find()) {
        continue;
      }
      List<String> block = new ArrayList<>();
      for (int j = i - 1; j >= 0; j--) {
        Matcher c = LINE_COMMENT.matcher(lines.get(j));
        Matcher b = BOX_COMMENT.matcher(lines.get(j));
        if (c.matches()) {
          block.add(0, c.group(1).trim());
        } else if (b.matches()) {
          block.add(0, b.group(1).trim());
        } else {
          break;
        }
      }
      if (!block.isEmpty()) {
        out.putIfAbsent(d.group(1), firstSentence(String.join(" ", block)));
      }
    }
    return new SpecComments(out);
  }

  /** The first sentence of the comment above {@code action}, or empty. */
  public String of(String action) {
    return byAction.getOrDefault(action, "");
  }

  private static String firstSentence(String text) {
    String t = text.replaceAll("\\s+", " ").trim();
    int end = -1;
    for (int k = 0; k + 1 < t.length(); k++) {
      // a sentence ends at ". " or ": " after a word, not inside "e.g." or a path
      if (t.charAt(k) == '.' && t.charAt(k + 1) == ' ' && k > 0
          && (Character.isLetterOrDigit(t.charAt(k - 1)) || t.charAt(k - 1) == ')')
          && !t.substring(Math.max(0, k - 3), k + 1).matches(".*(e\\.g|i\\.e)\\.")) {
        end = k + 1;
        break;
      }
    }
    String s = end > 0 ? t.substring(0, end) : t;
    if (s.length() <= 160) {
      return s;
    }
    int cut = s.lastIndexOf(' ', 156);
    return s.substring(0, cut > 0 ? cut : 156) + " ...";
  }
}
