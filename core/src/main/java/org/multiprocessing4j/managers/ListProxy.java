package org.multiprocessing4j.managers;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;

/**
 * A {@link List} whose elements live in a manager's server: every method this class implements
 * is one request, atomic in the server (bulk ones included: {@code addAll}, {@code sort},
 * {@code toString}, {@code toArray}). Iteration, sub-lists and {@code List}'s default methods
 * ({@code removeIf}, {@code replaceAll}) go element by element through {@link #get} and friends,
 * as CPython's list proxy does; copy it ({@code new ArrayList<>(proxy)}, one request) to
 * iterate a snapshot.
 *
 * <p>Thread-safe and process-safe; travels to other processes as a reference to the same list.
 *
 * @param <E> the type of the elements
 */
final class ListProxy<E> extends AbstractList<E> implements RandomAccess, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final String GET = ExposedMethods.signature(List.class, "get", int.class);
    private static final String SET = ExposedMethods.signature(List.class, "set", int.class, Object.class);
    private static final String ADD_AT = ExposedMethods.signature(List.class, "add", int.class, Object.class);
    private static final String ADD = ExposedMethods.signature(List.class, "add", Object.class);
    private static final String REMOVE_AT = ExposedMethods.signature(List.class, "remove", int.class);
    private static final String REMOVE = ExposedMethods.signature(List.class, "remove", Object.class);
    private static final String SIZE = ExposedMethods.signature(List.class, "size");
    private static final String CONTAINS = ExposedMethods.signature(List.class, "contains", Object.class);
    private static final String INDEX_OF = ExposedMethods.signature(List.class, "indexOf", Object.class);
    private static final String LAST_INDEX_OF = ExposedMethods.signature(List.class, "lastIndexOf", Object.class);
    private static final String CLEAR = ExposedMethods.signature(List.class, "clear");
    private static final String ADD_ALL = ExposedMethods.signature(List.class, "addAll", Collection.class);
    private static final String ADD_ALL_AT = ExposedMethods.signature(List.class, "addAll", int.class, Collection.class);
    private static final String REMOVE_ALL = ExposedMethods.signature(List.class, "removeAll", Collection.class);
    private static final String RETAIN_ALL = ExposedMethods.signature(List.class, "retainAll", Collection.class);
    private static final String CONTAINS_ALL = ExposedMethods.signature(List.class, "containsAll", Collection.class);
    private static final String TO_ARRAY = ExposedMethods.signature(List.class, "toArray");
    private static final String SORT = ExposedMethods.signature(List.class, "sort", Comparator.class);
    private static final String HASH_CODE = ExposedMethods.signature(List.class, "hashCode");
    private static final String TO_STRING = ExposedMethods.signature(List.class, "toString");

    private final transient ManagerClient client;
    private final Token token;

    ListProxy(ManagerClient client, Token token) {
        this.client = client;
        this.token = token;
    }

    private Object remote(String signature, Object... args) {
        return client.callUnchecked(token, signature, args);
    }

    /** A serializable copy to send as an argument (the caller's collection may be a view or a proxy). */
    private static ArrayList<Object> copy(Collection<?> c) {
        return new ArrayList<>(c);
    }

    @SuppressWarnings("unchecked")
    @Override
    public E get(int index) {
        return (E) remote(GET, index);
    }

    @SuppressWarnings("unchecked")
    @Override
    public E set(int index, E element) {
        return (E) remote(SET, index, element);
    }

    @Override
    public void add(int index, E element) {
        remote(ADD_AT, index, element);
    }

    @Override
    public boolean add(E element) {
        return (Boolean) remote(ADD, element);
    }

    @SuppressWarnings("unchecked")
    @Override
    public E remove(int index) {
        return (E) remote(REMOVE_AT, index);
    }

    @Override
    public boolean remove(Object o) {
        return (Boolean) remote(REMOVE, o);
    }

    @Override
    public int size() {
        return (Integer) remote(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean contains(Object o) {
        return (Boolean) remote(CONTAINS, o);
    }

    @Override
    public int indexOf(Object o) {
        return (Integer) remote(INDEX_OF, o);
    }

    @Override
    public int lastIndexOf(Object o) {
        return (Integer) remote(LAST_INDEX_OF, o);
    }

    @Override
    public void clear() {
        remote(CLEAR);
    }

    @Override
    public boolean addAll(Collection<? extends E> c) {
        return (Boolean) remote(ADD_ALL, copy(c));
    }

    @Override
    public boolean addAll(int index, Collection<? extends E> c) {
        return (Boolean) remote(ADD_ALL_AT, index, copy(c));
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        return (Boolean) remote(REMOVE_ALL, copy(c));
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        return (Boolean) remote(RETAIN_ALL, copy(c));
    }

    @Override
    public boolean containsAll(Collection<?> c) {
        return (Boolean) remote(CONTAINS_ALL, copy(c));
    }

    @Override
    public Object[] toArray() {
        return (Object[]) remote(TO_ARRAY);
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T[] toArray(T[] a) {
        Object[] all = toArray();
        T[] out = a.length >= all.length ? a
                : (T[]) java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), all.length);
        System.arraycopy(all, 0, out, 0, all.length);
        if (out.length > all.length) out[all.length] = null;
        return out;
    }

    /** Sorts in the server; {@code c} must be serializable, or null for the natural order. */
    @Override
    public void sort(Comparator<? super E> c) {
        remote(SORT, c);
    }

    /** Compares a snapshot of this list (one request) with {@code o}, here. */
    @Override
    public boolean equals(Object o) {
        if (o == this || o instanceof ListProxy<?> other && other.token.equals(token)) return true;
        return o instanceof List<?> && Arrays.asList(toArray()).equals(o);
    }

    @Override
    public int hashCode() {
        return (Integer) remote(HASH_CODE);
    }

    @Override
    public String toString() {
        return (String) remote(TO_STRING);
    }

    @Serial
    private Object writeReplace() {
        return ProxyForm.of(client, token, ProxyForm.LIST);
    }
}
