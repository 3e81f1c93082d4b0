package org.sealcheck.checker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that no reader, and no later run, ever sees one half-written: each text goes to
 * a temporary file beside its target, which is then renamed over it. A set of files is staged
 * completely before the first rename, so a failure while staging leaves every target as it was.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  public static void write(Path path, byte[] bytes) throws IOException {
    writeAll(Map.of(path, bytes));
  }

  public static void writeString(Path path, String text) throws IOException {
    write(path, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Stages every file, then renames each over its target. */
  public static void writeAll(Map<Path, byte[]> files) throws IOException {
    Map<Path, Path> staged = new LinkedHashMap<>();
    boolean done = false;
    try {
      for (Map.Entry<Path, byte[]> f : files.entrySet()) {
        Path target = f.getKey().toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file owner-only, and the target would keep that mode.
        Path tmp = dir.resolve("." + target.getFileName() + "."
            + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        staged.put(target, tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            OutputStream out = Channels.newOutputStream(ch)) {
          out.write(f.getValue());
          out.flush();
          ch.force(true);
        }
      }
      for (Map.Entry<Path, Path> s : staged.entrySet()) {
        try {
          Files.move(s.getValue(), s.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(s.getValue(), s.getKey(), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      done = true;
    } finally {
      if (!done) {
        List<IOException> ignored = new ArrayList<>();
        for (Path tmp : staged.values()) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            ignored.add(e);
          }
        }
      }
    }
  }

  /** As {@link #writeAll}, for texts. */
  public static void writeAllStrings(Map<Path, String> files) throws IOException {
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((p, t) -> bytes.put(p, t.getBytes(StandardCharsets.UTF_8)));
    writeAll(bytes);
  }
}
