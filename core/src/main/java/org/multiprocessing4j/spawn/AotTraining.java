package org.multiprocessing4j.spawn;

import java.io.IOException;
import java.util.logging.Level;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.serialize.Serializer;

/**
 * The {@code main} of the training run behind {@link AotCache}: goes through what a child JVM
 * does (the warm start's preload: a bootstrap and a lambda deserialized, the futex linked, the
 * classes of pipes, queues and pool workers loaded; then a sample process's bootstrap through the
 * serializer and the child's run of it, to its exit; not the lifeline or the parent watch), so that the cache holds what children need.
 * Touches no shared memory and no file; not for direct use.
 */
public final class AotTraining {

    private AotTraining() {
    }

    /** Entry point of the training JVM. */
    public static void main(String[] args) throws IOException {
        ChildMain.preload();
        Process sample = new Process("AotTraining", () -> { });
        byte[] bytes = Serializer.standard().serialize(new Bootstrap(sample, ProcessHandle.current().pid(),
                "MainProcess", new byte[32], Level.WARNING, false));
        Bootstrap bootstrap = (Bootstrap) Serializer.standard().deserialize(bytes, 0, bytes.length);
        System.exit(ChildMain.run(bootstrap.process()));
    }
}
