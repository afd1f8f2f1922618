package org.multiprocessing4j.pool;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for a {@code map} or {@code imap}: items done of the total,
 * the rate, and the time left, redrawn in place at most every {@value #REDRAW_MILLIS} ms and
 * ended with a newline when the job ends.
 *
 * <pre>{@code [#############---------------]  4600/10000  46%  2,310 items/s  ETA 0:02}</pre>
 *
 * <p>Thread-safe.
 */
public final class ProgressBar {

    private static final int REDRAW_MILLIS = 100;
    private static final int WIDTH = 28;

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long total = -1;
    private long done;
    /** As if drawn a redraw interval before the start, so the first advance draws whatever the clock's origin. */
    private long lastDrawNanos = startNanos - REDRAW_MILLIS * 1_000_000L;
    /** The length of the line last drawn: a shorter one is padded to cover it (a terminal keeps what '\r' passes over). */
    private int lastLength;
    private boolean finished;

    /** A bar on {@link System#err}; {@code total} negative while unknown. */
    public ProgressBar(long total) {
        this(System.err, total);
    }

    ProgressBar(PrintStream out, long total) {
        this.out = out;
        this.total = total;
    }

    /** The total is now known. */
    public synchronized void total(long total) {
        this.total = total;
    }

    /** {@code items} more are done; redraws if it is time. */
    public synchronized void advance(long items) {
        done += items;
        long now = System.nanoTime();
        if (now - lastDrawNanos >= REDRAW_MILLIS * 1_000_000L) {
            lastDrawNanos = now;
            draw(now);
        }
    }

    /** Draws the final state and ends the line; idempotent. */
    public synchronized void finish() {
        if (finished) return;
        finished = true;
        draw(System.nanoTime());
        out.println();
        out.flush();
    }

    private void draw(long now) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder("\r[");
        int filled = total > 0 ? (int) (WIDTH * Math.min(1.0, (double) done / total)) : 0;
        line.append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("]  ");
        line.append(done).append('/').append(total >= 0 ? Long.toString(total) : "?");
        if (total > 0) line.append(String.format(Locale.ROOT, "  %3d%%", 100 * done / total));
        line.append(String.format(Locale.ROOT, "  %,.0f items/s", rate));
        if (total >= 0 && rate > 0) {
            long left = (long) Math.ceil((total - done) / rate);
            line.append(String.format(Locale.ROOT, "  ETA %d:%02d", left / 60, left % 60));
        }
        int length = line.length();
        if (length < lastLength) line.append(" ".repeat(lastLength - length));
        lastLength = length;
        out.print(line);
        out.flush();
    }
}
