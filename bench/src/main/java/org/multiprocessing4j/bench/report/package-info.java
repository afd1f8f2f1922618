/**
 * The side-by-side report of {@code bench/run --both}: reads the raw outputs of the Java runner and
 * its CPython twin, prints the markdown table and draws the chart of Java's advantage per workload.
 */
package org.multiprocessing4j.bench.report;
