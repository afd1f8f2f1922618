package org.multiprocessing4j.cluster;

import com.hazelcast.collection.IList;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.Objects;

/**
 * A list shared by name on a cluster: an {@code IList<byte[]>} of sealed elements ({@code null}
 * allowed). Each method is one IList operation, atomic on the cluster; iteration, {@code indexOf}
 * and the like read element by element, so they may see others' changes part-way (copy the list
 * first, {@code new ArrayList<>(list)}, for a stable view). Index arguments out of range throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safe; travels (captured by a task) as the cluster's and the list's names.
 *
 * @param <E> the elements' type
 */
final class ClusterList<E> extends AbstractList<E> implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final String PREFIX = "mp4j.list.";

    private final ClusterRef ref;
    private final String name;

    ClusterList(ClusterContext context, String name) {
        this.ref = new ClusterRef(context);
        this.name = Objects.requireNonNull(name, "name");
    }

    private IList<byte[]> list() {
        return ref.hazelcast().getList(PREFIX + name);
    }

    @SuppressWarnings("unchecked")
    private E open(byte[] sealed) {
        return (E) ref.open(sealed, "an element of list '" + name + "'");
    }

    @Override
    public E get(int index) {
        return open(list().get(index));
    }

    @Override
    public int size() {
        return list().size();
    }

    @Override
    public boolean add(E element) {
        return list().add(ref.seal(element));
    }

    @Override
    public void add(int index, E element) {
        list().add(index, ref.seal(element));
    }

    @Override
    public E set(int index, E element) {
        return open(list().set(index, ref.seal(element)));
    }

    @Override
    public E remove(int index) {
        return open(list().remove(index));
    }

    @Override
    public void clear() {
        list().clear();
    }
}
