package org.multiprocessing4j.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;

/**
 * The Hazelcast configurations of a member and of a program's client: TCP/IP join to the given
 * addresses (no multicast, no cloud discovery), no phoning home, this library's serialization,
 * and failure detection fast enough for a pool to re-run a dead member's tasks within seconds.
 */
final class HazelcastConfigs {

    /** The executor on each member that runs pool workers' messages. */
    static final String POOL_EXECUTOR = "mp4j-pool";
    /** Member attributes: how many pool workers it runs at once, and its process id. */
    static final String WORKERS_ATTRIBUTE = "mp4j.workers", PID_ATTRIBUTE = "mp4j.pid";
    /** More threads than workers: a worker's task may block on a queue another worker's fills. */
    private static final int POOL_EXECUTOR_THREADS = 256;

    private HazelcastConfigs() {
    }

    /**
     * A member of cluster {@code name} that joins {@code join} (host:port each), listening on
     * {@code port} (or the next free one) and, if {@code bindInterface} is not null, only on that
     * address.
     */
    static Config member(String name, List<String> join, String bindInterface, int port, int workers, ClassLoader userClasses) {
        Config config = new Config();
        config.setClusterName(name);
        config.setClassLoader(userClasses);
        common(config.getProperties());
        // A member that dies is removed within seconds (the defaults wait a minute), so its tasks run elsewhere soon.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        if (bindInterface != null) {
            network.getInterfaces().setEnabled(true).addInterface(bindInterface);
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig joinConfig = network.getJoin();
        joinConfig.getMulticastConfig().setEnabled(false);
        joinConfig.getAutoDetectionConfig().setEnabled(false);
        joinConfig.getTcpIpConfig().setEnabled(true).setMembers(join);
        config.getMemberAttributeConfig()
                .setAttribute(WORKERS_ATTRIBUTE, Integer.toString(workers))
                .setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
        config.getExecutorConfig(POOL_EXECUTOR).setPoolSize(POOL_EXECUTOR_THREADS);
        ClusterSerialization.configure(config.getSerializationConfig());
        return config;
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
