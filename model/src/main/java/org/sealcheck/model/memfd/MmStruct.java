package org.sealcheck.model.memfd;

import java.util.Arrays;

/**
 * The process's address space as far as the memfd goes: a fixed number of VMA slots (the spec's
 * Vmas, numbered from 1), each empty or holding one mapping of the memfd.
 */
public final class MmStruct {
  private final VmAreaStruct[] slots;

  MmStruct(int vmas) {
    this.slots = new VmAreaStruct[vmas];
  }

  private MmStruct(MmStruct o) {
    this.slots = new VmAreaStruct[o.slots.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = o.slots[i] == null ? null : o.slots[i].copy();
    }
  }

  MmStruct copy() {
    return new MmStruct(this);
  }

  public int slotCount() {
    return slots.length;
  }

  /** The VMA in slot {@code v} (1-based), or null when the slot is empty. */
  public VmAreaStruct vma(int v) {
    checkSlot(v);
    return slots[v - 1];
  }

  void install(int v, VmAreaStruct vma) {
    checkSlot(v);
    slots[v - 1] = vma;
  }

  VmAreaStruct remove(int v) {
    checkSlot(v);
    VmAreaStruct old = slots[v - 1];
    slots[v - 1] = null;
    return old;
  }

  /**
   * unmap_mapping_range(mapping, from, 0, even_cows=1) as truncation calls it: every VMA's
   * private COW copies of pages at or past {@code from} are zapped with the file's PTEs.
   */
  void unmapMappingRangeEvenCows(int from) {
    for (VmAreaStruct vma : slots) {
      if (vma == null) {
        continue;
      }
      for (int i = from; i < vma.pageCount(); i++) {
        vma.setAnonPage(i, PageContent.NONE);
      }
    }
  }

  private void checkSlot(int v) {
    if (v < 1 || v > slots.length) {
      throw new IllegalArgumentException("VMA slot " + v + " not in 1.." + slots.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MmStruct m && Arrays.equals(slots, m.slots);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(slots);
  }

  @Override
  public String toString() {
    return Arrays.toString(slots);
  }
}
