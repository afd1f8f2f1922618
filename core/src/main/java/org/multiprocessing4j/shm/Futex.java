package org.multiprocessing4j.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeping until a 32-bit word in shared memory changes, across processes: Linux {@code futex}
 * through the FFM API when this library's module has native access
 * ({@code --enable-native-access=ALL-UNNAMED}), timed parking otherwise.
 *
 * <p>The protocol of every caller is the classic one: read the word, publish that you wait,
 * re-check the condition, then {@link #await} on the value you read; a waker changes the word
 * first and then calls {@link #wake}. Both implementations may return early (spuriously, on a
 * change, or at the timeout), so callers always re-check in a loop.
 *
 * <p>Fallback (no native access, another OS, or a virtual thread, whose carrier a blocking
 * syscall would pin): {@link #await} parks for a time that doubles with each consecutive
 * {@code round} from 20 µs to 1.28 ms, so an idle waiter costs under a thousand wake-ups a second
 * and {@link #wakeAll} is a no-op. It is correct, only slower to react. Since such a process
 * cannot wake anyone, the objects it uses record it, and native waiters on them sleep as briefly.
 *
 * <p>Thread-safe; stateless apart from a per-thread timespec buffer.
 */
public final class Futex {

    private static final int FUTEX_WAIT = 0;      // shared (not FUTEX_PRIVATE): waiters are in other processes
    private static final int FUTEX_WAKE = 1;
    private static final long FALLBACK_MIN_PARK_NANOS = 20_000;
    private static final int FALLBACK_MAX_DOUBLINGS = 6;

    private static final MethodHandle SYSCALL = lookupSyscall();
    private static final long SYS_FUTEX = sysFutexNumber();
    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    private Futex() {
    }

    /** True when waits sleep in the kernel and wakes are immediate; false on the parking fallback. */
    public static boolean isNative() {
        return SYSCALL != null;
    }

    /**
     * Sleeps while the int at {@code word} equals {@code expected}, at most {@code timeoutNanos}.
     *
     * @param word       a 4-byte aligned int in a shared mapping
     * @param round      how many times in a row the caller has waited; paces the fallback's parking
     * @param blindWaker whether a process that cannot call {@link #wakeAll} may be the waker: then
     *                   the sleep is as short as the fallback's, since no wake will come
     */
    public static void await(MemorySegment word, int expected, long timeoutNanos, int round, boolean blindWaker) {
        if (timeoutNanos <= 0) return;
        long park = FALLBACK_MIN_PARK_NANOS << Math.min(round, FALLBACK_MAX_DOUBLINGS);
        if (SYSCALL == null || Thread.currentThread().isVirtual()) {
            LockSupport.parkNanos(Math.min(timeoutNanos, park));
            return;
        }
        if (blindWaker) timeoutNanos = Math.min(timeoutNanos, park);
        MemorySegment ts = TIMESPEC.get();
        ts.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
        ts.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
        try {
            long ignored = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAIT, expected, ts, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /** Wakes every process and thread sleeping in {@link #await} on {@code word}. */
    public static void wakeAll(MemorySegment word) {
        wake(word, Integer.MAX_VALUE);
    }

    /** Wakes up to {@code count} processes or threads sleeping in {@link #await} on {@code word}. */
    public static void wake(MemorySegment word, int count) {
        if (SYSCALL == null) return;
        try {
            long ignored = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAKE, count,
                    MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    private static long sysFutexNumber() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> 202;
            case "aarch64", "arm64" -> 98;
            default -> -1;
        };
    }

    @SuppressWarnings("restricted")   // only reached once native access is known to be enabled
    private static MethodHandle lookupSyscall() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        // Asking first keeps the JDK from printing its restricted-method warning.
        if (!linux || sysFutexNumber() < 0 || !Futex.class.getModule().isNativeAccessEnabled()) return null;
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment syscall = linker.defaultLookup().find("syscall").orElse(null);
            if (syscall == null) return null;
            // long syscall(long number, ...): uaddr, futex_op, val, timeout, uaddr2, val3
            return linker.downcallHandle(syscall,
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(1));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
