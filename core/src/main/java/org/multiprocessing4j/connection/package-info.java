/**
 * Internal: the transport behind {@link org.multiprocessing4j.Connection} (CPython's
 * {@code multiprocessing.connection}): pipes as pairs of byte rings in one shared-memory segment,
 * with end-of-file derived from which processes still hold each end. Not part of the public API.
 */
package org.multiprocessing4j.connection;
