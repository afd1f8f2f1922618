/**
 * JMH micro-benchmarks of the hot paths under the workloads of {@code org.multiprocessing4j.bench}:
 * the shared-memory ring ({@link org.multiprocessing4j.bench.jmh.RingBench},
 * {@link org.multiprocessing4j.bench.jmh.PipePingPongBench}), the serializer
 * ({@link org.multiprocessing4j.bench.jmh.SerializerBench}) and the futex
 * ({@link org.multiprocessing4j.bench.jmh.FutexBench}). Run them with {@code bench/run --jmh [regex]
 * [JMH options]}; every figure is the average time of one operation.
 *
 * <p>Each benchmark forks a JVM with {@code --enable-native-access=ALL-UNNAMED}, as a user's program
 * would run, so {@link org.multiprocessing4j.shm.Futex} sleeps and wakes in the kernel rather than on
 * its parking fallback.
 */
package org.multiprocessing4j.bench.jmh;
