package org.multiprocessing4j;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The library's logger and its stderr handler, CPython's {@code multiprocessing.util} logging:
 * records look like {@code [INFO/Process-1] child process calling run()}.
 *
 * <p>Thread-safe.
 */
final class ProcessLog {

    static final Logger LOGGER = quietByDefault(Logger.getLogger("org.multiprocessing4j"));
    private static volatile StderrHandler handler;

    /**
     * As in CPython, the library's lifecycle records (INFO and below) stay silent unless asked
     * for; a level set in the logging configuration is kept.
     */
    private static Logger quietByDefault(Logger logger) {
        if (logger.getLevel() == null) logger.setLevel(Level.WARNING);
        return logger;
    }

    private ProcessLog() {
    }

    static synchronized Logger toStderr(Level level) {
        if (handler == null) {
            handler = new StderrHandler();
            LOGGER.addHandler(handler);
            LOGGER.setUseParentHandlers(false);
        }
        if (level != null) LOGGER.setLevel(level);
        return LOGGER;
    }

    static boolean logsToStderr() {
        return handler != null;
    }

    /** Writes to the current {@code System.err}, flushing each record so processes interleave by line. */
    private static final class StderrHandler extends Handler {
        StderrHandler() {
            setFormatter(new ProcessFormatter());
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) return;
            System.err.print(getFormatter().format(record));
            System.err.flush();
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** {@code [LEVEL/process name] message}, and the stack trace of a thrown exception. */
    private static final class ProcessFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append('[').append(record.getLevel().getName()).append('/')
                    .append(Multiprocessing.currentProcess().name()).append("] ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
