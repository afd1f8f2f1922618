/**
 * Internal: memory-mapped segments in {@code /dev/shm}, the single-producer byte ring, futex
 * wait/wake and the table of processes that hold a shared object. Not part of the public API;
 * may change without notice. CPython's counterpart is {@code multiprocessing.heap} and
 * {@code multiprocessing.shared_memory}.
 */
package org.multiprocessing4j.shm;
