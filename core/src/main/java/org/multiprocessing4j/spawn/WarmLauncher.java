package org.multiprocessing4j.spawn;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.StartMethod;

/**
 * The {@code warm} start method, CPython's {@code forkserver} reimagined for the JVM (which cannot
 * fork): child JVMs booted ahead of need wait for a bootstrap on their lifeline, with the
 * library's classes loaded, so that {@code start()} costs a hand-off instead of a JVM boot. Each
 * JVM still runs one process only and exits after it, as a forked child does: nothing of one
 * process's state leaks into the next.
 *
 * <p>Idle JVMs are kept per list of JVM options. A start takes an idle JVM with its options if
 * there is one, else boots one cold (as {@link SpawnLauncher}); either way it has a replacement
 * booted in the background (a quarter second later, not to slow the process just started), so a
 * program warms up after its first start (a pool of four, after its first four). A warm JVM has
 * deserialized a sample bootstrap and lambda while it waited (that machinery is most of a cold
 * start after the boot itself). {@link #prestart} boots JVMs ahead explicitly. An idle JVM lives until it is taken,
 * until {@link #shutdown()}, or until this JVM exits (its lifeline closes and it exits quietly).
 *
 * <p>Thread-safe: the idle JVMs are guarded by this object; boots run on one background thread.
 */
public final class WarmLauncher implements Launcher {

    /** The one instance. */
    public static final WarmLauncher INSTANCE = new WarmLauncher();

    private static final long SHUTDOWN_GRACE_MILLIS = 5_000;
    private static final long REPLACE_DELAY_MILLIS = 250;
    /** At most this many idle JVMs in all (tens of MB each); the options used least recently lose theirs first. */
    static final int MAX_IDLE = 8;

    /** Idle JVMs by options, the options most recently booted for last. */
    private final Map<List<String>, Deque<java.lang.Process>> idle = new LinkedHashMap<>();
    private final ScheduledExecutorService booter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mp4j-warm-booter");
        t.setDaemon(true);
        return t;
    });
    /** Bumped by {@link #shutdown()}: a boot begun before it is not kept. */
    private long generation;

    private WarmLauncher() {
    }

    @Override
    public Popen launch(String name, boolean daemon, List<String> jvmOptions, byte[] bootstrap, LongConsumer started)
            throws IOException {
        if (printsAtBoot(jvmOptions)) return SpawnLauncher.INSTANCE.launch(name, daemon, jvmOptions, bootstrap, started);
        java.lang.Process ready = take(jvmOptions);
        replace(jvmOptions);
        if (ready != null) {
            try {
                return SpawnLauncher.handOver(ready, name, daemon, bootstrap, started);
            } catch (IOException idleJvmDied) {
                // it died while idle (killed, out of memory): boot one as spawn would
            }
        }
        return SpawnLauncher.INSTANCE.launch(name, daemon, jvmOptions, bootstrap, started);
    }

    /**
     * Options that print as a JVM boots or exits: a JVM booted ahead with them would print for a
     * process that never runs in it, so such starts boot their JVM as {@code spawn} does.
     */
    private static boolean printsAtBoot(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.startsWith("-Xlog") || option.startsWith("-verbose") || option.startsWith("-XX:+Print")) return true;
        }
        return false;
    }

    /**
     * Has the JVM a start just used replaced, {@value #REPLACE_DELAY_MILLIS} ms later: a JVM boot
     * is a burst of several cores' work, which should not slow the process just handed over.
     */
    private void replace(List<String> jvmOptions) {
        schedule(jvmOptions, 1, REPLACE_DELAY_MILLIS);
    }

    /** Boots {@code count} JVMs with {@code jvmOptions} in the background, to be taken by later starts. */
    public void prestart(List<String> jvmOptions, int count) {
        schedule(jvmOptions, count, 0);
    }

    /** Boots {@code count} JVMs after {@code delayMillis}; a {@link #shutdown()} meanwhile voids them. */
    private void schedule(List<String> jvmOptions, int count, long delayMillis) {
        List<String> key = List.copyOf(jvmOptions);
        long bootGeneration;
        synchronized (this) {
            bootGeneration = generation;
        }
        for (int i = 0; i < count; i++) {
            booter.schedule(() -> bootOne(key, bootGeneration), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void bootOne(List<String> key, long bootGeneration) {
        java.lang.Process process;
        try {
            process = SpawnLauncher.boot(key, true);
        } catch (IOException | RuntimeException e) {
            Multiprocessing.getLogger().log(Level.WARNING, "cannot boot a JVM ahead for the warm start method", e);
            return;
        }
        List<java.lang.Process> surplus = new ArrayList<>();
        synchronized (this) {
            // A boot scheduled by a start that raced a switch back to SPAWN is not kept either.
            if (bootGeneration == generation && ProcessContext.startMethod() == StartMethod.WARM) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).add(process);
                idle.put(key, idle.remove(key)); // most recently used last
                evictBeyond(MAX_IDLE, surplus);
            } else {
                surplus.add(process);
            }
        }
        dismiss(surplus);
    }

    /** The number of idle JVMs booted (or booting) with {@code jvmOptions}. */
    public synchronized int idleCount(List<String> jvmOptions) {
        Deque<java.lang.Process> ready = idle.get(jvmOptions);
        return ready == null ? 0 : ready.size();
    }

    /** Moves the oldest idle JVMs of the least recently used options into {@code surplus} until at most {@code max} remain. */
    private void evictBeyond(int max, List<java.lang.Process> surplus) {
        int total = idle.values().stream().mapToInt(Deque::size).sum();
        var keys = idle.entrySet().iterator();
        while (total > max && keys.hasNext()) {
            Deque<java.lang.Process> oldest = keys.next().getValue();
            while (total > max && !oldest.isEmpty()) {
                surplus.add(oldest.poll());
                total--;
            }
            if (oldest.isEmpty()) keys.remove();
        }
    }

    private synchronized java.lang.Process take(List<String> jvmOptions) {
        Deque<java.lang.Process> ready = idle.get(jvmOptions);
        java.lang.Process p;
        while (ready != null && (p = ready.poll()) != null) {
            if (p.isAlive()) return p;
        }
        return null;
    }

    /**
     * Ends every idle JVM (their lifelines close; they exit quietly) and waits, at most 5 s, until
     * they have ({@code setStartMethod(SPAWN)} calls this).
     */
    public void shutdown() {
        List<java.lang.Process> all = new ArrayList<>();
        synchronized (this) {
            generation++;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        dismiss(all);
    }

    private static void dismiss(List<java.lang.Process> processes) {
        for (java.lang.Process p : processes) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                p.destroyForcibly();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS);
        for (java.lang.Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
