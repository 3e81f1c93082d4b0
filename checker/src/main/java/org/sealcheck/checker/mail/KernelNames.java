package org.sealcheck.checker.mail;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * What the kernel calls each spec action, as the mail writes a kernel step: the one home of that
 * name. The spec names an action after the kernel function it models in CamelCase, so the name is
 * the action's in snake_case ({@code KvmGmemInvalidateBegin} is {@code
 * kvm_gmem_invalidate_begin()}); the table holds the actions that model a code point inside a
 * function rather than a function (the spec's comment above each says which), and the few whose
 * function has another name.
 */
final class KernelNames {

  private static final Map<String, String> GUEST_MEM = ImmutableMap.<String, String>builder()
      // kvm_mmu_faultin_pfn(): fault->mmu_seq = kvm->mmu_invalidate_seq; smp_rmb() (the value follows)
      .put("FaultSnapshotSeq", "fault->mmu_seq = ")
      // the private/shared check against the attributes, then the memslot checks
      .put("FaultCheckAttributes", "kvm_mmu_faultin_pfn()")
      // kvm_tdp_mmu_page_fault(): read_lock(&kvm->mmu_lock)
      .put("FaultTakeMmuLock", "read_lock(&kvm->mmu_lock)")
      // shim: up_read(&rm->lock), the end of restrictedmem_punch_hole()
      .put("RestrictedmemUpRead", "up_read(&rm->lock)")
      // __kvm_set_memory_region() delete: KVM_MEMSLOT_INVALID, swap, kvm_arch_flush_shadow_memslot()
      .put("KvmSetMemoryRegionDelete", "kvm_invalidate_memslot()")
      // the xa_store() of the new attribute in kvm_vm_set_mem_attributes()
      .put("KvmSetMemAttributesStore", "xa_store(&kvm->mem_attr_array)")
      // kvm_gmem_allocate()'s kvm_gmem_get_folio() once its folio_lock() returns
      .put("KvmGmemAllocateGetFolio", "kvm_gmem_get_folio()")
      // kvm_gmem_error_folio()'s (or the fix's work item's) kvm_gmem_invalidate_end()
      .put("KvmGmemErrorFolioInvalidateEnd", "kvm_gmem_invalidate_end()")
      .build();

  private static final Map<String, String> MEMFD = ImmutableMap.<String, String>builder()
      // the i_size_read() and EOF check at the top of shmem_file_read_iter()
      .put("ShmemReadISize", "i_size_read()")
      // shmem_get_folio(SGP_READ), the second i_size_read() and the copy
      .put("ShmemReadCopy", "copy_page_to_iter()")
      // ftruncate() and fchmod() both end in shmem_setattr()
      .put("ShmemSetattrSize", "shmem_setattr()")
      .put("ShmemSetattrMode", "shmem_setattr()")
      .build();

  private KernelNames() {}

  /** The kernel function (with "()") or code point that {@code action} of {@code spec} is. */
  static String of(String spec, String action) {
    Map<String, String> table = spec.equals("MemfdSeals") ? MEMFD : GUEST_MEM;
    String named = table.get(action);
    return named != null ? named : snakeCase(action) + "()";
  }

  /** {@code KvmGmemPunchHole} -> {@code kvm_gmem_punch_hole}. */
  static String snakeCase(String camel) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        b.append('_');
      }
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }
}
