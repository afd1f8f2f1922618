package org.multiprocessing4j.managers;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Spliterator;
import java.util.stream.BaseStream;
import org.multiprocessing4j.SerializationException;

/**
 * Behind a proxy of a served object through its exposed interface: each method of the interface
 * runs in the server (the object may override a default one, as an iterator does
 * {@code remove}), except a default method taking a function ({@code @FunctionalInterface}
 * parameter), which runs here on top of the remote ones, so that
 * {@code Iterator.forEachRemaining} takes a plain lambda and calls it here, or returning a stream
 * or spliterator (built here on the remote iterator). Two proxies of the same object are equal;
 * beyond that, {@code equals} and {@code hashCode} are the object's own (from the server) when
 * the interface redeclares them (a {@code List}, {@code Set}, {@code Map}), else identity of the
 * object; {@code toString} is the object's own, from the server.
 *
 * <p>Thread-safe: each calling thread has its own connection.
 */
final class ProxyHandler implements InvocationHandler, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final String TO_STRING = "toString()", HASH_CODE = "hashCode()",
            EQUALS = "equals(Ljava/lang/Object;)";

    private final transient ManagerClient client;
    private final Token token;

    ProxyHandler(ManagerClient client, Token token) {
        this.client = client;
        this.token = token;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            boolean byValue = declaresObjectMethod(proxy, method); // List, Set, Map: equal by content
            return switch (method.getName()) {
                case "equals" -> sameObject(args[0]) || byValue && equalInServer(args[0]);
                case "hashCode" -> byValue ? client.call(token, HASH_CODE, null, false) : token.hashCode();
                default -> client.call(token, TO_STRING, null, false);
            };
        }
        if (method.isDefault() && runsHere(method)) return InvocationHandler.invokeDefault(proxy, method, args);
        ExposedMethods.Call call = ExposedMethods.call(method);
        return client.call(token, call.signature(), args, call.interruptible());
    }

    private boolean sameObject(Object other) {
        return other != null && Proxy.isProxyClass(other.getClass())
                && Proxy.getInvocationHandler(other) instanceof ProxyHandler h && h.token.equals(token);
    }

    private boolean equalInServer(Object other) throws Exception {
        try {
            return (Boolean) client.call(token, EQUALS, new Object[] {other}, false);
        } catch (SerializationException cannotTravel) {
            return false; // what cannot reach the server equals nothing there
        }
    }

    /** True if an interface of {@code proxy} redeclares this Object method (its contract then rules). */
    private static boolean declaresObjectMethod(Object proxy, Method method) {
        for (Class<?> type : proxy.getClass().getInterfaces()) {
            try {
                type.getMethod(method.getName(), method.getParameterTypes()); // an interface's lookup skips Object's
                return true;
            } catch (NoSuchMethodException notDeclared) {
                // next interface
            }
        }
        return false;
    }

    /**
     * Default methods that are conveniences over the abstract ones run here: those taking a
     * function, and those returning a stream or spliterator (views that cannot travel).
     */
    private static boolean runsHere(Method method) {
        Class<?> result = method.getReturnType();
        if (Spliterator.class.isAssignableFrom(result) || BaseStream.class.isAssignableFrom(result)) return true;
        for (Class<?> p : method.getParameterTypes()) {
            if (p.isAnnotationPresent(FunctionalInterface.class)) return true;
        }
        return false;
    }

    @Serial
    private Object writeReplace() {
        return ProxyForm.of(client, token, ProxyForm.HANDLER);
    }
}
