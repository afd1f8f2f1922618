package org.multiprocessing4j.cluster;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

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
 *     itself); a host without a port is tried at {@code --port} and the two ports after it;
 *     default {@code 127.0.0.1}</dd>
 * <dt>{@code --port N}</dt><dd>the port to listen on, or the next free one; default 5701</dd>
 * <dt>{@code --interface ip}</dt><dd>listen on, and tell others, this address only (e.g.
 *     {@code 127.0.0.1} for a cluster on one machine); default: Hazelcast's choice</dd>
 * <dt>{@code --cluster name}</dt><dd>the cluster's name; default {@value ClusterOptions#DEFAULT_NAME}</dd>
 * <dt>{@code --workers N}</dt><dd>pool workers this member offers: its share of
 *     {@link Cluster#workers()}, the default pool size, and its weight when a pool's workers are
 *     placed (not a limit: two pools, or a pool larger than that, place more); default its
 *     processors</dd>
 * <dt>{@code --quorum N}</dt><dd>split-brain protection: a side of a network partition with fewer
 *     than N members refuses every operation on the cluster's queues, maps, lists, locks, events
 *     and values ({@code SplitBrainProtectionException}) rather than diverge; give every member the
 *     same N, a majority of the cluster's size; default none</dd>
 * <dt>{@code --key-file F}</dt><dd>the cluster's key (text, at least 16 bytes); default the
 *     environment variable {@value ClusterOptions#KEY_VARIABLE}</dd>
 * <dt>{@code --class-path P}</dt><dd>jars and directories of the tasks' classes (the
 *     program's), separated by {@code File.pathSeparator}</dd>
 * </dl>
 *
 * <p>The member runs until it is stopped. SIGTERM or Ctrl-C make it leave gracefully: it first
 * hands the data it holds to the members that stay (up to {@value HazelcastConfigs#GRACEFUL_SECONDS}
 * seconds), so members stopped together lose nothing as long as one stays; {@code kill -9} (or a
 * crash) ends it at once, and the others promote the backups of its data (one member at a time is
 * survived). It prints one line when it has joined.
 */
public final class ClusterMember {

    private ClusterMember() {
    }

    /**
     * Starts a member as the arguments say; see the class comment. Exits with 2, saying why, on
     * bad arguments, a key file it cannot read, or no key.
     */
    public static void main(String[] args) {
        MemberSettings settings;
        try {
            settings = MemberSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("multiprocessing4j member: " + e.getMessage());
            System.err.println("usage: --join host[:port],... [--port N] [--interface ip] [--cluster name] [--workers N]"
                    + " [--quorum N] [--key-file F] [--class-path P]");
            System.exit(2);
            return;
        }
        HazelcastInstance member = start(settings);
        System.out.println("multiprocessing4j member " + member.getCluster().getLocalMember().getAddress()
                + " of cluster '" + member.getConfig().getClusterName() + "': "
                + member.getCluster().getMembers().size() + " member(s), "
                + ClusterSite.workersOf(member.getCluster().getLocalMember()) + " worker(s) here");
    }

    /** Starts a member in this JVM as {@code settings} say and returns it. */
    static HazelcastInstance start(MemberSettings settings) {
        Sealer sealer = new Sealer(settings.key());
        MemberSlots slots = new MemberSlots();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings));
        ClusterContext context = new ClusterContext(settings.name(), member, sealer, settings.userClasses(), slots);
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
}
