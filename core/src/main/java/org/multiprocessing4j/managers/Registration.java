package org.multiprocessing4j.managers;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.multiprocessing4j.SerializableFunction;

/**
 * A type a manager's server can create: CPython's {@code BaseManager.register(typeid, callable,
 * exposed)}. Travels to the server process with the manager.
 *
 * @param typeid  the name clients create it by
 * @param factory makes a new object from the arguments of the client's call, in the server
 * @param exposed the interface through which clients call it; nothing else of the object is callable
 */
public record Registration(String typeid, SerializableFunction<Object[], ?> factory, Class<?> exposed)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if {@code exposed} is not an interface or the typeid is blank
     */
    public Registration {
        Objects.requireNonNull(typeid, "typeid");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(exposed, "exposed");
        if (typeid.isBlank()) throw new IllegalArgumentException("a typeid cannot be blank");
        if (!exposed.isInterface()) {
            throw new IllegalArgumentException("exposed must be an interface, and " + exposed.getName()
                    + " is a class: proxies implement the interface, so only its methods can be called");
        }
    }
}
