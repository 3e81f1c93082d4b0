package org.sealcheck.checker.mail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sealcheck.checker.conform.Models;
import org.sealcheck.checker.export.SpecComments;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.trace.Itf;
import org.sealcheck.checker.trace.ItfState;
import org.sealcheck.checker.trace.ItfTrace;
import org.sealcheck.checker.validate.RandomSchedules;
import org.sealcheck.model.state.SpecValue;
import org.sealcheck.model.step.Step;
import org.sealcheck.model.step.StepMachine;
import org.sealcheck.checker.revision.SpecRevisions;

/**
 * Random runs of the Java model in every config a counterexample comes from, told as mail: every
 * action of both specs has its rendering, not only those in the counterexamples (the reader's EOF
 * and refused reads, munmap, UFFDIO_COPY, memory_failure, attribute conversions, the shim's
 * up_read, a host fault), and each fits 80 columns.
 */
class MailOfRandomRunsTest {

  @Test
  void randomRunsOfEveryConfigAreToldInEightyColumns() throws IOException {
    ProjectLayout layout = ProjectLayout.locate();
    Map<String, ItfTrace> configs = new TreeMap<>();
    try (Stream<Path> s = Files.walk(layout.counterexamples())) {
      for (Path p : s.filter(f -> f.toString().endsWith(".itf.json")).sorted().toList()) {
        ItfTrace t = Itf.read(p);
        configs.putIfAbsent((String) t.meta().get("config"), t);
      }
    }
    Set<String> told = new TreeSet<>();
    for (ItfTrace cx : configs.values()) {
      String spec = (String) cx.meta().get("spec");
      Map<String, SpecValue> bounds = new TreeMap<>();
      ((Map<?, ?>) cx.meta().get("constants")).forEach((k, v) -> bounds.put((String) k,
          Itf.decodeFromMeta(v, (String) k)));
      StepMachine<?> machine = Models.bind(spec, (String) cx.meta().get("revision"), bounds).machine();
      SpecComments comments = SpecComments.read(layout.specDir(spec).resolve(spec + ".tla"));
      for (long seed : RandomSchedules.seeds(7, 8)) {
        ItfTrace t = trace(cx, RandomSchedules.run(machine, machine.alphabet(), seed, 30), told);
        if (t.states().size() > 1) {
          MailGoldenTest.assertMailShape(Mail.render(t, "random run " + seed, comments,
              SpecRevisions.load(layout, spec)),
              cx.meta().get("config") + " seed " + seed);
        }
      }
    }
    assertTrue(told.containsAll(List.of("KvmGmemErrorFolio", "KvmPostSetMemoryAttributes", "FilemapInvalidateUnlock",
        "RestrictedmemUpRead", "KvmGmemFaultUserMapping", "ShmemMfillAtomicPte", "DoVmiMunmap", "ShmemReadCopy")),
        "actions told: " + told);
  }

  /** The run as an ITF trace with the counterexample's metadata (no loop) and each step in #meta. */
  private static ItfTrace trace(ItfTrace cx, RandomSchedules.Run run, Set<String> told) {
    List<ItfState> states = new ArrayList<>();
    states.add(ItfState.of(Map.of("index", 0), run.states().get(0)));
    for (int i = 0; i < run.steps().size(); i++) {
      Step step = run.steps().get(i);
      Map<String, Object> params = new TreeMap<>();
      step.params().forEach((k, v) -> params.put(k, Itf.encodeForMeta(v)));
      told.add(step.action());
      states.add(ItfState.of(Map.of("index", i + 1, "action", step.action(), "params", params),
          run.states().get(i + 1)));
    }
    Map<String, Object> meta = new TreeMap<>(cx.meta());
    meta.remove("loop");
    return new ItfTrace(ImmutableSortedMap.copyOf(meta), cx.vars(), states);
  }
}
