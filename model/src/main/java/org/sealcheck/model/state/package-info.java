/**
 * The values and states of the TLA+ specs as plain Java data.
 *
 * <ul>
 *   <li>{@link org.sealcheck.model.state.SpecValue}: a TLA+ value in TLC's canonical form.
 *   <li>{@link org.sealcheck.model.state.SpecState}: a spec state, variable name to value.
 * </ul>
 *
 * <p>The Java model's abstraction functions produce these; the checker converts TLC's values into
 * them and writes them as ITF. Keeping one vocabulary makes "the Java state maps onto this spec
 * state" a plain {@code equals}.
 */
package org.sealcheck.model.state;
