package org.multiprocessing4j.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.Process;

/**
 * The local site: each worker is a daemonic child process running {@link WorkerLoop}, fed through
 * a pipe. A worker lost (crashed, killed) fails the task it ran: a task that crashes its JVM is
 * not tried again.
 */
public final class ProcessSite implements WorkerSite {

    /** The one instance: the site holds no state. */
    public static final ProcessSite INSTANCE = new ProcessSite();

    /**
     * A worker out of memory exits (and is replaced) rather than run on in a state no one can
     * trust; the task fails with {@link org.multiprocessing4j.WorkerLostException} (exit code 3).
     * The user's options come after, so {@code -XX:-ExitOnOutOfMemoryError} restores throwing.
     */
    private static final List<String> WORKER_JVM_OPTIONS = List.of("-XX:+ExitOnOutOfMemoryError");
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private ProcessSite() {
    }

    @Override
    public WorkerLink start(String name, PoolOptions options) {
        Pipe pipe = Pipe.open(true);
        Connection poolEnd = pipe.left();
        Connection workerEnd = pipe.right();
        Process process = new Process(name, new WorkerLoop(workerEnd, options.initializer(), options.workerState()));
        process.setDaemon(true);
        List<String> jvmOptions = new ArrayList<>(WORKER_JVM_OPTIONS);
        jvmOptions.addAll(options.jvmOptions());
        process.setJvmOptions(jvmOptions);
        try {
            process.start();
        } catch (RuntimeException | Error e) {
            poolEnd.close();
            throw e;
        } finally {
            workerEnd.close();
        }
        return new ProcessLink(process, poolEnd);
    }

    /** A worker process and the pool's end of its pipe. */
    private record ProcessLink(Process process, Connection connection) implements WorkerLink {

        @Override
        public String name() {
            return process.name();
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public void send(byte[] message, int offset, int length) throws IOException {
            connection.sendBytes(message, offset, length);
        }

        @Override
        public byte[] receive() throws IOException {
            return connection.recvBytes();
        }

        @Override
        public void closeChannel() {
            connection.close();
        }

        @Override
        public void terminate() {
            process.terminate();
        }

        @Override
        public void kill() {
            process.kill();
        }

        @Override
        public Integer awaitExit() {
            try {
                if (!process.join(EXIT_WAIT)) {
                    process.kill();
                    process.join(EXIT_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return process.exitCode().isPresent() ? process.exitCode().getAsInt() : null;
        }
    }
}
