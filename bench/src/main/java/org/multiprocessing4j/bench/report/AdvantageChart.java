package org.multiprocessing4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.CategoryTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the side-by-side figures as one horizontal bar per workload: Java's {@link Advantage} over
 * CPython on a log scale from 1 (parity), green where the goal is met, red where it is not, grey
 * without a goal, with the goal (restated on the advantage) marked on each bar.
 */
public final class AdvantageChart {

    private static final Color MET = new Color(0x2e7d32);
    private static final Color NOT_MET = new Color(0xc62828);
    private static final Color NO_GOAL = new Color(0x9e9e9e);
    private static final Color GOAL = new Color(0x212121);
    private static final String FONT = "SansSerif";
    private static final int WIDTH = 1400;
    private static final int BAR_HEIGHT = 46;
    /** How far (a factor on the log axis) a label stands off the bar's end or the goal's mark. */
    private static final double LABEL_GAP = 1.12;

    private AdvantageChart() {
    }

    /**
     * Writes the chart of {@code report} as a PNG to each of {@code paths}.
     *
     * @param command how the figures were made, shown in the chart ({@code bench/run --both --repeat 3})
     */
    public static void write(SideBySide report, String command, List<Path> paths) throws IOException {
        JFreeChart chart = draw(report, command);
        int height = 230 + BAR_HEIGHT * Math.max(1, (int) report.rows().stream().filter(r -> r.advantage().isPresent()).count());
        for (Path path : paths) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            ChartUtils.saveChartAsPNG(path.toFile(), chart, WIDTH, height);
        }
    }

    /** The chart of {@code report}. */
    public static JFreeChart draw(SideBySide report, String command) {
        DefaultCategoryDataset advantages = new DefaultCategoryDataset();
        DefaultCategoryDataset goals = new DefaultCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        List<CategoryTextAnnotation> labels = new ArrayList<>();
        double low = 1, high = 1;
        for (Row row : report.rows()) {
            if (row.advantage().isEmpty()) continue;
            double advantage = row.advantage().getAsDouble();
            String category = category(row);
            advantages.addValue(advantage, "advantage", category);
            Optional<Goal> goal = row.goalOnAdvantage();
            goals.addValue(goal.map(Goal::factor).orElse(null), "goal", category);
            paints.add(row.met().map(m -> m ? MET : NOT_MET).orElse(NO_GOAL));
            labels.add(label(category, advantage, goal));
            low = Math.min(low, Math.min(advantage, goal.map(Goal::factor).orElse(advantage)));
            high = Math.max(high, Math.max(advantage, goal.map(Goal::factor).orElse(advantage)));
        }

        CategoryAxis workloads = new CategoryAxis();
        workloads.setTickLabelFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
        workloads.setCategoryMargin(0.35);
        workloads.setMaximumCategoryLabelWidthRatio(0.4f);
        workloads.setMaximumCategoryLabelLines(2);

        LogAxis axis = new LogAxis("Java's advantage over CPython, log scale: above 1× Java is better "
                + "(rates: Java ÷ CPython; times in ms/µs: CPython ÷ Java)");
        axis.setLabelFont(new Font(FONT, Font.PLAIN, 13));
        axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 12));
        axis.setNumberFormatOverride(new DecimalFormat("0.###×"));
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of 10
        // Room on both sides for the labels, which run outward from the bars' ends.
        axis.setRange(low / 20, high * 12);

        BarRenderer bars = new ColoredBars(paints);
        bars.setBase(1);
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);

        LineAndShapeRenderer marks = new LineAndShapeRenderer(false, true);
        marks.setSeriesShape(0, goalShape());
        marks.setSeriesPaint(0, GOAL);

        CategoryPlot plot = new CategoryPlot(advantages, workloads, axis, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setDataset(1, goals);
        plot.setRenderer(1, marks);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.addRangeMarker(new ValueMarker(1, GOAL, new BasicStroke(1.5f)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xbdbdbd));
        plot.setDomainGridlinesVisible(false);
        plot.setFixedLegendItems(legend());
        labels.forEach(plot::addAnnotation);

        JFreeChart chart = new JFreeChart("multiprocessing4j vs CPython multiprocessing, per workload",
                new Font(FONT, Font.BOLD, 18), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        Provenance p = Provenance.of(report);
        chart.addSubtitle(subtitle(p.line() + ", best of " + rounds(report) + " alternating rounds"));
        chart.addSubtitle(subtitle("reproduce: " + command + "   (goals: shared/BENCHMARKS.md)"));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(new Font(FONT, Font.PLAIN, 13));
        return chart;
    }

    /**
     * The advantage and the goal, written beyond both the bar's outer end and the goal's mark: to
     * the right of a bar that runs right of 1, to the left of one that runs left.
     */
    private static CategoryTextAnnotation label(String category, double advantage, Optional<Goal> goal) {
        String text = Advantage.format(advantage) + "×  (goal " + goal.map(Goal::label).orElse("none") + ")";
        double mark = goal.map(Goal::factor).orElse(advantage);
        boolean leftward = advantage < 1;
        double at = leftward ? Math.min(advantage, mark) / LABEL_GAP : Math.max(advantage, mark) * LABEL_GAP;
        CategoryTextAnnotation label = new CategoryTextAnnotation(text, category, at);
        label.setFont(new Font(FONT, Font.PLAIN, 12));
        label.setTextAnchor(leftward ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
        return label;
    }

    /** The workload and, on a second line, the two figures compared. */
    private static String category(Row row) {
        String figures = "Java " + new Figure(row.javaBest().orElseThrow(), row.unit()).compact()
                + " vs CPython " + new Figure(row.reference().orElseThrow(), row.unit()).compact();
        boolean versusFork = row.goal().map(Goal::versusFork).orElse(false);
        return row.name() + "\n" + figures + (versusFork ? " (fork)" : "");
    }

    private static String rounds(SideBySide report) {
        return String.join(" + ", report.rounds().stream().map(String::valueOf).toList());
    }

    private static TextTitle subtitle(String text) {
        return new TextTitle(text, new Font(FONT, Font.PLAIN, 13));
    }

    private static Shape goalShape() {
        return new Rectangle2D.Double(-2, -BAR_HEIGHT * 0.45, 4, BAR_HEIGHT * 0.9);
    }

    private static LegendItemCollection legend() {
        Shape box = new Rectangle2D.Double(-6, -6, 12, 12);
        LegendItemCollection items = new LegendItemCollection();
        items.add(new LegendItem("goal met", null, null, null, box, MET));
        items.add(new LegendItem("goal not met", null, null, null, box, NOT_MET));
        items.add(new LegendItem("no goal", null, null, null, box, NO_GOAL));
        items.add(new LegendItem("goal, restated as an advantage (≤ 0.2× on µs is ≥ 5×)", null, null, null,
                new Rectangle2D.Double(-2, -8, 4, 16), GOAL));
        return items;
    }

    /** Bars painted one by one (met, not met, no goal), not per series. */
    private static final class ColoredBars extends BarRenderer {
        private final List<Paint> paints;

        ColoredBars(List<Paint> paints) {
            this.paints = List.copyOf(paints);
        }

        @Override
        public Paint getItemPaint(int row, int column) {
            return paints.get(column);
        }
    }
}
