package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ProgressBar}, drawn into a buffer instead of stderr: the final line after
 * {@link ProgressBar#finish()} (items done of the total, percentage, rate, a full bar, one
 * newline), an unknown total (an {@code imap} whose input has not ended), a total learnt later,
 * the redraw throttle, and that finishing twice draws once.
 */
@Timeout(30)
class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The last redraw: what follows the last carriage return, without the final newline. */
    private String finalLine() {
        String all = output();
        String last = all.substring(all.lastIndexOf('\r') + 1);
        return last.strip();
    }

    private static long newlines(String s) {
        return s.chars().filter(c -> c == '\n').count();
    }

    @Test
    void finalLineShowsDoneOfTotalFullPercentageAndRateAndEndsWithANewline() {
        ProgressBar bar = new ProgressBar(out, 250);
        for (int i = 0; i < 25; i++) bar.advance(10);
        bar.finish();

        String all = output();
        assertTrue(all.endsWith(System.lineSeparator()), "the bar should end its line: " + all);
        assertEquals(1, newlines(all), "one line, redrawn in place: " + all);
        String line = finalLine();
        assertTrue(line.startsWith("[" + "#".repeat(28) + "]"), "a full bar: " + line);
        assertTrue(line.contains(" 250/250 "), line);
        assertTrue(line.contains("100%"), line);
        assertTrue(line.matches(".*\\d items/s.*"), "a rate: " + line);
        assertTrue(line.endsWith("ETA 0:00"), "nothing left: " + line);
    }

    /** Half done: the bar is half filled, and the percentage and ETA are shown. */
    @Test
    void partialProgressShowsPercentageAndEta() throws InterruptedException {
        ProgressBar bar = new ProgressBar(out, 10);
        bar.advance(5);
        Thread.sleep(10);      // a measurable rate
        bar.finish();
        String line = finalLine();
        assertTrue(line.startsWith("[" + "#".repeat(14) + "-".repeat(14) + "]"), line);
        assertTrue(line.contains(" 5/10 "), line);
        assertTrue(line.contains(" 50%"), line);
        assertTrue(line.matches(".*ETA \\d+:\\d\\d$"), line);
    }

    /** An imap whose input has not ended: the total is a question mark, with no percentage and no ETA. */
    @Test
    void unknownTotalShowsAQuestionMarkAndNoEta() {
        ProgressBar bar = new ProgressBar(out, -1);
        bar.advance(7);
        bar.finish();
        String line = finalLine();
        assertTrue(line.contains(" 7/? "), line);
        assertTrue(line.startsWith("[" + "-".repeat(28) + "]"), "an empty bar: " + line);
        assertTrue(line.contains("items/s"), line);
        assertFalse(line.contains("%"), line);
        assertFalse(line.contains("ETA"), line);
        assertTrue(output().endsWith(System.lineSeparator()));
    }

    /** Once the imap's input ends, the total is known and the final line is as for a map. */
    @Test
    void aTotalLearntLaterIsShown() {
        ProgressBar bar = new ProgressBar(out, -1);
        bar.advance(3);
        bar.total(4);
        bar.advance(1);
        bar.finish();
        String line = finalLine();
        assertTrue(line.contains(" 4/4 "), line);
        assertTrue(line.contains("100%"), line);
    }

    @Test
    void finishIsIdempotent() {
        ProgressBar bar = new ProgressBar(out, 3);
        bar.advance(3);
        bar.finish();
        String once = output();
        bar.finish();
        bar.finish();
        assertEquals(once, output(), "a second finish() must draw nothing");
        assertEquals(1, newlines(once));
    }

    /** Thousands of advances in a burst redraw about every 100 ms, not once each. */
    @Test
    void redrawsAreThrottled() {
        ProgressBar bar = new ProgressBar(out, 100_000);
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) bar.advance(1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long draws = output().chars().filter(c -> c == '\r').count();
        assertTrue(draws <= 2 + millis / 100, draws + " redraws in " + millis + " ms");
    }

    /**
     * A redraw shorter than the one before (a rate or an ETA with fewer digits, a total now known)
     * must blank the rest of it: a terminal only moves the cursor back on '\r', so the old line's
     * tail would stay on screen ("ETA 0:0001").
     */
    @Test
    void aShorterRedrawCoversTheLongerOneBefore() throws InterruptedException {
        ProgressBar bar = new ProgressBar(out, 1_000_000);
        bar.advance(5);                    // drawn at once: a huge rate, a seven-digit total
        Thread.sleep(150);
        bar.total(10);
        bar.advance(5);
        bar.finish();                      // "10/10", a small rate: shorter
        String all = output();
        String last = finalLine();
        assertEquals(last, terminal(all), "what a terminal shows after the final draw");
        assertTrue(last.strip().endsWith("ETA 0:00"), last);
    }

    /** What a terminal shows of {@code output} on its one line: '\r' moves back to column 0, later characters overwrite. */
    private static String terminal(String output) {
        StringBuilder screen = new StringBuilder();
        int column = 0;
        for (char c : output.toCharArray()) {
            if (c == '\r') {
                column = 0;
            } else if (c != '\n') {
                if (column < screen.length()) screen.setCharAt(column, c);
                else screen.append(c);
                column++;
            }
        }
        return screen.toString().strip();
    }
}
