package org.sealcheck.checker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.export.CExport;
import org.sealcheck.checker.kernel.GmemOracle;
import org.sealcheck.checker.kernel.KernelOracle;
import org.sealcheck.checker.kernel.OracleResult;
import org.sealcheck.checker.kernel.OracleUnavailable;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.SpecRevisions;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.memfd.MemfdConfig;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.memfd.MemfdStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kernel", mixinStandardHelpOptions = true,
    description = {"Live-kernel oracle: run memfd operation sequences on the running Linux kernel (through JNA) and "
        + "on the Java model of its revision; every return value, errno, F_GET_SEALS and size must agree. "
        + "Bounded-exhaustive (every sequence up to --depth, shortest first) or, with --random, seeded random "
        + "sequences. Then the same for guest_memfd on /dev/kvm (KVM_CREATE_GUEST_MEMFD, fallocate, "
        + "KVM_SET_USER_MEMORY_REGION2, mmap and accesses through it in a child process) against the model's "
        + "uAPI layer; where /dev/kvm is missing or not openable that part is skipped with the reason.",
        "Exit status: 0 all agree, 1 a disagreement (printed), 2 bad input."})
final class KernelCommand implements Callable<Integer> {

  @Option(names = "--revision", paramLabel = "REV",
      description = "The model revision the running kernel is (default: " + CExport.DEFAULT_KERNEL_REVISION + ").")
  String revision = CExport.DEFAULT_KERNEL_REVISION;

  @Option(names = "--kvm-revision", paramLabel = "REV",
      description = "The guest_memfd model revision the running kernel is (default: gmem-6.18).")
  String kvmRevision = "gmem-6.18";

  @Option(names = "--depth", paramLabel = "N", description = "Longest sequence, memfd_create() and "
      + "KVM_CREATE_GUEST_MEMFD included; KVM_CREATE_VM is not, each sequence starts on a new VM (default: 4).")
  int depth = 4;

  @Option(names = "--max-pages", paramLabel = "P", description = "Pages in the model's file (default: 1).")
  int maxPages = 1;

  @Option(names = "--vmas", paramLabel = "V", description = "VMA slots (default: 1).")
  int vmas = 1;

  @Option(names = "--random", paramLabel = "N", description = "Run N seeded random sequences instead.")
  Long random;

  @Option(names = "--length", paramLabel = "L", description = "Steps per random sequence (default: 16).")
  int length = 16;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of --random (default: 1).")
  long seed = 1;

  /** The oracle's two halves. */
  enum Part { memfd, kvm }

  @Option(names = "--part", paramLabel = "PART", split = ",",
      description = "Which parts to run: memfd, kvm or both (default: memfd,kvm).")
  Set<Part> parts = EnumSet.allOf(Part.class);

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (depth < 1) {
      throw new BadInputException("--depth must be at least 1, was " + depth);
    }
    if (maxPages < 1 || maxPages > 4 || vmas < 1 || vmas > 4) {
      throw new BadInputException("--max-pages and --vmas must be 1..4, were " + maxPages + " and " + vmas);
    }
    if (random != null && (random < 1 || length < 1)) {
      throw new BadInputException("--random and --length must be at least 1, were " + random + " and " + length);
    }
    MemfdRevision rev = SpecRevisions.memfd(ProjectLayout.locate(), revision);
    if (!rev.upstream()) {
      throw new BadInputException("--revision " + revision + " is not a kernel that runs: use an upstream revision "
          + "(memfd-6.18, memfd-6.12, ...)");
    }
    if (!System.getProperty("os.name", "").equals("Linux")) {
      throw new BadInputException("the live-kernel oracle needs Linux, this is " + System.getProperty("os.name"));
    }
    GmemRevision kvmRev = SpecRevisions.gmem(ProjectLayout.locate(), kvmRevision);
    if (!kvmRev.isGmem()) {
      throw new BadInputException("--kvm-revision " + kvmRevision
          + " has no guest_memfd uAPI: use gmem-6.18, gmem-6.8, ...");
    }
    MemfdConfig config = new MemfdConfig(rev, maxPages, vmas, memfdNoexec());
    KernelOracle oracle = new KernelOracle(config);
    OracleResult<MemfdStep> r = null;
    String memfdSkipped = null;
    if (!parts.contains(Part.memfd)) {
      memfdSkipped = "not asked for (--part)";
    } else {
      try {
        r = random == null ? oracle.exhaustive(depth) : oracle.random(random, length, seed);
      } catch (OracleUnavailable e) {
        memfdSkipped = e.getMessage();
      }
    }
    Kvm kvm = parts.contains(Part.kvm) ? runKvm(kvmRev) : new Kvm("not asked for (--part)", null, 0, null);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    String mode = random == null ? "every sequence up to depth " + depth
        : random + " random sequences of " + length + " steps, seed " + seed;
    if (json) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode o = m.createObjectNode();
      o.put("kernel", kernel);
      o.put("revision", rev.specName());
      o.put("mode", random == null ? "exhaustive" : "random");
      if (random == null) {
        o.put("depth", depth);
      } else {
        o.put("random", random);
        o.put("length", length);
        o.put("seed", seed);
      }
      o.put("maxPages", maxPages);
      o.put("vmas", vmas);
      o.put("memfdNoexec", config.memfdNoexecScope());
      o.put("alphabet", oracle.alphabet().size());
      putRun(o, memfdSkipped, r, s -> s.toStep().toString());
      ObjectNode k = o.putObject("kvm");
      k.put("revision", kvmRev.specName());
      if (kvm.result != null) {
        k.put("mode", random == null ? "exhaustive" : "random");
        k.put("alphabet", kvm.alphabet);
        if (kvm.mappingSkipped != null) {
          k.put("mappingSkipped", kvm.mappingSkipped);
        }
      }
      putRun(k, kvm.skipped, kvm.result, s -> s);
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(o));
    } else {
      out.printf("memfd: kernel %s vs model %s, %s, MaxPages=%d, Vmas=%d, vm.memfd_noexec=%d, %d steps in the alphabet%n",
          kernel, rev.specName(), mode, maxPages, vmas, config.memfdNoexecScope(), oracle.alphabet().size());
      printRun(out, "memfd", "step", memfdSkipped, r, s -> s.toStep().toString());
      if (kvm.result != null) {
        out.printf("kvm: /dev/kvm vs model %s, %s, %d calls in the alphabet; each sequence on a new VM%n",
            kvmRev.specName(), mode, kvm.alphabet);
        if (kvm.mappingSkipped != null) {
          out.println("kvm: mmap and accesses through it not checked: " + kvm.mappingSkipped);
        }
      }
      printRun(out, "kvm", "call", kvm.skipped, kvm.result, s -> s);
    }
    boolean kvmAgrees = kvm.result == null || kvm.result.disagreement().isEmpty();
    // The memfd part needs no privileges: skipping it (unasked) is a failure to check, not a pass.
    boolean memfdAgrees = r != null ? r.disagreement().isEmpty() : !parts.contains(Part.memfd);
    return memfdAgrees && kvmAgrees ? Main.AS_EXPECTED : Main.UNEXPECTED;
  }

  /** The guest_memfd part's outcome: skipped (with the reason) or a result. */
  private record Kvm(String skipped, String mappingSkipped, int alphabet, OracleResult<String> result) {}

  private Kvm runKvm(GmemRevision kvmRev) {
    try (GmemOracle.LiveGmemHandle h = GmemOracle.LiveGmemHandle.open()) {
      GmemOracle o = new GmemOracle(kvmRev, h);
      OracleResult<String> g = random == null ? o.exhaustive(depth) : o.random(random, length, seed);
      return new Kvm(null, h.mappingSkipped(), o.alphabet().size(), g);
    } catch (OracleUnavailable e) {
      return new Kvm(e.getMessage(), null, 0, null);
    }
  }

  /** One part's figures and first disagreement, or the reason it was skipped, into {@code o}. */
  private static <S> void putRun(ObjectNode o, String skipped, OracleResult<S> r, Function<S, String> name) {
    if (skipped != null) {
      o.put("skipped", skipped);
      return;
    }
    o.put("sequences", r.sequences());
    o.put("operations", r.operations());
    o.put("seconds", r.seconds());
    o.put("sequencesPerSecond", Math.round(r.sequencesPerSecond()));
    o.put("operationsPerSecond", Math.round(r.operationsPerSecond()));
    o.put("agree", r.disagreement().isEmpty());
    r.disagreement().ifPresent(d -> {
      ObjectNode dn = o.putObject("disagreement");
      d.sequence().forEach(s -> dn.withArray("sequence").add(name.apply(s)));
      dn.put("step", d.step());
      dn.put("model", d.model());
      dn.put("kernel", d.kernel());
    });
  }

  private static <S> void printRun(PrintStream out, String part, String unit, String skipped, OracleResult<S> r,
      Function<S, String> name) {
    if (skipped != null) {
      out.println(part + ": skipped: " + skipped);
      return;
    }
    out.printf("%s: %d sequences, %d operations in %.1f s (%.0f sequences/s, %.0f operations/s)%n", part,
        r.sequences(), r.operations(), r.seconds(), r.sequencesPerSecond(), r.operationsPerSecond());
    if (r.disagreement().isEmpty()) {
      out.println(part + ": model and kernel agree on every " + unit);
      return;
    }
    OracleResult.Disagreement<S> d = r.disagreement().get();
    out.println(part + ": DISAGREEMENT at " + unit + " " + d.step() + " of:");
    int i = 1;
    for (S s : d.sequence()) {
      out.println("  " + i++ + ". " + name.apply(s));
    }
    out.println("model: " + d.model());
    out.println("kernel: " + d.kernel());
  }

  /** The vm.memfd_noexec sysctl memfd_create() consults; 0 where it is not readable. */
  private static int memfdNoexec() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/vm/memfd_noexec")).trim());
    } catch (Exception e) {
      return 0;
    }
  }
}
