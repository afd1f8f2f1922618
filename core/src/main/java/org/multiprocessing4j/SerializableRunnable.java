package org.multiprocessing4j;

import java.io.Serializable;

/**
 * The body of a {@link Process}: a {@link Runnable} that can travel to a child JVM and may throw.
 *
 * <p>Because the parameter type of {@code new Process(...)} is this interface, {@code javac}
 * compiles a lambda passed there as a serializable lambda. Everything the lambda captures must be
 * serializable too; {@link Process#start()} checks this in the parent and names the class that is
 * not. {@code run()} declares {@code throws Exception} so a target may call {@code recv()} or
 * {@code join()} without a try/catch; an exception that escapes makes the child exit with code 1
 * after printing its stack trace on the child's stderr.
 */
@FunctionalInterface
public interface SerializableRunnable extends Serializable {

    /** Runs the target in the child process. */
    void run() throws Exception;
}
