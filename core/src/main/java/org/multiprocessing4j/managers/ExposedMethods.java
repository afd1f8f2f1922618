package org.multiprocessing4j.managers;

import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which methods of a served object may be called: those of the interface it was registered with
 * (inherited ones included), and {@code toString}, {@code hashCode} and {@code equals}. A call
 * names its method by {@linkplain #signature signature}, so overloads stay apart and nothing but
 * a string crosses the wire. Anything else is refused by the server, whatever the object's class
 * has besides.
 *
 * <p>Thread-safe; lookups are cached per interface and per method.
 */
final class ExposedMethods {

    private static final ClassValue<Map<String, Method>> BY_INTERFACE = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> exposed) {
            Map<String, Method> methods = new HashMap<>();
            for (Method m : exposed.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) methods.putIfAbsent(signature(m), accessible(m));
            }
            for (String name : new String[] {"toString", "hashCode", "equals"}) {
                Method m = objectMethod(name);
                methods.putIfAbsent(signature(m), m);
            }
            return Map.copyOf(methods);
        }
    };
    /** What a client needs of each interface method it calls, worked out once per method. */
    private static final Map<Method, Call> CALLS = new ConcurrentHashMap<>();

    private ExposedMethods() {
    }

    /** {@code name(descriptors)}, e.g. {@code put(Ljava/lang/Object;Ljava/lang/Object;)}. */
    static String signature(Method m) {
        return call(m).signature();
    }

    /** The signature of {@code m}, and whether its caller may be interrupted out of it. */
    static Call call(Method m) {
        return CALLS.computeIfAbsent(m, method -> {
            String descriptor = MethodType.methodType(void.class, method.getParameterTypes()).toMethodDescriptorString();
            boolean interruptible = false;
            for (Class<?> thrown : method.getExceptionTypes()) {
                if (thrown.isAssignableFrom(InterruptedException.class)) interruptible = true;
            }
            return new Call(method.getName() + descriptor.substring(0, descriptor.length() - 1), interruptible);
        });
    }

    /**
     * A method as a call: its signature on the wire, and whether it declares
     * {@link InterruptedException} (then an interrupt cancels it in the server).
     */
    record Call(String signature, boolean interruptible) {
    }

    /** The signature of {@code type}'s method {@code name(params)} (an Object method for an interface too), which must exist. */
    static String signature(Class<?> type, String name, Class<?>... params) {
        try {
            return signature(type.getMethod(name, params));
        } catch (NoSuchMethodException notInType) {
            try {
                return signature(Object.class.getMethod(name, params));
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The method of {@code exposed} with this signature, or null if it is not exposed. */
    static Method lookup(Class<?> exposed, String signature) {
        return BY_INTERFACE.get(exposed).get(signature);
    }

    private static Method accessible(Method m) {
        // A user's interface may be package-private; it is on the class path, so this is allowed.
        m.trySetAccessible();
        return m;
    }

    private static Method objectMethod(String name) {
        try {
            return name.equals("equals") ? Object.class.getMethod(name, Object.class) : Object.class.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
