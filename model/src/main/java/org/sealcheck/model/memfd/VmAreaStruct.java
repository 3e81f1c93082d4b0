package org.sealcheck.model.memfd;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A mapping of the memfd: {@code struct vm_area_struct}, of which only vm_flags matter here.
 * Every VMA maps the whole of the one memfd, so vm_file and the range are left out (keeping them
 * would split states the spec does not tell apart).
 */
public final class VmAreaStruct {
  private final EnumSet<VmFlag> vmFlags;

  VmAreaStruct(Set<VmFlag> vmFlags) {
    // A VMA always has VM_READ here, so a VMA never looks like the spec's empty slot.
    if (!vmFlags.contains(VmFlag.VM_READ)) {
      throw new IllegalStateException("a VMA without VM_READ: " + vmFlags);
    }
    this.vmFlags = EnumSet.copyOf(vmFlags);
  }

  VmAreaStruct copy() {
    return new VmAreaStruct(vmFlags);
  }

  public Set<VmFlag> vmFlags() {
    return Collections.unmodifiableSet(vmFlags);
  }

  public boolean has(VmFlag f) {
    return vmFlags.contains(f);
  }

  EnumSet<VmFlag> mutableVmFlags() {
    return vmFlags;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VmAreaStruct v && vmFlags.equals(v.vmFlags);
  }

  @Override
  public int hashCode() {
    return vmFlags.hashCode();
  }

  @Override
  public String toString() {
    return vmFlags.toString();
  }
}
