package org.sealcheck.checker.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks that every link of a report page resolves: anchors in the page, files on disk, nothing remote. */
final class Links {

  private static final Pattern HTML_HREF = Pattern.compile("href=\"([^\"]*)\"");
  private static final Pattern MD_LINK = Pattern.compile("\\]\\(([^)\\s]*)\\)");
  private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]*)\"");
  private static final Pattern SRC = Pattern.compile("\\b(?:src|url)\\s*[=(]\\s*\"?(https?:[^\"\\s)]*)");

  private Links() {}

  /** Checks the links of {@code page} (HTML or Markdown) and returns {anchor links, file links}. */
  static int[] check(Path page, String text) {
    boolean md = page.toString().endsWith(".md");
    Set<String> ids = new HashSet<>();
    Matcher im = ID.matcher(text);
    while (im.find()) {
      assertTrue(ids.add(im.group(1)), page + ": duplicate id " + im.group(1));
    }
    List<String> targets = new ArrayList<>();
    Matcher m = (md ? MD_LINK : HTML_HREF).matcher(text);
    while (m.find()) {
      targets.add(md ? m.group(1) : m.group(1).replace("&amp;", "&"));
    }
    assertFalse(SRC.matcher(text).find(), page + ": fetches something remote");
    int anchors = 0;
    int files = 0;
    for (String t : targets) {
      assertFalse(t.isEmpty(), page + ": empty link");
      assertFalse(t.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*"), page + ": link with a scheme: " + t);
      if (t.startsWith("#")) {
        assertTrue(ids.contains(t.substring(1)), page + ": no id for the link " + t);
        anchors++;
      } else {
        Path f = page.getParent().resolve(URLDecoder.decode(t, StandardCharsets.UTF_8)).normalize();
        assertTrue(Files.isRegularFile(f), page + ": link " + t + " does not resolve (" + f + ")");
        files++;
      }
    }
    return new int[] {anchors, files};
  }

  static int[] check(Path page) throws IOException {
    return check(page, Files.readString(page));
  }

  static void assertSame(int[] a, int[] b) {
    assertEquals(a[0], b[0]);
    assertEquals(a[1], b[1]);
  }
}
