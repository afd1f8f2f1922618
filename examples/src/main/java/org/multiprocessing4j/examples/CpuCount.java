package org.multiprocessing4j.examples;

import org.multiprocessing4j.Multiprocessing;

/**
 * Seed 001 ({@code 001_28c0c3afbe74d426.txt}), notebook cell In [6]: {@code mp.cpu_count()}, how
 * many CPU cores the system has. The notebook displays the value; a program prints it.
 */
public final class CpuCount {

    private CpuCount() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(Multiprocessing.cpuCount());
    }
}
