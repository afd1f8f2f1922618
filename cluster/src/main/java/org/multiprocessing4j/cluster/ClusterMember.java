package org.multiprocessing4j.cluster;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
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
 * A worker member of a cluster: the command that starts one.
 *
 * <pre>
 * java -jar multiprocessing4j-cluster-&lt;version&gt;-member.jar --join 10.0.0.1:5701,10.0.0.2:5701 \
 *      --key-file cluster.key --class-path my-app.jar
 * </pre>
 *
 * <dl>
 * <dt>{@code --join host[:port],...}</dt><dd>members to join (any that run; a member may list
 *     itself); default {@code 127.0.0.1}, that is this machine's ports 5701–5703</dd>
 * <dt>{@code --port N}</dt><dd>the port to listen on, or the next free one; default 5701</dd>
 * <dt>{@code --interface ip}</dt><dd>listen on, and tell others, this address only (e.g.
 *     {@code 127.0.0.1} for a cluster on one machine); default: Hazelcast's choice</dd>
 * <dt>{@code --cluster name}</dt><dd>the cluster's name; default {@value ClusterOptions#DEFAULT_NAME}</dd>
 * <dt>{@code --workers N}</dt><dd>pool workers this member runs at once; default its processors</dd>
 * <dt>{@code --key-file F}</dt><dd>the cluster's key (text, at least 16 bytes); default the
 *     environment variable {@value ClusterOptions#KEY_VARIABLE}</dd>
 * <dt>{@code --class-path P}</dt><dd>jars and directories of the tasks' classes (the
 *     program's), separated by {@code File.pathSeparator}</dd>
 * </dl>
 *
 * <p>The member runs until it is stopped (SIGTERM or Ctrl-C leave the cluster cleanly: its data
 * moves to the others' backups first). It prints one line when it has joined.
 */
public final class ClusterMember {

    private ClusterMember() {
    }

    /** Starts a member as the arguments say; see the class comment. Exits with 2 on bad arguments. */
    public static void main(String[] args) throws IOException {
        try {
            HazelcastInstance member = start(args);
            System.out.println("multiprocessing4j member " + member.getCluster().getLocalMember().getAddress()
                    + " of cluster '" + member.getConfig().getClusterName() + "': "
                    + member.getCluster().getMembers().size() + " member(s), "
                    + ClusterSite.workersOf(member.getCluster().getLocalMember()) + " worker(s) here");
        } catch (IllegalArgumentException e) {
            System.err.println("multiprocessing4j member: " + e.getMessage());
            System.err.println("usage: --join host[:port],... [--port N] [--interface ip] [--cluster name] [--workers N]"
                    + " [--key-file F] [--class-path P]");
            System.exit(2);
        }
    }

    /**
     * Starts a member in this JVM and returns it.
     *
     * @throws IllegalArgumentException naming a bad argument
     */
    static HazelcastInstance start(String[] args) throws IOException {
        List<String> join = List.of("127.0.0.1");
        int port = 5701;
        String bindInterface = null;
        String name = ClusterOptions.DEFAULT_NAME;
        int workers = Runtime.getRuntime().availableProcessors();
        byte[] key = null;
        ClassLoader userClasses = ClusterMember.class.getClassLoader();
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
                case "--key-file" -> key = ClusterOptions.readKey(Path.of(value));
                case "--class-path" -> userClasses = classLoader(value, userClasses);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (join.isEmpty()) throw new IllegalArgumentException("--join names no member");
        Sealer sealer = new Sealer(key != null ? key : ClusterOptions.keyFromEnvironment());
        MemberSlots slots = new MemberSlots();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(
                HazelcastConfigs.member(name, join, bindInterface, port, workers, userClasses));
        ClusterContext context = new ClusterContext(name, member, sealer, userClasses, slots);
        slots.attach(context);
        context.register();
        // Workers of a program or member that left are dropped: nobody will read their replies.
        member.getClientService().addClientListener(new ClientListener() {
            @Override
            public void clientConnected(Client client) {
            }

            @Override
            public void clientDisconnected(Client client) {
                slots.dropOwnedBy(client.getUuid());
            }
        });
        member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                slots.dropOwnedBy(event.getMember().getUuid());
            }
        });
        return member;
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
