/**
 * Behind {@link org.multiprocessing4j.Manager}: the server that owns shared objects, the proxies
 * that call them from other processes, and the wire between the two. CPython's
 * {@code multiprocessing.managers}.
 *
 * <p>A {@link org.multiprocessing4j.managers.Server} keeps a table of served objects, each with
 * the interface through which it may be called. A client process reaches it through a
 * {@link org.multiprocessing4j.managers.ManagerClient}: one authenticated connection per client
 * thread (so that a lock acquired by a thread is held by that thread's server thread, as in
 * CPython), or a direct call when the proxy lives in the server's own JVM. A proxy is a
 * {@link org.multiprocessing4j.managers.Token} and a client: it travels to other processes as
 * its token and reconnects on arrival.
 */
package org.multiprocessing4j.managers;
