package org.sealcheck.checker.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sealcheck.checker.review.Expectations.ConfigExpectation;
import org.sealcheck.checker.review.Expectations.SpecExpectations;

/**
 * Runs a set of configs, each in a JVM of its own: TLC keeps static state and can load one spec
 * per JVM (reference/tlc.md §1.5), and separate JVMs let two configs use the two cores at once.
 * Each child runs {@code Main worker}, which writes its {@link ConfigOutcome} as JSON.
 */
public final class Review {

  /** What to run for each config. */
  /**
   * @param conform check the Java model's conformance on each config
   * @param compareReruns also decide each config's properties one TLC run per violation, to time
   *     the single exploration against it (and cross-check its verdicts)
   * @param conformLong conform also the configs whose conformance is in the long profile
   *     ({@link ConfigExpectation#conformanceLong}); every command does, the default build does not
   */
  public record Options(boolean tlc, boolean conform, Path tracesRoot, String modelRevision, int jobs,
      boolean compareReruns, boolean conformLong, boolean quick) {

    public Options(boolean tlc, boolean conform, Path tracesRoot, String modelRevision, int jobs,
        boolean compareReruns, boolean conformLong) {
      this(tlc, conform, tracesRoot, modelRevision, jobs, compareReruns, conformLong, false);
    }
  }

  /** One config to run: a spec and one of its cfgs. */
  public record Job(SpecExpectations spec, ConfigExpectation config) {}

  static final ObjectMapper JSON = JsonMapper.builder().build();

  private Review() {}

  public static List<ConfigOutcome> run(ProjectLayout layout, List<Job> jobs, Options opts, PrintStream progress) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, opts.jobs()));
    try {
      List<Future<ConfigOutcome>> futures = new ArrayList<>();
      for (Job j : jobs) {
        futures.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          ConfigOutcome o = runChild(layout, j, opts, progress);
          // tla2tools' LiveCheck.check0() ends the JVM with System.exit(1), printing only to the
          // output sealcheck captures, when a LiveWorker throws; in this build that is an
          // intermittent EOFException in TableauDiskGraph.makeNodePtrTbl() (about one liveness
          // config run in three for gmem-6.18-mf-populate-live, and once three runs in a row).
          // A rerun of the config is independent of the failed one, so such a silent exit is
          // retried up to four times.
          for (int attempt = 1; attempt < 5 && SILENT_EXIT.equals(o.error()); attempt++) {
            progress.printf("  %-34s rerun: %s%n", j.spec().spec() + "/" + j.config().name(), SILENT_EXIT);
            o = runChild(layout, j, opts, progress);
          }
          progress.printf("  %-34s %s in %.1f s%n", j.spec().spec() + "/" + j.config().name(),
              o.asExpected() ? "as expected" : "UNEXPECTED", (System.nanoTime() - t0) / 1e9);
          return o;
        }));
      }
      List<ConfigOutcome> out = new ArrayList<>();
      for (Future<ConfigOutcome> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A child that exited with status 1 and printed nothing (see {@link #run}). */
  private static final String SILENT_EXIT = childExited(1, "no output");

  /** The outcome's error when a child exits otherwise than with its outcome. */
  private static String childExited(int code, String lastLine) {
    return "the check's JVM exited with status " + code + ": " + lastLine;
  }

  /** Marks a child's progress line on its standard output, for the parent to pass on. */
  private static final String PROGRESS = "@progress ";

  /** Used by the child: one progress line on standard output, passed on by {@link #run}. */
  public static void reportProgress(org.sealcheck.checker.Progress p) {
    System.out.println(PROGRESS + p.line());
    System.out.flush();
  }

  private static ConfigOutcome runChild(ProjectLayout layout, Job j, Options opts, PrintStream progress)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("sealcheck-outcome", ".json");
    Path err = Files.createTempFile("sealcheck-child", ".log");
    // SANY copies the standard modules it reads from the jar (TLC.tla, Integers.tla...) to
    // java.io.tmpdir under their own names: two children sharing it can read a half-written copy.
    Path tmp = Files.createTempDirectory("sealcheck-child");
    try {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx3g", "-XX:+UseParallelGC", "-XX:ParallelGCThreads=1", "-Djava.io.tmpdir=" + tmp,
          "-Dsealcheck.root=" + layout.root(),
          "-cp", System.getProperty("java.class.path"),
          "org.sealcheck.checker.cli.Main", "worker",
          "--spec", j.spec().spec(), "--config", j.config().name(), "--out", out.toString()));
      if (!opts.tlc()) {
        cmd.add("--no-tlc");
      }
      if (opts.conform() && (opts.conformLong() || !j.config().conformanceLong())) {
        cmd.add("--conform");
      }
      if (opts.compareReruns()) {
        cmd.add("--compare-reruns");
      }
      if (opts.quick()) {
        cmd.add("--quick");
      }
      if (opts.tracesRoot() != null) {
        cmd.addAll(List.of("--traces-dir", opts.tracesRoot().toString()));
      }
      if (opts.modelRevision() != null) {
        cmd.addAll(List.of("--model-revision", opts.modelRevision()));
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String name = j.spec().spec() + "/" + j.config().name();
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          var log = Files.newBufferedWriter(err, StandardCharsets.UTF_8)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith(PROGRESS)) {
            progress.println("  " + name + " " + line.substring(PROGRESS.length()));
          } else {
            log.write(line);
            log.newLine();
          }
        }
      }
      int code = p.waitFor();
      if (code == 0 && Files.size(out) > 0) {
        return JSON.readValue(out.toFile(), ConfigOutcome.class);
      }
      List<String> log = Files.readAllLines(err, StandardCharsets.UTF_8);
      String last = log.isEmpty() ? "no output" : log.get(log.size() - 1);
      if (code == 2) {
        // The child found bad input (a spec that does not parse, a missing cfg): the user's problem.
        throw new org.sealcheck.checker.BadInputException(last.replaceFirst("^sealcheck: ", ""));
      }
      return new ConfigOutcome(j.spec().spec(), j.config().name(), j.config().revision(), 0, 0, 0, 0, 0,
          java.util.Map.of(),
          childExited(code, last), null);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      try (var files = Files.walk(tmp)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * The verdicts for CI: {@code {"asExpected": bool, "configs": [ConfigOutcome...]}}, one
   * document on one line.
   */
  public static void printJson(List<ConfigOutcome> outcomes, PrintStream out) {
    java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("asExpected", outcomes.stream().allMatch(ConfigOutcome::asExpected));
    doc.put("configs", outcomes);
    try {
      out.println(JSON.writeValueAsString(doc));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes an outcome for the parent to read (used by the worker). */
  public static void writeOutcome(ConfigOutcome o, Path file) throws IOException {
    JSON.writeValue(file.toFile(), o);
  }
}
