package org.multiprocessing4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class GoalNormalisationTest {

    @Test
    void aTimeGoalInvertsAndFlipsOnTheAdvantage() {
        Goal roundtrip = Goal.of("pipe_roundtrip_us").orElseThrow();      // ratio ≤ 0.2×
        Goal onAdvantage = roundtrip.onAdvantage(true);
        assertFalse(onAdvantage.atMost());                                 // advantage ≥ 5×
        assertEquals(5, onAdvantage.factor(), 1e-12);
        assertEquals("≥ 5×", onAdvantage.label());
        assertEquals(1, Goal.of("pool_create_ms").orElseThrow().onAdvantage(true).factor());
    }

    @Test
    void aRateGoalIsTheSameOnTheAdvantage() {
        Goal queue = Goal.of("queue_msgs_per_s").orElseThrow();
        assertEquals(queue, queue.onAdvantage(false));
        assertEquals("≥ 10×", queue.label());
    }

    @Test
    void metOnTheRatioIsMetOnTheAdvantage() {
        for (String name : Goal.GOALS.keySet()) {
            Goal goal = Goal.GOALS.get(name);
            boolean lowerIsBetter = name.endsWith("_ms") || name.endsWith("_us");
            for (double ratio : new double[] {0.01, 0.12, 0.2, 0.57, 1, 1.4, 3, 9.99, 10, 44}) {
                double advantage = Advantage.of(ratio, lowerIsBetter);
                assertEquals(goal.met(ratio), goal.onAdvantage(lowerIsBetter).met(advantage), name + " at " + ratio);
            }
        }
    }

    @Test
    void rowsTakeTheBestFigureAndTurnTimesAround() {
        SideBySide report = SideBySide.of(List.of(Path.of("d")), List.of(2),
                List.of(run("pipe_roundtrip_us 6.5 us", "queue_msgs_per_s 1000000 msgs/s", "process_start_join_warm_ms 30 ms"),
                        run("pipe_roundtrip_us 2.5 us", "queue_msgs_per_s 900000 msgs/s")),
                List.of(run("pipe_roundtrip_us 21 us", "queue_msgs_per_s 100000 msgs/s", "process_start_join_ms 3 ms",
                                "process_start_join_warm_ms 20 ms"),
                        run("pipe_roundtrip_us 25 us", "queue_msgs_per_s 80000 msgs/s", "process_start_join_ms 2 ms")));
        Row roundtrip = row(report, "pipe_roundtrip_us");
        assertEquals(2.5 / 21, roundtrip.ratio().getAsDouble(), 1e-12);
        assertEquals(21 / 2.5, roundtrip.advantage().getAsDouble(), 1e-12);
        assertTrue(roundtrip.met().orElseThrow());                         // 0.12× ≤ 0.2×
        Row queue = row(report, "queue_msgs_per_s");
        assertEquals(10, queue.advantage().getAsDouble(), 1e-12);
        assertTrue(queue.met().orElseThrow());
        Row warm = row(report, "process_start_join_warm_ms");           // the goal compares with fork's 2 ms
        assertEquals(OptionalDouble.of(2), warm.reference());
        assertEquals(2.0 / 30, warm.advantage().getAsDouble(), 1e-12);
        assertFalse(warm.met().orElseThrow());
        assertEquals(30.0 / 20, warm.ratio().getAsDouble(), 1e-12);     // the table's ratio stays like for like
    }

    @Test
    void figuresPrintLikeTheTableAndTheChart() {
        assertEquals("4.18849e+06", MarkdownTable.general(4188492));
        assertEquals("1.04236e+06", MarkdownTable.general(1042365));
        assertEquals("148.651", MarkdownTable.general(148.651));
        assertEquals("1.26 M tasks/s", new Figure(1258295, "tasks/s").compact());
        assertEquals("754 MB/s", new Figure(754, "MB/s").compact());
        assertEquals("2.52 µs", new Figure(2.521, "us").compact());
    }

    private static RunnerOutput run(String... lines) {
        return RunnerOutput.parse("test", List.of(lines));
    }

    private static Row row(SideBySide report, String name) {
        return report.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
