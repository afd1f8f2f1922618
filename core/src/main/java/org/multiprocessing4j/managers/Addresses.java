package org.multiprocessing4j.managers;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * A manager's address as a string that travels inside tokens ({@link UnixDomainSocketAddress} is
 * not serializable): {@code unix:/path} or {@code tcp:host:port}.
 */
final class Addresses {

    private Addresses() {
    }

    static String format(SocketAddress address) {
        return switch (address) {
            case UnixDomainSocketAddress unix -> "unix:" + unix.getPath();
            case InetSocketAddress inet -> "tcp:" + inet.getHostString() + ":" + inet.getPort();
            default -> throw new IllegalArgumentException("unsupported address type " + address.getClass().getName());
        };
    }

    static SocketAddress parse(String address) {
        if (address.startsWith("unix:")) return UnixDomainSocketAddress.of(address.substring(5));
        if (address.startsWith("tcp:")) {
            int colon = address.lastIndexOf(':');
            return new InetSocketAddress(address.substring(4, colon), Integer.parseInt(address.substring(colon + 1)));
        }
        throw new IllegalArgumentException("not a manager address: " + address);
    }
}
