package org.multiprocessing4j.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import java.util.List;

/**
 * The Hazelcast configurations of a member and of a program's client: TCP/IP join to the given
 * addresses (no multicast, no cloud discovery), no phoning home, this library's serialization,
 * failure detection fast enough for a pool to re-run a dead member's tasks within seconds, and,
 * with a quorum, split-brain protection of every queue, map and list this library makes.
 */
final class HazelcastConfigs {

    /** The executor on each member that runs pool workers' messages. */
    static final String POOL_EXECUTOR = "mp4j-pool";
    /** Member attributes: how many pool workers it offers, its process id, and its {@code --quorum} (if given). */
    static final String WORKERS_ATTRIBUTE = "mp4j.workers", PID_ATTRIBUTE = "mp4j.pid", QUORUM_ATTRIBUTE = "mp4j.quorum";
    /** The names of every queue, map and list this library makes. */
    static final String DATA_PATTERN = "mp4j.*";
    /** How long a member stopped by SIGTERM may take to hand its data over. */
    static final int GRACEFUL_SECONDS = 60;
    /** The split-brain protection of members started with {@code --quorum}. */
    static final String SPLIT_BRAIN_PROTECTION = "mp4j-quorum";
    /** More threads than workers: a worker's task may block on a queue another worker's fills. */
    private static final int POOL_EXECUTOR_THREADS = 256;

    private HazelcastConfigs() {
    }

    /** A member as {@code settings} say: see {@link ClusterMember} for each setting. */
    static Config member(MemberSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.name());
        config.setClassLoader(settings.userClasses());
        common(config.getProperties());
        // A member that dies is removed within seconds (the defaults wait a minute), so its tasks run elsewhere soon.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // SIGTERM and Ctrl-C hand the member's data over before it leaves (Hazelcast's default drops it).
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", Integer.toString(GRACEFUL_SECONDS));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(true);
        if (settings.bindInterface() != null) {
            network.getInterfaces().setEnabled(true).addInterface(settings.bindInterface());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig joinConfig = network.getJoin();
        joinConfig.getMulticastConfig().setEnabled(false);
        joinConfig.getAutoDetectionConfig().setEnabled(false);
        joinConfig.getTcpIpConfig().setEnabled(true).setMembers(settings.join());
        config.getMemberAttributeConfig()
                .setAttribute(WORKERS_ATTRIBUTE, Integer.toString(settings.workers()))
                .setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
        if (settings.quorum() > 0) {
            config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true, settings.quorum()));
            config.addMapConfig(new MapConfig(DATA_PATTERN).setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION));
            config.addQueueConfig(new QueueConfig(DATA_PATTERN).setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION));
            config.addListConfig(new ListConfig(DATA_PATTERN).setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION));
            config.getMemberAttributeConfig().setAttribute(QUORUM_ATTRIBUTE, Integer.toString(settings.quorum()));
        }
        config.getExecutorConfig(POOL_EXECUTOR).setPoolSize(POOL_EXECUTOR_THREADS);
        ClusterSerialization.configure(config.getSerializationConfig());
        return config;
    }

    /**
     * The configuration of queue {@code hazelcastName} (bounded to {@code maxSize}; 0: unbounded),
     * added on the members when a queue is first made: with the members' split-brain protection,
     * as the pattern's configuration they have (an exact name's configuration replaces it).
     */
    static QueueConfig queue(ClusterContext context, String hazelcastName, int maxSize) {
        QueueConfig config = new QueueConfig(hazelcastName).setMaxSize(maxSize);
        boolean protectedData = ClusterSite.workerMembers(context).stream().anyMatch(m -> m.getAttribute(QUORUM_ATTRIBUTE) != null);
        return protectedData ? config.setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION) : config;
    }

    /** A client of cluster {@code name} reaching it through {@code addresses}, trying for {@code connectMillis}. */
    static ClientConfig client(String name, List<String> addresses, long connectMillis) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(name);
        common(config.getProperties());
        // A member cut off (not crashed) is given up after 10 s, not the default minute: its workers' tasks then run elsewhere.
        config.setProperty("hazelcast.client.heartbeat.interval", "1000");
        config.setProperty("hazelcast.client.heartbeat.timeout", "10000");
        config.getNetworkConfig().setAddresses(addresses);
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(connectMillis);
        ClusterSerialization.configure(config.getSerializationConfig());
        return config;
    }

    private static void common(java.util.Properties properties) {
        properties.setProperty("hazelcast.phone.home.enabled", "false");
        properties.setProperty("hazelcast.logging.type", "jdk");
    }
}
