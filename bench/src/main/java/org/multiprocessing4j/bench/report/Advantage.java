package org.multiprocessing4j.bench.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** Java's advantage over CPython: the ratio Java / CPython turned so that above 1 means Java is better. */
public final class Advantage {

    private Advantage() {
    }

    /** {@code ratio} for a rate, {@code 1 / ratio} for a time ({@code lowerIsBetter}). */
    public static double of(double ratio, boolean lowerIsBetter) {
        return lowerIsBetter ? 1 / ratio : ratio;
    }

    /** A factor with up to 3 significant digits and no trailing zeros, like Python's {@code :g}: 0.2, 10, 44.3. */
    public static String format(double factor) {
        return new BigDecimal(factor).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
