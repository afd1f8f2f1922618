package org.multiprocessing4j.serialize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.multiprocessing4j.SerializationException;

/**
 * The default {@link Serializer}: a one-byte tag, then either a compact form for the values
 * sent most ({@code null}, boxed primitives, {@code String}, {@code byte[]}) or a Java
 * serialization stream for everything else.
 *
 * <p>Deserialization runs under a filter: the JVM-wide one ({@code jdk.serialFilter}) if set,
 * merged with this library's, which is the pattern in system property
 * {@value #FILTER_PROPERTY} (default {@value #DEFAULT_FILTER}). Classes resolve through the
 * thread's context class loader first, so frameworks with their own loaders work.
 *
 * <p>Stateless and thread-safe.
 */
public final class TaggedSerializer implements Serializer {

    /** System property holding an {@link ObjectInputFilter} pattern applied to every object read. */
    public static final String FILTER_PROPERTY = "multiprocessing4j.serialFilter";
    /** Limits that stop a malformed stream from exhausting the stack, classes unrestricted. */
    public static final String DEFAULT_FILTER = "maxdepth=2000";

    static final TaggedSerializer INSTANCE = new TaggedSerializer();

    private static final byte NULL = 0, INT = 1, LONG = 2, DOUBLE = 3, BOOLEAN = 4, STRING = 5, BYTES = 6,
            JAVA = 0x7F;

    // Big-endian views of byte arrays: no ByteBuffer per value on the hot path.
    private static final VarHandle INT_AT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_AT = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private final ObjectInputFilter filter;

    private TaggedSerializer() {
        ObjectInputFilter own = ObjectInputFilter.Config.createFilter(
                System.getProperty(FILTER_PROPERTY, DEFAULT_FILTER));
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        this.filter = jvmWide == null ? own : ObjectInputFilter.merge(jvmWide, own);
    }

    @Override
    public byte[] serialize(Object value) {
        return switch (value) {
            case null -> new byte[] {NULL};
            case Integer i -> {
                byte[] out = {INT, 0, 0, 0, 0};
                INT_AT.set(out, 1, i);
                yield out;
            }
            case Long l -> {
                byte[] out = {LONG, 0, 0, 0, 0, 0, 0, 0, 0};
                LONG_AT.set(out, 1, l);
                yield out;
            }
            case Double d -> {
                byte[] out = {DOUBLE, 0, 0, 0, 0, 0, 0, 0, 0};
                DOUBLE_AT.set(out, 1, d);
                yield out;
            }
            case Boolean b -> new byte[] {BOOLEAN, (byte) (b ? 1 : 0)};
            case String s -> tagged(STRING, s.getBytes(StandardCharsets.UTF_8));
            case byte[] bytes -> tagged(BYTES, bytes);
            default -> javaSerialize(value);
        };
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static byte[] javaSerialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(JAVA);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new SerializationException(describe(e.getMessage(), value), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + value.getClass().getName() + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    private static String describe(String culprit, Object root) {
        String what = "cannot serialize " + root.getClass().getName() + ": " + culprit;
        // The JDK's message is the culprit's class name; a class that refuses to travel says why instead.
        if (culprit == null || culprit.indexOf(' ') < 0) what += " does not implement java.io.Serializable";
        if (culprit != null && culprit.contains("$$Lambda")) {
            what += " (a lambda is serializable only when its target type is, e.g. SerializableRunnable;"
                    + " a lambda captures 'this' when it uses an instance member)";
        }
        return what;
    }

    @Override
    public Object deserialize(byte[] bytes, int offset, int length) throws IOException {
        if (length < 1) throw new StreamCorruptedException("empty message");
        byte tag = bytes[offset];
        int needed = switch (tag) {
            case INT -> 5;
            case LONG, DOUBLE -> 9;
            case BOOLEAN -> 2;
            default -> 1;
        };
        if (length < needed) throw new StreamCorruptedException("truncated message with tag " + tag);
        return switch (tag) {
            case NULL -> null;
            case INT -> (int) INT_AT.get(bytes, offset + 1);
            case LONG -> (long) LONG_AT.get(bytes, offset + 1);
            case DOUBLE -> (double) DOUBLE_AT.get(bytes, offset + 1);
            case BOOLEAN -> bytes[offset + 1] != 0;
            case STRING -> new String(bytes, offset + 1, length - 1, StandardCharsets.UTF_8);
            case BYTES -> Arrays.copyOfRange(bytes, offset + 1, offset + length);
            case JAVA -> javaDeserialize(bytes, offset + 1, length - 1);
            default -> throw new StreamCorruptedException("unknown message tag " + bytes[offset]);
        };
    }

    private Object javaDeserialize(byte[] bytes, int offset, int length) throws IOException {
        try (ObjectInputStream in = new ContextLoaderObjectInputStream(new ByteArrayInputStream(bytes, offset, length))) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException(e.getMessage(), "class not found in this process: " + e.getMessage());
        }
    }

    /** Resolves classes through the thread's context class loader, then the default way. */
    private static final class ContextLoaderObjectInputStream extends ObjectInputStream {

        ContextLoaderObjectInputStream(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall through to the default resolution (primitives, the caller's loader)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
