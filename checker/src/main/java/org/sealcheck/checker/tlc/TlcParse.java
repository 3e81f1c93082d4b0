package org.sealcheck.checker.tlc;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sealcheck.checker.BadInputException;
import tla2sany.drivers.FrontEndException;
import tla2sany.drivers.SANY;
import tla2sany.modanalyzer.SpecObj;
import util.ToolIO;

/**
 * Parses a spec with SANY alone (syntax, semantics, levels), without a cfg and without model
 * checking, so that a broken spec is reported as one line with file and line before anything else
 * runs.
 */
public final class TlcParse {
  private TlcParse() {}

  /**
   * Parses {@code specDir/module.tla} and everything it extends or instantiates. Invalidates any
   * loaded {@link SpecExplorer} (SANY re-initializes its own statics).
   *
   * @throws BadInputException naming the file, line and column of the first error
   */
  public static void parseOnly(Path specDir, String module) {
    Path tla = specDir.resolve(module + ".tla");
    if (!Files.isRegularFile(tla)) {
      throw new BadInputException("spec file not found: " + tla);
    }
    Path specDirAbs = specDir.toAbsolutePath().normalize();
    Statics.LOCK.lock();
    try {
      Statics.reset();
      SpecObj spec = new SpecObj(specDirAbs.resolve(module + ".tla").toString(),
          new SpecResolver(specDirAbs));
      int rc;
      try {
        rc = SANY.frontEndMain(spec, spec.getFileName(), ToolIO.out);
      } catch (FrontEndException e) {
        throw new BadInputException(tla + ": SANY failed: " + e.getMessage(), e);
      }
      ToolIO.out.flush();
      if (rc != 0 || spec.getErrorLevel() > 0) {
        String out = Statics.capturedOutput();
        throw new BadInputException(TlcOutput.firstSanyError(out, specDirAbs, specDir)
            .orElse(tla + ": parsing or semantic analysis failed"));
      }
    } finally {
      Statics.LOCK.unlock();
    }
  }
}
