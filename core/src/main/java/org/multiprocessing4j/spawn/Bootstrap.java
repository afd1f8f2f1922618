package org.multiprocessing4j.spawn;

import java.io.Serializable;
import java.util.logging.Level;
import org.multiprocessing4j.Process;

/**
 * Everything a child JVM needs to become the process its parent created, sent on its stdin.
 *
 * @param process        the process object, target included, to run
 * @param parentPid      the creator's pid
 * @param parentName     the creator's process name
 * @param authkey        the authentication key the child inherits
 * @param logLevel       the level of the library's logger in the parent, or null if unset
 * @param logToStderr    whether the parent logs to stderr through {@code logToStderr}
 */
public record Bootstrap(Process process, long parentPid, String parentName, byte[] authkey,
                        Level logLevel, boolean logToStderr) implements Serializable {
}
