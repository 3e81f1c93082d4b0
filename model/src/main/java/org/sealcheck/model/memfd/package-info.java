/**
 * The Java reference implementation of the memfd seal protocol, as specs/MemfdSeals/MemfdSeals.tla
 * states it: the kernel's structures and functions, by their kernel names, with errno results.
 *
 * <ul>
 *   <li>Structures: {@link org.sealcheck.model.memfd.ShmemInodeInfo} (seals, xflags, i_mode,
 *       i_size) with its {@link org.sealcheck.model.memfd.AddressSpace} (i_pages,
 *       i_mmap_writable and the mapping_*_writable helpers), {@link
 *       org.sealcheck.model.memfd.MmStruct} of {@link org.sealcheck.model.memfd.VmAreaStruct}s
 *       (vm_flags, and the private COW copies on each VMA's anon_vma),
 *       the two open {@link org.sealcheck.model.memfd.File}s, and the reader's step machine
 *       {@link org.sealcheck.model.memfd.ShmemFileReadIter}.
 *   <li>{@link org.sealcheck.model.memfd.MemfdSystem}: the whole state, and the kernel functions
 *       (memfdCreate, memfdAddSeals, shmemFileWriteIter, shmemSetattr, shmemFallocate, doMmap,
 *       doMprotectPkey, doVmiMunmap, shmemFault, shmemMfillAtomicPte, shmemGetLockPfn, the
 *       reader's steps).
 *   <li>{@link org.sealcheck.model.memfd.MemfdRevision}: the kernel and patch revisions, and the
 *       spec's revision switches.
 *   <li>{@link org.sealcheck.model.memfd.MemfdMachine}: the {@code StepMachine} the checker
 *       drives, for a {@link org.sealcheck.model.memfd.MemfdConfig}; {@link
 *       org.sealcheck.model.memfd.MemfdStep} and {@link org.sealcheck.model.memfd.MemfdSteps}: its
 *       typed steps, label builders and parser.
 *   <li>{@link org.sealcheck.model.memfd.MemfdProperties}: the spec's invariants and step
 *       properties, on Java states.
 * </ul>
 */
package org.sealcheck.model.memfd;
