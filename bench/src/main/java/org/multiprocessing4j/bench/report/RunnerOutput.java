package org.multiprocessing4j.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stdout of one run of a runner: {@code # ...} comment lines and {@code name value unit} lines.
 *
 * @param comments the comment lines, {@code #} included, in order
 * @param figures  the figures by workload name, in order
 */
public record RunnerOutput(List<String> comments, Map<String, Figure> figures) {

    /** Reads one runner's output; an unexpected line is an {@link IllegalArgumentException}. */
    public static RunnerOutput read(Path path) {
        try {
            return parse(path.toString(), Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the lines of one runner's output; {@code source} names it in errors. */
    public static RunnerOutput parse(String source, List<String> lines) {
        List<String> comments = new ArrayList<>();
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                comments.add(line);
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 3) throw new IllegalArgumentException(source + ": unexpected line: " + line);
            try {
                figures.put(parts[0], new Figure(Double.parseDouble(parts[1]), parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": unexpected line: " + line, e);
            }
        }
        return new RunnerOutput(List.copyOf(comments), Collections.unmodifiableMap(figures));
    }
}
