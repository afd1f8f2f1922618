package org.multiprocessing4j.spawn;

import java.security.SecureRandom;
import org.multiprocessing4j.Process;

/**
 * What this JVM is, as a process of this library: the main process, or a child with its
 * {@link Bootstrap}. Set once, by {@link ChildMain} before the child's target runs.
 *
 * <p>Thread-safe.
 */
public final class ProcessContext {

    private static volatile Bootstrap bootstrap;
    private static volatile byte[] mainAuthkey;

    private ProcessContext() {
    }

    static void becomeChild(Bootstrap b) {
        bootstrap = b;
    }

    /** The bootstrap this JVM was started with, or null in the main process. */
    public static Bootstrap bootstrap() {
        return bootstrap;
    }

    /** The process object running in this JVM if it is a child, else null. */
    public static Process childProcess() {
        Bootstrap b = bootstrap;
        return b == null ? null : b.process();
    }

    /** This process's authentication key: inherited in a child, 32 random bytes in the main process. */
    public static byte[] authkey() {
        Bootstrap b = bootstrap;
        if (b != null) return b.authkey().clone();
        byte[] key = mainAuthkey;
        if (key == null) {
            synchronized (ProcessContext.class) {
                if (mainAuthkey == null) {
                    byte[] fresh = new byte[32];
                    new SecureRandom().nextBytes(fresh);
                    mainAuthkey = fresh;
                }
                key = mainAuthkey;
            }
        }
        return key.clone();
    }
}
