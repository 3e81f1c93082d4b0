package org.sealcheck.model.gmem;

/** The spec's AllActors: which concurrent parties a config runs. */
public enum GmemActor {
  FAULT("fault"),
  PUNCH("punch"),
  ALLOCATE("allocate"),
  BIND("bind"),
  ATTRIBUTES("attributes"),
  RELEASE("release"),
  MEMORY_FAILURE("memory_failure"),
  HOST_FAULT("host_fault"),
  POPULATE("populate");

  private final String specName;

  GmemActor(String specName) {
    this.specName = specName;
  }

  public String specName() {
    return specName;
  }

  /** @throws IllegalArgumentException for a name that is not in AllActors */
  public static GmemActor fromName(String name) {
    for (GmemActor a : values()) {
      if (a.specName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown actor \"" + name + "\" (AllActors: fault, punch, allocate, bind,"
        + " attributes, release, memory_failure, host_fault, populate)");
  }
}
