package org.sealcheck.checker.validate;

/** A key that compares its object by identity, with its identity hash. */
record Identity<T>(T object) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Identity<?> i && i.object == object;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(object);
  }
}
