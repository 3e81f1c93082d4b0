package org.sealcheck.checker.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Line breaking and the column layout: never past the width, breaks where a reader expects them. */
class WrapTest {

  @Test
  void codeBreaksBetweenArgumentsAndKeepsAResultWithItsValue() {
    assertEquals(List.of("fallocate(gmem_fd,", "    FALLOC_FL_PUNCH_HOLE|", "    FALLOC_FL_KEEP_SIZE, 4096,",
        "    4096) = 0"), Wrap.code("fallocate(gmem_fd, FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE, 4096, 4096) = 0",
            30, 4));
    // A word wider than the room is split where the line ends, never left too long.
    assertEquals(List.of("kvm_gmem_e", "    rror_f", "    olio()"), Wrap.code("kvm_gmem_error_folio()", 10, 4));
  }

  @Test
  void aLongPathSplitsAfterASlashAndNoLineIsTooLong() {
    List<String> l = Wrap.prose("see counterexamples/MemfdSeals/memfd-6.18-pre-3b041514/"
        + "NoWritableMappingUnderWriteSealInv.itf.json now", 40, 0);
    l.forEach(s -> assertTrue(s.length() <= 40, s));
    assertEquals("counterexamples/MemfdSeals/", l.get(1));
  }

  @Test
  void twoColumnsSplitAtColumnForty() {
    Task a = new Task("a", "A");
    Task b = new Task("b", "B");
    List<String> d = ColumnDiagram.render(List.of(new Row(a, 0, "kvm_gmem_punch_hole()"),
        new Row(a, 1, "kvm_gmem_invalidate_begin()"), new Row(b, 0, "kvm_mmu_do_page_fault()")));
    assertEquals(List.of("  CPU0                                  CPU1", "  ----                                  ----",
        "  kvm_gmem_punch_hole()", "    kvm_gmem_invalidate_begin()",
        "                                        kvm_mmu_do_page_fault()"), d);
  }
}
