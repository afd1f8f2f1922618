/**
 * Internal: the shared-memory cores behind the public locks, semaphores, events, conditions,
 * barriers and queues (CPython's {@code multiprocessing.synchronize} and {@code queues}). Not part
 * of the public API; may change without notice.
 */
package org.multiprocessing4j.sync;
