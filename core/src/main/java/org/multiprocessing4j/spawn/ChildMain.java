package org.multiprocessing4j.spawn;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.shm.Futex;
import org.multiprocessing4j.shm.Transfers;

/**
 * The {@code main} of every child JVM: CPython's {@code spawn_main} and {@code BaseProcess._bootstrap}.
 *
 * <ol>
 *   <li>Reads the {@link Bootstrap} from stdin (the lifeline), then gives {@code System.in} an empty
 *       stream: a child has no console input, as in CPython.</li>
 *   <li>Watches the lifeline: end-of-file means the parent is gone, and the child exits within
 *       half a second (shutdown hooks get that long, then the JVM halts).</li>
 *   <li>Runs the process's {@code run()}. An exception that escapes is printed on stderr after a
 *       {@code Process <name>:} line, and the exit code becomes 1.</li>
 *   <li>Waits for the non-daemon threads the target started, then exits with the code.
 *       {@code System.exit(n)} in the target exits at once with {@code n}.</li>
 * </ol>
 */
public final class ChildMain {

    private static final long ORPHAN_EXIT_GRACE_MILLIS = 500;
    /** Set (to true) for a JVM booted ahead of need by {@link WarmLauncher}. */
    static final String WARM_PROPERTY = "multiprocessing4j.warm";
    /** Classes most children load after their bootstrap: pipes, queues, locks, pool workers. */
    private static final String[] PRELOADED = {
        "org.multiprocessing4j.connection.Endpoint", "org.multiprocessing4j.shm.ByteRing",
        "org.multiprocessing4j.shm.HeldSegment", "org.multiprocessing4j.shm.MappedSegment",
        "org.multiprocessing4j.sync.SemaphoreCore", "org.multiprocessing4j.sync.QueueCore",
        "org.multiprocessing4j.pool.WorkerLoop", "org.multiprocessing4j.pool.TaskFunction"};

    private ChildMain() {
    }

    /** Entry point of a child JVM; not for direct use. */
    public static void main(String[] args) {
        DataInputStream lifeline = new DataInputStream(new FileInputStream(FileDescriptor.in));
        System.setIn(InputStream.nullInputStream());
        boolean warm = Boolean.getBoolean(WARM_PROPERTY);
        if (warm) preload();
        Bootstrap bootstrap;
        try {
            int header;
            try {
                header = lifeline.readInt();
            } catch (EOFException neverUsed) {
                if (warm) System.exit(0); // booted ahead and not needed: the parent is done
                throw neverUsed;
            }
            if (header != SpawnLauncher.MAGIC) throw new IOException("bad bootstrap header");
            byte[] payload = lifeline.readNBytes(lifeline.readInt());
            // The holds of the shared objects in the bootstrap were moved to this process by the parent.
            bootstrap = (Bootstrap) Transfers.adopting(() -> Serializer.standard().deserialize(payload, 0, payload.length));
        } catch (IOException | RuntimeException e) {
            System.err.println("multiprocessing4j: this child JVM could not read its bootstrap from its parent: " + e);
            System.exit(1);
            return;
        }
        watchParent(lifeline);
        ProcessContext.becomeChild(bootstrap);
        if (bootstrap.logToStderr()) {
            Multiprocessing.logToStderr(bootstrap.logLevel());
        } else if (bootstrap.logLevel() != null) {
            Multiprocessing.getLogger().setLevel(bootstrap.logLevel());
        }
        int exitCode = run(bootstrap.process());
        System.exit(exitCode);
    }

    /**
     * What a bootstrap needs, done while a warm JVM waits for one: a bootstrap record and a
     * lambda through the serializer (record deserialization spins method-handle classes, lambda
     * deserialization the metafactory's), the futex's native call (linking a downcall generates
     * code), memory-segment access, and the classes of pipes, queues and pool workers — most of
     * a cold start's time after the JVM's own boot. Nothing here touches shared memory or files.
     */
    static void preload() {
        try {
            SerializableRunnable probe = () -> { };
            Object[] samples = {probe, new Bootstrap(null, 0, "", new byte[0], Level.INFO, false)};
            for (Object sample : samples) {
                byte[] bytes = Serializer.standard().serialize(sample);
                Serializer.standard().deserialize(bytes, 0, bytes.length);
            }
            Multiprocessing.getLogger();
            MemorySegment word = Arena.ofAuto().allocate(Long.BYTES, Long.BYTES);
            Futex.await(word, 1, 0, 0, false); // returns at once: the word is 0, not 1
            Futex.wake(word, 1);
            ClassLoader loader = ChildMain.class.getClassLoader();
            for (String name : PRELOADED) Class.forName(name, false, loader);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            // only a head start: the bootstrap does the same and reports what fails
        }
    }

    static int run(Process process) {
        Logger log = Multiprocessing.getLogger();
        int exitCode = 0;
        try {
            log.info("child process calling run()");
            process.run();
        } catch (Throwable t) {
            System.err.println("Process " + process.name() + ":");
            t.printStackTrace();
            exitCode = 1;
        } finally {
            log.info("process shutting down");
        }
        awaitNonDaemonThreads();
        log.info("process exiting with exitcode " + exitCode);
        return exitCode;
    }

    private static void awaitNonDaemonThreads() {
        Thread self = Thread.currentThread();
        while (true) {
            Thread other = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t != self && !t.isDaemon() && t.isAlive() && !t.getName().equals("DestroyJavaVM"))
                    .findFirst().orElse(null);
            if (other == null) return;
            try {
                other.join();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void watchParent(InputStream lifeline) {
        Thread watcher = new Thread(() -> {
            try {
                while (lifeline.read() >= 0) {
                    // the parent writes nothing more; only end-of-file matters
                }
            } catch (IOException e) {
                // a broken lifeline means the same as end-of-file
            }
            Thread halter = new Thread(() -> {
                try {
                    Thread.sleep(ORPHAN_EXIT_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    // halt now
                }
                Runtime.getRuntime().halt(1);
            }, "mp4j-orphan-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(1);
        }, "mp4j-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
