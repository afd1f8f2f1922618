package org.multiprocessing4j.managers;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.shm.Transfers;

/**
 * The form in which a proxy travels: its token, and what to rebuild around it on arrival. The
 * receiving process reaches the server with its own authentication key (a child inherits its
 * parent's); only when the proxy is captured by a child being started (over the child's private
 * bootstrap channel) does the key travel with it, as in CPython.
 *
 * @param token      the object
 * @param authkey    the key to reach its server with, or null for the receiving process's own
 * @param shape      {@link #LIST}, {@link #DICT}, {@link #DYNAMIC} or {@link #HANDLER}
 * @param referenced true if the writer took a reference in the receiver's name, which the
 *                   receiver adopts; false if the receiver must take its own
 */
record ProxyForm(Token token, byte[] authkey, byte shape, boolean referenced) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** What to rebuild: a list proxy, a dict proxy, a {@code java.lang.reflect.Proxy} of the exposed interface, or just its handler. */
    static final byte LIST = 1, DICT = 2, DYNAMIC = 3, HANDLER = 4;

    /** The form in which {@code client}'s proxy of {@code token} leaves this process. */
    static ProxyForm of(ManagerClient client, Token token, byte shape) {
        boolean referenced = Server.referenceForReceiver(token);
        return new ProxyForm(token, Transfers.isRecording() ? client.authkey() : null, shape, referenced);
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        try {
            ManagerClient receiving = ManagerClient.receiving(token.address());
            ManagerClient client = receiving != null ? receiving : ManagerClient.of(token.address(), authkey);
            Token here = client.localize(token);
            if (!referenced) client.incref(here);
            return client.proxy(here, shape);
        } catch (Exception e) {
            InvalidObjectException failure = new InvalidObjectException("cannot rebuild a proxy of the manager's '"
                    + token.typeid() + "' at " + token.address() + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
