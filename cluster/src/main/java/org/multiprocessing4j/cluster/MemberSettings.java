package org.multiprocessing4j.cluster;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A member's settings, as its command line gives them (see {@link ClusterMember}).
 *
 * @param name          the cluster's name
 * @param join          the members to join, {@code host[:port]} each
 * @param bindInterface the only address to listen on and tell others, or null for Hazelcast's choice
 * @param port          the port to listen on, or the next free one
 * @param workers       how many pool workers this member offers (a weight, not a limit)
 * @param quorum        the fewest members a side of a partition needs to serve data; 0: no minimum
 * @param key           the cluster's key
 * @param userClasses   the class loader of the tasks' classes
 */
record MemberSettings(String name, List<String> join, String bindInterface, int port, int workers, int quorum,
                      byte[] key, ClassLoader userClasses) {

    /**
     * The settings that {@code args} give, defaults for the others.
     *
     * @throws IllegalArgumentException naming a bad argument, a key file that cannot be read, or
     *                                  the lack of a key
     */
    static MemberSettings parse(String[] args) {
        List<String> join = List.of("127.0.0.1");
        int port = 5701;
        String bindInterface = null;
        String name = ClusterOptions.DEFAULT_NAME;
        int workers = Runtime.getRuntime().availableProcessors();
        int quorum = 0;
        byte[] key = null;
        ClassLoader userClasses = MemberSettings.class.getClassLoader();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(option + " needs a value");
            String value = args[++i];
            switch (option) {
                case "--join" -> join = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                case "--port" -> port = positive(option, value);
                case "--interface" -> bindInterface = value;
                case "--cluster" -> name = value;
                case "--workers" -> workers = positive(option, value);
                case "--quorum" -> quorum = positive(option, value);
                case "--key-file" -> key = readKey(value);
                case "--class-path" -> userClasses = classLoader(value, userClasses);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (join.isEmpty()) throw new IllegalArgumentException("--join names no member");
        if (key == null) {
            try {
                key = ClusterOptions.keyFromEnvironment();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (key.length < 16) throw new IllegalArgumentException("a cluster key needs at least 16 bytes, not " + key.length);
        return new MemberSettings(name, join, bindInterface, port, workers, quorum, key, userClasses);
    }

    private static byte[] readKey(String file) {
        try {
            return ClusterOptions.readKey(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key file " + file + ": " + e, e);
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not '" + value + "'");
    }

    private static ClassLoader classLoader(String classPath, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            File file = new File(entry);
            if (!file.exists()) throw new IllegalArgumentException("--class-path names " + entry + ", which does not exist");
            try {
                urls.add(file.toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--class-path entry " + entry + ": " + e.getMessage());
            }
        }
        return new URLClassLoader("mp4j-tasks", urls.toArray(URL[]::new), parent);
    }
}
