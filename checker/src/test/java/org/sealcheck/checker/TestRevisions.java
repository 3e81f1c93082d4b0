package org.sealcheck.checker;

import org.sealcheck.checker.review.ProjectLayout;
import org.sealcheck.checker.revision.SpecRevisions;
import org.sealcheck.model.gmem.GmemRevision;
import org.sealcheck.model.memfd.MemfdRevision;

/** The tests' revisions, by name, from the checkout's revisions files. */
public final class TestRevisions {

  private TestRevisions() {}

  public static MemfdRevision memfd(String name) {
    return SpecRevisions.memfd(ProjectLayout.locate(), name);
  }

  public static GmemRevision gmem(String name) {
    return SpecRevisions.gmem(ProjectLayout.locate(), name);
  }
}
