package org.multiprocessing4j.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import org.multiprocessing4j.Queue;

/**
 * A program that keeps a queue handle across a close and a new connection: the old handle must
 * work through the new connection. Prints the items it then gets.
 */
public final class ReconnectProgram {

    private ReconnectProgram() {
    }

    /** Arguments: the cluster's name, its key file, then member addresses. */
    public static void main(String[] args) throws Exception {
        ClusterOptions options = ClusterOptions.members(Arrays.copyOfRange(args, 2, args.length))
                .clusterName(args[0]).keyFile(Path.of(args[1]));
        Queue<String> kept;
        try (Cluster first = Cluster.connect(options)) {
            kept = first.queue("reconnect");
            kept.put("put through the first connection");
        }
        try (Cluster second = Cluster.connect(options)) {
            kept.put("put through the second, by the first's handle");
            Queue<String> fresh = second.queue("reconnect");
            System.out.println(fresh.get() + "; " + fresh.get());
        }
    }
}
