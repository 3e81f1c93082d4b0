package org.sealcheck.model.state;

/**
 * A map or set key that is equal only to a key for the very same object, hashed by its identity.
 * Checkers that cache per SpecState or SpecValue object use it where the object's own equality
 * (a deep comparison) would cost more than the cache saves.
 */
public record IdentityKey<T>(T object) {
  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityKey<?> k && k.object == object;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(object);
  }
}
