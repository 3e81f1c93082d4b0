package org.sealcheck.checker.review;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sealcheck.checker.BadInputException;

/**
 * Where things live in a sealcheck checkout: {@code specs/<Spec>/} (spec, MC harness, cfgs,
 * expected.json) and {@code counterexamples/<Spec>/<revision>/<Property>.itf.json}.
 */
public record ProjectLayout(Path root) {

  /**
   * The checkout: the {@code sealcheck.root} system property (set by the launcher and by the
   * tests), else the nearest directory at or above the working directory that has {@code specs/}.
   */
  public static ProjectLayout locate() {
    String prop = System.getProperty("sealcheck.root");
    if (prop != null) {
      return new ProjectLayout(Path.of(prop).toAbsolutePath().normalize());
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("specs"))) {
        return new ProjectLayout(p);
      }
    }
    throw new BadInputException("cannot find the sealcheck checkout: no specs/ directory at or above "
        + Path.of("").toAbsolutePath());
  }

  public Path specs() {
    return root.resolve("specs");
  }

  public Path specDir(String spec) {
    return specs().resolve(spec);
  }

  public Path counterexamples() {
    return root.resolve("counterexamples");
  }

  /** A path as the user should read it: relative to the checkout when inside it. */
  public String show(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
  }
}
