package org.multiprocessing4j.managers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.sync.BarrierOps;
import org.multiprocessing4j.sync.ConditionOps;
import org.multiprocessing4j.sync.EventOps;
import org.multiprocessing4j.sync.HeapBarrier;
import org.multiprocessing4j.sync.HeapCondition;
import org.multiprocessing4j.sync.HeapEvent;
import org.multiprocessing4j.sync.HeapLock;
import org.multiprocessing4j.sync.HeapQueue;
import org.multiprocessing4j.sync.HeapRLock;
import org.multiprocessing4j.sync.HeapSemaphore;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.QueueOps;
import org.multiprocessing4j.sync.SemaphoreOps;

/**
 * The types every manager's server can create, by the typeids of CPython's {@code SyncManager}:
 * the containers here and the synchronization primitives of {@code org.multiprocessing4j.sync}.
 */
public final class Builtins {

    /** The typeids, as CPython's. */
    public static final String LIST = "list", DICT = "dict", NAMESPACE = "Namespace", VALUE = "Value", ARRAY = "Array",
            LOCK = "Lock", RLOCK = "RLock", SEMAPHORE = "Semaphore", BOUNDED_SEMAPHORE = "BoundedSemaphore",
            EVENT = "Event", CONDITION = "Condition", BARRIER = "Barrier", QUEUE = "Queue",
            JOINABLE_QUEUE = "JoinableQueue";

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
                        List.class),
                new Registration(LOCK, args -> new HeapLock(), LockOps.class),
                new Registration(RLOCK, args -> new HeapRLock(), LockOps.class),
                new Registration(SEMAPHORE, args -> new HeapSemaphore((Integer) args[0], false), SemaphoreOps.class),
                new Registration(BOUNDED_SEMAPHORE, args -> new HeapSemaphore((Integer) args[0], true),
                        SemaphoreOps.class),
                new Registration(EVENT, args -> new HeapEvent(), EventOps.class),
                new Registration(CONDITION, args -> new HeapCondition(), ConditionOps.class),
                new Registration(BARRIER, args -> new HeapBarrier((Integer) args[0], (SerializableRunnable) args[1],
                        (Long) args[2]), BarrierOps.class),
                new Registration(QUEUE, args -> new HeapQueue(Math.max(0, (Integer) args[0]), false), QueueOps.class),
                new Registration(JOINABLE_QUEUE, args -> new HeapQueue(Math.max(0, (Integer) args[0]), true),
                        QueueOps.class));
    }
}
