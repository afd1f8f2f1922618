package org.multiprocessing4j.examples;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.multiprocessing4j.Multiprocessing;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Logging": {@code log_to_stderr()} gives the
 * library's logger a stderr handler; the warning is printed on stderr as
 * {@code [WARNING/MainProcess] Error has occurred}.
 */
public final class LogToStderr {

    private LogToStderr() {
    }

    public static void main(String[] args) throws Exception {
        Logger logger = Multiprocessing.logToStderr();
        logger.setLevel(Level.INFO);
        logger.warning("Error has occurred");
    }
}
