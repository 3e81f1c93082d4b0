package org.sealcheck.model.revision;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.memfd.MemfdRevision;

/** The tests' revisions, read from the checkout's {@code specs/<Spec>/revisions.json}, as the checker reads them. */
public final class Revisions {

  private Revisions() {}

  /** The spec's revisions file, found from the model module's directory (where Maven runs the tests). */
  public static synchronized RevisionTable table(String spec) {
    return TABLES.computeIfAbsent(spec, Revisions::read);
  }

  private static final Map<String, RevisionTable> TABLES = new java.util.HashMap<>();

  private static RevisionTable read(String spec) {
    Path file = Path.of("..", "specs", spec, "revisions.json");
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = JsonMapper.builder().build().readValue(file.toFile(), Map.class);
      return RevisionTable.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
    }
  }

  public static MemfdRevision memfd(String name) {
    return MemfdRevision.of(table("MemfdSeals").switches(name));
  }

  public static GmemRevision gmem(String name) {
    return GmemRevision.of(table("GuestMemInvalidation").switches(name));
  }
}
