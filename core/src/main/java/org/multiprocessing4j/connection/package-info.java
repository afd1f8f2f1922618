/**
 * Internal: the transports behind {@link org.multiprocessing4j.Connection} (CPython's
 * {@code multiprocessing.connection}), behind one interface, {@link org.multiprocessing4j.connection.Transport}:
 * pipes as pairs of byte rings in one shared-memory segment, with end-of-file derived from which
 * processes still hold each end ({@link org.multiprocessing4j.connection.Endpoint}); and
 * Unix-domain or TCP sockets ({@link org.multiprocessing4j.connection.SocketTransport}), made by
 * {@link org.multiprocessing4j.connection.SocketListener} and authenticated by a challenge
 * handshake, behind {@link org.multiprocessing4j.Listener} and {@link org.multiprocessing4j.Client}.
 * Not part of the public API.
 */
package org.multiprocessing4j.connection;
