package org.multiprocessing4j.spawn;

import java.security.SecureRandom;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.StartMethod;

/**
 * What this JVM is, as a process of this library: the main process, or a child with its
 * {@link Bootstrap}. Set once, by {@link ChildMain} before the child's target runs.
 *
 * <p>Thread-safe.
 */
public final class ProcessContext {

    private static volatile Bootstrap bootstrap;
    private static volatile StartMethod startMethod = StartMethod.SPAWN;
    private static volatile byte[] mainAuthkey;

    private ProcessContext() {
    }

    /** Sets the start method; leaving {@link StartMethod#WARM} ends its idle JVMs. */
    public static synchronized void setStartMethod(StartMethod method) {
        StartMethod previous = startMethod;
        startMethod = method;
        if (previous == StartMethod.WARM && method != StartMethod.WARM) WarmLauncher.INSTANCE.shutdown();
    }

    /** The start method in use. */
    public static StartMethod startMethod() {
        return startMethod;
    }

    /** The launcher of the start method in use. */
    public static Launcher launcher() {
        return startMethod == StartMethod.WARM ? WarmLauncher.INSTANCE : SpawnLauncher.INSTANCE;
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
