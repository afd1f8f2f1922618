package org.multiprocessing4j.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * The AOT cache for child JVMs, end to end: a program whose class path is a jar builds it in the
 * background after its first start, and its later children boot with it, printing nothing more.
 */
@Timeout(300)
class AotCacheTest {

    /**
     * Starts a child (which starts the cache's build), waits until the cache exists, starts another
     * and prints whether that one was given the cache.
     */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            System.out.println("first: " + childArguments().contains("-XX:AOTCache"));
            String classPath = System.getProperty("java.class.path");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (AotCache.options(List.of(), List.of(), classPath).isEmpty() && System.nanoTime() < deadline) Thread.sleep(200);
            System.out.println("later: " + childArguments().contains("-XX:AOTCache"));
        }

        /** A child's JVM arguments, as it sees them. */
        private static String childArguments() throws Exception {
            Pipe pipe = Pipe.open(false);
            var out = pipe.right();
            Process p = new Process(() -> out.send(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
            p.start();
            out.close();
            String arguments = pipe.left().recv();
            p.join();
            pipe.left().close();
            return arguments;
        }
    }

    @Test
    void aJarClassPathGetsACacheAfterItsFirstStartAndPrintsNothingMore(@TempDir Path dir) throws Exception {
        Path jar = jarOfTheLibraryAndTests(dir);
        Path tmp = Files.createDirectory(dir.resolve("tmp")); // the cache goes there: nothing shared with other runs
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", jar.toString(),
                Program.class.getName());
        java.lang.Process program = new ProcessBuilder(command).redirectErrorStream(false).start();
        String stdout;
        String stderr;
        try (var in = program.getInputStream(); var err = program.getErrorStream()) {
            assertTrue(program.waitFor(280, TimeUnit.SECONDS), "the program did not end");
            stdout = new String(in.readAllBytes());
            stderr = new String(err.readAllBytes());
        } finally {
            program.destroyForcibly();
        }
        assertEquals(0, program.exitValue(), stderr);
        assertEquals("first: false\nlater: true\n", stdout);
        assertEquals("", stderr);
        try (Stream<Path> files = Files.list(tmp.resolve("multiprocessing4j-aot-" + System.getProperty("user.name")))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of("aot", "aot.lock", "aot.sha256"),
                    names.stream().map(n -> n.substring(n.indexOf('.') + 1)).sorted().toList(),
                    "the cache, its lock file and its checksum are left: " + names);
        }
    }

    @Test
    void aClassPathWithADirectoryGetsNoCache() {
        assertEquals(List.of(), AotCache.options(List.of(), List.of(), System.getProperty("java.io.tmpdir")));
    }

    /**
     * {@code dir/app.jar}: a jar of every class directory on this test's class path (the library's
     * and the tests'), for programs that run from jars as the AOT cache needs.
     */
    static Path jarOfTheLibraryAndTests(Path dir) throws IOException {
        Path jar = dir.resolve("app.jar");
        List<Path> directories = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) directories.add(p);
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path root : directories) {
                try (Stream<Path> classes = Files.walk(root)) {
                    for (Path c : classes.filter(Files::isRegularFile).toList()) {
                        out.putNextEntry(new JarEntry(root.relativize(c).toString().replace(File.separatorChar, '/')));
                        Files.copy(c, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
