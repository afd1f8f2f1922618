package org.multiprocessing4j.managers;

import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Behind a proxy of a served object through its exposed interface: each method of the interface
 * runs in the server (the object may override a default one, as an iterator does
 * {@code remove}), except a default method taking a function ({@code @FunctionalInterface}
 * parameter), which runs here on top of the remote ones, so that
 * {@code Iterator.forEachRemaining} takes a plain lambda and calls it here; {@code equals} and {@code hashCode}
 * compare tokens (two proxies are equal when they name the same object); {@code toString} is
 * the object's own, from the server.
 *
 * <p>Thread-safe: each calling thread has its own connection.
 */
final class ProxyHandler implements InvocationHandler, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final String TO_STRING = "toString()";

    private final transient ManagerClient client;
    private final Token token;

    ProxyHandler(ManagerClient client, Token token) {
        this.client = client;
        this.token = token;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> args[0] != null && Proxy.isProxyClass(args[0].getClass())
                        && Proxy.getInvocationHandler(args[0]) instanceof ProxyHandler other && other.token.equals(token);
                case "hashCode" -> token.hashCode();
                default -> client.call(token, TO_STRING, null, false);
            };
        }
        if (method.isDefault() && takesFunction(method)) return InvocationHandler.invokeDefault(proxy, method, args);
        boolean interruptible = false;
        for (Class<?> thrown : method.getExceptionTypes()) {
            if (thrown.isAssignableFrom(InterruptedException.class)) interruptible = true;
        }
        return client.call(token, ExposedMethods.signature(method), args, interruptible);
    }

    private static boolean takesFunction(Method method) {
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
