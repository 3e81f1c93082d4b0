/**
 * Revisions as data: a revision is a named set of behaviour switches (declared per spec in {@code
 * specs/<Spec>/revisions.json}, assigned in every cfg), never a name the code tests.
 *
 * <ul>
 *   <li>{@link org.sealcheck.model.revision.Switches}: one revision's name and switch values, with
 *       typed reads;
 *   <li>{@link org.sealcheck.model.revision.UnknownSwitchException}: a revision the model cannot
 *       run, because it names a switch the model does not implement.
 * </ul>
 *
 * The per-spec revision classes ({@code memfd.MemfdRevision}, {@code gmem.GmemRevision}) read their
 * switches from a {@code Switches} once, at construction.
 */
package org.sealcheck.model.revision;
