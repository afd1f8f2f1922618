package org.multiprocessing4j.managers;

import java.io.Serial;
import java.io.Serializable;

/**
 * Names one object served by one manager: what a proxy is, stripped of its connection.
 *
 * @param address the server's address, as {@link Addresses#format} writes it
 * @param id      the object's id in that server, never reused while the server runs
 * @param typeid  the name the object was created under ({@code "list"}, a registered name, ...)
 * @param exposed the name of the interface through which it may be called
 */
public record Token(String address, long id, String typeid, String exposed) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
}
