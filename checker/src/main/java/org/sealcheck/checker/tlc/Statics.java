package org.sealcheck.checker.tlc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tlc2.TLC;
import tlc2.TLCGlobals;
import tlc2.output.MP;
import tlc2.output.MPRecorder;
import tlc2.output.OutputCollector;
import tlc2.util.FP64;
import util.ToolIO;
import util.UniqueString;

/**
 * Resets the static state that tla2tools leaves behind, so that several TLC runs and
 * {@link SpecExplorer} loads can happen one after another in one JVM (tlc.md §1.5).
 *
 * <p>tla2tools keeps the loaded spec in statics (variable slots in {@code UniqueString}, the
 * state layout in {@code TLCState}, model values, the fingerprint polynomial), so only one spec can
 * be live per JVM. Every run or load goes through {@link #reset()} under {@link #LOCK}; each reset
 * bumps a generation counter so that a {@link SpecExplorer} notices when a later run or load has
 * replaced the spec it was using, instead of silently evaluating against the wrong one.
 */
public final class Statics {
  private Statics() {}

  /** Serializes everything that touches tla2tools statics. */
  static final ReentrantLock LOCK = new ReentrantLock();

  /** Caps what we keep of TLC's text output; only the start (errors, banner) and the trace matter. */
  private static final int CAPTURE_LIMIT = 8 << 20;

  // TLCGlobals.chkptDuration depends on a system property read at class load; remember that value.
  private static final long DEFAULT_CHKPT_DURATION = TLCGlobals.chkptDuration;
  private static final int DEFAULT_SET_BOUND = TLCGlobals.setBound;
  private static final int DEFAULT_ENUM_BOUND = TLCGlobals.enumBound;

  private static volatile long generation;
  private static CaptureStream capture = new CaptureStream();

  /**
   * Ends a TLC run begun under {@link #LOCK}: forgets its recorder and checker (which keeps its
   * fingerprint set reachable), deletes its temporary directory (null: none) and unlocks.
   */
  static void endRun(Path tmp) {
    MP.setRecorder(new MPRecorder());
    TLCGlobals.mainChecker = null;
    TLCGlobals.simulator = null;
    try {
      deleteTree(tmp);
    } finally {
      LOCK.unlock();
    }
  }

  /**
   * Makes tla2tools ready for a fresh run or load: forgets interned identifier slots, clears the
   * collected messages and traces, drops the last model checker, undoes the command-line flags that
   * {@code TLC.handleParameters} only ever sets, redirects TLC's text output into a fresh capture
   * buffer and fixes the fingerprint polynomial.
   */
  public static void reset() {
    LOCK.lock();
    try {
      generation++;
      // Stale variable/definition slots make Defns.put collide with fresh ones in the next spec.
      UniqueString.internTbl.toMap().values().forEach(u -> u.setLoc(-1));

      clearStaticCollection(OutputCollector.class, "allMessages");
      clearStaticCollection(OutputCollector.class, "violatedAssumptions");
      clearStaticCollection(OutputCollector.class, "lineCount");
      OutputCollector.setTrace(new ArrayList<>());
      OutputCollector.setInitialState(null);
      OutputCollector.setModuleNode(null);

      // The last checker keeps its fingerprint set reachable (hundreds of MB).
      TLCGlobals.mainChecker = null;
      TLCGlobals.simulator = null;
      TLC.setTraceNum(Integer.MAX_VALUE);
      TLCGlobals.setNumWorkers(1);
      TLCGlobals.continuation = false;
      TLCGlobals.lnCheck = "default";
      TLCGlobals.DFIDMax = -1;
      TLCGlobals.tool = false;
      TLCGlobals.printDiffsOnly = false;
      TLCGlobals.expand = true;
      TLCGlobals.warn = true;
      TLCGlobals.useView = false;
      TLCGlobals.useGZIP = false;
      TLCGlobals.debug = false;
      TLCGlobals.setBound = DEFAULT_SET_BOUND;
      TLCGlobals.enumBound = DEFAULT_ENUM_BOUND;
      TLCGlobals.coverageInterval = -1;
      TLCGlobals.chkptDuration = DEFAULT_CHKPT_DURATION;
      TLCGlobals.metaDir = null;
      TLCGlobals.lnCheck = "default";
      ToolIO.setUserDir(null);
      ToolIO.reset();

      // A liveness counterexample sets LiveWorker.errFoundByThread and nothing clears it: the next
      // liveness run in this JVM would stop at its first check with no trace.
      setStaticInt("tlc2.tool.liveness.LiveWorker", "errFoundByThread", -1);

      MP.setRecorder(new MPRecorder());
      capture = new CaptureStream();
      PrintStream ps = new PrintStream(capture, true, StandardCharsets.UTF_8);
      ToolIO.out = ps;
      ToolIO.err = ps;
      FP64.Init(0);
    } finally {
      LOCK.unlock();
    }
  }

  /** Everything TLC and SANY printed since the last {@link #reset()} (for debugging and errors). */
  public static String capturedOutput() {
    return capture.text();
  }

  static long generation() {
    return generation;
  }

  private static void setStaticInt(String className, String fieldName, int value) {
    try {
      Field f = Class.forName(className).getDeclaredField(fieldName);
      f.setAccessible(true);
      f.setInt(null, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("tla2tools changed: cannot reset " + className + "." + fieldName, e);
    }
  }

  private static void clearStaticCollection(Class<?> cls, String fieldName) {
    try {
      Field f = cls.getDeclaredField(fieldName);
      f.setAccessible(true);
      Object o = f.get(null);
      if (o instanceof Collection<?> c) {
        c.clear();
      } else if (o instanceof Map<?, ?> m) {
        m.clear();
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("tla2tools changed: cannot clear " + cls.getName() + "." + fieldName, e);
    }
  }

  /** Deletes a directory tree, ignoring what is already gone (TLC deletes its metadir itself on success). */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary directory " + dir, e);
    }
  }

  /** A byte buffer that stops growing at {@link #CAPTURE_LIMIT} instead of exhausting the heap. */
  private static final class CaptureStream extends OutputStream {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private boolean truncated;

    @Override
    public synchronized void write(int b) {
      if (buf.size() < CAPTURE_LIMIT) {
        buf.write(b);
      } else {
        truncated = true;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int room = CAPTURE_LIMIT - buf.size();
      if (room >= len) {
        buf.write(b, off, len);
      } else {
        buf.write(b, off, Math.max(room, 0));
        truncated = true;
      }
    }

    synchronized String text() {
      String s = buf.toString(StandardCharsets.UTF_8);
      return truncated ? s + "\n[... output truncated ...]\n" : s;
    }
  }
}
