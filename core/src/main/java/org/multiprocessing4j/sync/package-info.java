/**
 * Internal: what the public locks, semaphores, events, conditions, barriers and queues run on
 * (CPython's {@code multiprocessing.synchronize} and {@code queues}). Not part of the public API;
 * may change without notice.
 *
 * <p>Each public type delegates to a backend, its {@code *Ops} interface ({@link LockOps},
 * {@link SemaphoreOps}, {@link EventOps}, {@link ConditionOps}, {@link BarrierOps},
 * {@link QueueOps}): the shared-memory cores here ({@code *Core}, {@link SemaphoreLock}) for the
 * objects a program creates, the in-heap backends ({@code Heap*}) for those a manager's server
 * holds (its clients reach them through proxies of the same interfaces).
 */
package org.multiprocessing4j.sync;
