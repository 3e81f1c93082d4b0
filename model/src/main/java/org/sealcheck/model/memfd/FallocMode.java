package org.sealcheck.model.memfd;

/**
 * fallocate() modes the spec distinguishes. FALLOC_FL_PUNCH_HOLE stands for
 * PUNCH_HOLE|KEEP_SIZE: the VFS refuses PUNCH_HOLE without KEEP_SIZE.
 */
public enum FallocMode {
  /** Allocate and extend i_size if the range ends past it. */
  MODE_0("0"),
  /** Allocate, leave i_size alone (the range may lie past EOF). */
  FALLOC_FL_KEEP_SIZE("FALLOC_FL_KEEP_SIZE"),
  /** Free the folios of the range; i_size unchanged. */
  FALLOC_FL_PUNCH_HOLE("FALLOC_FL_PUNCH_HOLE");

  private final String specName;

  FallocMode(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  public static FallocMode fromName(String name) {
    return SpecNames.lookup(values(), FallocMode::specName, "fallocate mode", name);
  }

}
