package org.sealcheck.checker.tlc;

import java.io.File;
import java.nio.file.Path;
import util.SimpleFilenameToStream;

/**
 * Resolves modules from the spec directory (then the standard library) and cfg files by absolute
 * path. The stock resolver looks up every name under the spec directory first once TLC has set
 * its "user dir", so an absolute cfg path outside it (our temporary cfg) is never found.
 */
final class SpecResolver extends SimpleFilenameToStream {
  /** Looks up modules in {@code dirs} in order (absolute paths), then the standard library. */
  SpecResolver(Path... dirs) {
    super(java.util.Arrays.stream(dirs).map(Path::toString).toArray(String[]::new));
  }

  @Override
  public File resolve(String name, boolean isModule) {
    if (!isModule) {
      File f = new File(name);
      if (f.isAbsolute() && f.isFile()) {
        return f;
      }
    }
    return super.resolve(name, isModule);
  }
}
