package org.sealcheck.checker.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sealcheck.checker.tlc.ToySpec.DIR;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sealcheck.checker.BadInputException;

class TlcParseTest {

  @Test
  void goodSpecParses() {
    TlcParse.parseOnly(DIR, ToySpec.MODULE);
    TlcParse.parseOnly(DIR, "Toy");
  }

  @Test
  void semanticErrorNamesFileLineAndColumn() {
    BadInputException e = assertThrows(BadInputException.class, () -> TlcParse.parseOnly(DIR, "Broken"));
    assertEquals(DIR.resolve("Broken.tla") + " line 4, col 8: Unknown operator: `Foo'.", e.getMessage());
  }

  @Test
  void syntaxErrorNamesFileLineAndColumn() {
    BadInputException e = assertThrows(BadInputException.class, () -> TlcParse.parseOnly(DIR, "BrokenSyntax"));
    assertTrue(e.getMessage().startsWith(DIR.resolve("BrokenSyntax.tla") + " line 5, col 1: parse error: "),
        e.getMessage());
  }

  @Test
  void errorsInExtendedModulesNameThatModule(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Base.tla"), "---- MODULE Base ----\nEXTENDS Naturals\n\nF == 1 +\n====\n");
    Files.writeString(dir.resolve("Root.tla"), "---- MODULE Root ----\nEXTENDS Base\n====\n");
    BadInputException e = assertThrows(BadInputException.class, () -> TlcParse.parseOnly(dir, "Root"));
    assertTrue(e.getMessage().startsWith(dir.resolve("Base.tla") + " line 5, col 1: parse error"), e.getMessage());
  }

  @Test
  void missingModulesAreNamed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Root.tla"), "---- MODULE Root ----\nEXTENDS NoSuchModule\n====\n");
    BadInputException e = assertThrows(BadInputException.class, () -> TlcParse.parseOnly(dir, "Root"));
    assertTrue(e.getMessage().contains("NoSuchModule"), e.getMessage());
    assertTrue(e.getMessage().contains("Root.tla"), e.getMessage());
  }

  @Test
  void lexicalErrorsAreLocated(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("Root.tla"), "---- MODULE Root ----\nF == \"unterminated\n====\n");
    BadInputException e = assertThrows(BadInputException.class, () -> TlcParse.parseOnly(dir, "Root"));
    assertTrue(e.getMessage().startsWith(dir.resolve("Root.tla") + " line 2, col"), e.getMessage());
  }

  @Test
  void missingSpecFileIsNamed() {
    BadInputException e = assertThrows(BadInputException.class, () -> TlcParse.parseOnly(DIR, "Nope"));
    assertTrue(e.getMessage().contains(DIR.resolve("Nope.tla").toString()), e.getMessage());
  }
}
