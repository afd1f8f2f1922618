package org.multiprocessing4j.shm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bookkeeping of the holds added when shared objects are serialized for another process, so that
 * a process started with them holds them from the moment it exists, and a process that never
 * attaches (it died booting, or failed to start) does not keep them held for ever.
 *
 * <p>While {@link #record} runs (in the parent, serializing a child's bootstrap), every hold that
 * {@code transfer()} adds is listed. Once the child's pid is known, {@link Recorded#moveTo} gives
 * those holds to the child; if the start fails, {@link Recorded#cancel} takes them back. While
 * {@link #adopting} runs (in the child, deserializing its bootstrap), attaching takes over the
 * holds already in the child's name instead of adding new ones. A dead child's holds count for
 * nothing, so end-of-file and unlinking proceed without it.
 *
 * <p>Thread-confined state (thread-locals); thread-safe.
 */
public final class Transfers {

    private static final ThreadLocal<List<HolderTable>> RECORDING = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> ADOPTING = new ThreadLocal<>();

    private Transfers() {
    }

    /** Serializes (or does anything) with the holds it adds listed; cancels them if it throws. */
    public static <T> Recorded<T> record(Supplier<T> action) {
        List<HolderTable> reserved = new ArrayList<>();
        List<HolderTable> outer = RECORDING.get();
        RECORDING.set(reserved);
        try {
            return new Recorded<>(action.get(), reserved);
        } catch (RuntimeException | Error e) {
            new Recorded<>(null, reserved).cancel();
            throw e;
        } finally {
            RECORDING.set(outer);
        }
    }

    /** Called by {@code transfer()} after adding a hold for this process in {@code table}. */
    public static void reserved(HolderTable table) {
        List<HolderTable> list = RECORDING.get();
        if (list != null) list.add(table);
    }

    /** True inside {@link #record}: what is serialized now goes to a child being started, over its private channel. */
    public static boolean isRecording() {
        return RECORDING.get() != null;
    }

    /** Runs {@code action} (deserializing a bootstrap) with attaches adopting holds already in this process's name. */
    public static <T, X extends Exception> T adopting(ThrowingSupplier<T, X> action) throws X {
        ADOPTING.set(Boolean.TRUE);
        try {
            return action.get();
        } finally {
            ADOPTING.remove();
        }
    }

    /** True inside {@link #adopting}. */
    public static boolean isAdopting() {
        return ADOPTING.get() != null;
    }

    /** A supplier that may throw. */
    @FunctionalInterface
    public interface ThrowingSupplier<T, X extends Exception> {
        T get() throws X;
    }

    /** A result and the holds added while computing it, held in this process's name until moved or cancelled. */
    public static final class Recorded<T> {
        private final T value;
        private final List<HolderTable> reserved;
        private boolean settled;
        /** The pid the holds were moved to, or 0. */
        private long movedTo;

        Recorded(T value, List<HolderTable> reserved) {
            this.value = value;
            this.reserved = reserved;
        }

        /** What the action returned. */
        public T value() {
            return value;
        }

        /**
         * Gives the holds to process {@code pid} (a child, before it reads its bootstrap); again to
         * another pid if the first died before taking its bootstrap (a warm JVM that died idle).
         */
        public synchronized void moveTo(long pid) {
            if (settled && movedTo == 0) return; // cancelled
            long from = settled ? movedTo : ProcessHandle.current().pid();
            settled = true;
            movedTo = pid;
            for (HolderTable table : reserved) {
                table.acquire(pid);
                table.release(from);
            }
        }

        /** Takes the holds back (the start failed before they were moved); no effect after {@link #moveTo}. */
        public synchronized void cancel() {
            if (settled) return;
            settled = true;
            long self = ProcessHandle.current().pid();
            for (HolderTable table : reserved) table.release(self);
        }
    }
}
