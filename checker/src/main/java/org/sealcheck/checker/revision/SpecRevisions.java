package org.sealcheck.checker.revision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sealcheck.checker.BadInputException;
import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.memfd.MemfdRevision;
import org.sealcheck.model.revision.RevisionTable;
import org.sealcheck.model.revision.Switches;

/**
 * Reads {@code specs/<Spec>/revisions.json}, the one place a spec's revisions are declared, into a
 * {@link RevisionTable}. Problems are one line naming the file.
 */
public final class SpecRevisions {

  public static final String FILE = "revisions.json";

  static final JsonMapper JSON = JsonMapper.builder().build();

  private SpecRevisions() {}

  public static Path file(ProjectLayout layout, String spec) {
    return layout.specDir(spec).resolve(FILE);
  }

  /** The spec's revisions. */
  public static RevisionTable load(ProjectLayout layout, String spec) {
    Path file = file(layout, spec);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("no revisions file " + layout.show(file) + " for spec " + spec);
    }
    return load(file, layout.show(file), spec);
  }

  static RevisionTable load(Path file, String shown, String spec) {
    Map<String, Object> json = read(file, shown);
    RevisionTable t;
    try {
      t = RevisionTable.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(shown + ": " + e.getMessage());
    }
    if (!t.spec().equals(spec)) {
      throw new BadInputException(shown + ": \"spec\" is " + t.spec() + ", not " + spec);
    }
    return t;
  }

  /** The file's JSON as ordered maps (for the table, and for writing it back with an entry added). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> read(Path file, String shown) {
    try {
      return JSON.readValue(file.toFile(), LinkedHashMap.class);
    } catch (JsonProcessingException e) {
      throw new BadInputException(shown + " line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
          + ": " + e.getOriginalMessage().lines().findFirst().orElse("malformed JSON"));
    } catch (IOException e) {
      throw new BadInputException("cannot read " + shown + ": " + e.getMessage());
    }
  }

  /**
   * The switches of {@code revision} of {@code spec}.
   *
   * @throws BadInputException for a revision the file does not have, listing those it has
   */
  public static Switches switches(ProjectLayout layout, String spec, String revision) {
    RevisionTable t = load(layout, spec);
    try {
      return t.switches(revision);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** The MemfdSeals revision {@code name}, for the Java model. */
  public static MemfdRevision memfd(ProjectLayout layout, String name) {
    return model(() -> MemfdRevision.of(switches(layout, "MemfdSeals", name)));
  }

  /** The GuestMemInvalidation revision {@code name}, for the Java model. */
  public static GmemRevision gmem(ProjectLayout layout, String name) {
    return model(() -> GmemRevision.of(switches(layout, "GuestMemInvalidation", name)));
  }

  private static <T> T model(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (BadInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }
}
