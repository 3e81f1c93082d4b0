package org.sealcheck.checker.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The spec comments the exports quote: an action's first sentence, a property's whole comment
 * (the promise, with its source) and a revision's line. Read from the copies of the specs under
 * {@code src/test/resources/mail/specs/}, so that an edited spec does not change what is tested.
 */
class SpecCommentsTest {

  private static SpecComments read(String spec) {
    return SpecComments.read(Path.of("src/test/resources/mail/specs").resolve(spec + ".tla"));
  }

  @Test
  void aPropertysWholeCommentIsItsPromiseWithItsSource() {
    SpecComments c = read("MemfdSeals");
    assertEquals("F_SEAL_WRITE: \"you cannot modify the contents of the file\". Truncation and allocation, which "
        + "F_SEAL_WRITE does not forbid, only ever leave zeros.", c.whole("NoWriteAfterWriteSealProp"));
    assertEquals("fcntl(2): \"seals can only be added, never removed\".", c.whole("SealsOnlyGrowProp"));
  }

  @Test
  void aPropertyDefinedAfterItsHelpersSharesTheirComment() {
    SpecComments c = read("MemfdSeals");
    String shared = c.whole("NewPage");
    assertTrue(shared.startsWith("F_SEAL_AUTO_ALLOCATE: no page is allocated except by an explicit fallocate()"),
        shared);
    assertEquals(shared, c.whole("NoImplicitAllocationProp"));
    assertEquals(shared, c.whole("NoFaultAllocationProp"));
    assertEquals("", c.of("NoFaultAllocationProp"), "the first-sentence lookup is unchanged");
    assertTrue(read("GuestMemInvalidation").whole("InvalidationBalancedInv").startsWith("Every begin has its end"));
  }
}
