package org.multiprocessing4j.managers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.Manager;

/**
 * The types every manager's server can create, by the typeids of CPython's {@code SyncManager}:
 * the containers here and the synchronization primitives of {@code org.multiprocessing4j.sync}.
 */
final class Builtins {

    static final String LIST = "list", DICT = "dict", NAMESPACE = "Namespace", VALUE = "Value", ARRAY = "Array";

    private Builtins() {
    }

    /** The built-in typeids. */
    static List<String> typeids() {
        return registrations().stream().map(Registration::typeid).toList();
    }

    /** The built-in registrations; a user's registration may not reuse these typeids. */
    static List<Registration> registrations() {
        return List.of(
                new Registration(LIST, args -> Collections.synchronizedList(
                        args.length == 0 ? new ArrayList<>() : new ArrayList<>((Collection<?>) args[0])), List.class),
                new Registration(DICT, args -> new SharedDict<>(args.length == 0 ? Map.of() : (Map<?, ?>) args[0]),
                        DictOps.class),
                new Registration(NAMESPACE, args -> new SharedNamespace(), Manager.Namespace.class),
                new Registration(VALUE, args -> new SharedValue<>(args[0]), Manager.ValueProxy.class),
                new Registration(ARRAY, args -> Collections.synchronizedList(Arrays.asList((Object[]) args[0])),
                        List.class));
    }
}
