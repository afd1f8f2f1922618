package org.multiprocessing4j.spawn;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A way of starting a child process that runs a {@link Bootstrap}: CPython's start methods.
 * {@link SpawnLauncher} boots a fresh JVM; a warm-start launcher can hand the bootstrap to a JVM
 * booted in advance.
 */
public interface Launcher {

    /**
     * Starts a child that reads {@code bootstrap} (the serialized {@link Bootstrap}) and runs it.
     *
     * @param name       the process name, for thread names and messages
     * @param daemon     whether the child is daemonic (see {@link Children})
     * @param jvmOptions options for the child JVM, after the launcher's defaults
     * @param started    told the child's pid once it exists, before it is given its bootstrap
     *                   (again, with another pid, if a JVM booted ahead died before its hand-over)
     */
    Popen launch(String name, boolean daemon, List<String> jvmOptions, byte[] bootstrap, LongConsumer started)
            throws IOException;
}
