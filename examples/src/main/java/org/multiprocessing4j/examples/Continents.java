package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Process;

/**
 * Seed 001 ({@code 001_28c0c3afbe74d426.txt}), notebook cell In [9]: the Process class,
 * {@code start()} and {@code join()}. One process prints the default continent, then one process
 * per name; the parent prints each name before starting its process. Children print in any order,
 * but each child prints after the parent printed its name. (The tutorial's spelling "Antartica" is
 * kept, so the output matches the notebook's.)
 */
public final class Continents {

    private Continents() {
    }

    /** Python's {@code print_func(continent='Asia')}: the default argument becomes an overload. */
    static void printFunc() {
        printFunc("Asia");
    }

    static void printFunc(String continent) {
        System.out.println("The name of the continent is " + continent);
    }

    public static void main(String[] args) throws Exception {
        List<String> names = List.of("America", "Antartica", "Australia");
        List<Process> procs = new ArrayList<>();
        Process proc = new Process(Continents::printFunc); // instantiating without any argument
        procs.add(proc);
        proc.start();

        for (String name : names) {
            System.out.println(name);
            proc = new Process(() -> printFunc(name));
            procs.add(proc);
            proc.start();
        }

        for (Process p : procs) {
            p.join();
        }
    }
}
