package org.multiprocessing4j.bench.report;

import java.util.Locale;

/**
 * One measured figure, {@code value unit}, as a runner prints it.
 *
 * @param value the number
 * @param unit  its unit: {@code ms} and {@code us} are times (lower is better), anything else a rate
 */
public record Figure(double value, String unit) {

    /** Whether a smaller value of this unit is the better one (times), not a larger one (rates). */
    public static boolean lowerIsBetter(String unit) {
        return unit.equals("ms") || unit.equals("us");
    }

    /** Three significant figures with a k/M/G prefix for rates, µs for us: {@code 1.26 M tasks/s}, {@code 2.5 µs}. */
    public String compact() {
        if (lowerIsBetter(unit)) return number(value) + " " + (unit.equals("us") ? "µs" : unit);
        String[] prefixes = {"", " k", " M", " G"};
        double v = value;
        int p = 0;
        while (Math.abs(v) >= 1000 && p < prefixes.length - 1) {
            v /= 1000;
            p++;
        }
        return number(v) + prefixes[p] + " " + unit;
    }

    private static String number(double v) {
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        String s = String.format(Locale.ROOT, pattern, v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
