/**
 * Internal: starting child JVMs and watching them (CPython's {@code multiprocessing.spawn},
 * {@code popen_spawn_posix} and the bootstrap half of {@code process}). Not part of the public API.
 */
package org.multiprocessing4j.spawn;
