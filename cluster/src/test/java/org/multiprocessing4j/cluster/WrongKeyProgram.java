package org.multiprocessing4j.cluster;

import java.nio.charset.StandardCharsets;
import org.multiprocessing4j.ProcessException;

/** A program that connects to a cluster with a key of its own and prints what {@code connect} said. */
public final class WrongKeyProgram {

    private WrongKeyProgram() {
    }

    /** Arguments: the cluster's name, then member addresses. */
    public static void main(String[] args) {
        ClusterOptions options = ClusterOptions.members(java.util.Arrays.copyOfRange(args, 1, args.length))
                .clusterName(args[0]).key("not the cluster's key, 32 bytes!".getBytes(StandardCharsets.UTF_8));
        try (Cluster cluster = Cluster.connect(options)) {
            System.out.println("connected to " + cluster.members());
        } catch (ProcessException e) {
            System.out.println("refused: " + e.getCause().getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
