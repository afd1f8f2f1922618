/**
 * Internal: the one seam through which every object crosses a process boundary (CPython's
 * {@code multiprocessing.reduction}). Not part of the public API; may change without notice.
 */
package org.multiprocessing4j.serialize;
