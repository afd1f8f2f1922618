package org.multiprocessing4j.spawn;

/**
 * The {@code main} of the training run behind {@link AotCache}: goes through what a child JVM
 * does before its target (the warm start's preload: a bootstrap and a lambda deserialized, the
 * futex linked, the classes of pipes, queues and pool workers loaded), so that the cache holds
 * what children need. Touches no shared memory and no file; not for direct use.
 */
public final class AotTraining {

    private AotTraining() {
    }

    /** Entry point of the training JVM. */
    public static void main(String[] args) {
        ChildMain.preload();
    }
}
