package dev.streambus.benchmarks.bus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * A copy of {@link BenchEvent} whose {@code @StreamerEvent(name)} is this run's unique stream name.
 *
 * <p>Why: the publisher writes a typed event to the stream named by its annotation, and an annotation is fixed at
 * compile time. Two engineers running the benchmark at once must not share a stream, so we read
 * {@code BenchEvent.class}, overwrite the placeholder name in its constant pool with a name of the same length
 * (a same-length UTF-8 constant keeps the class file valid) and define that copy in a small class loader. The copy
 * is an ordinary record to Jackson, the publisher and {@code Listeners.on}.
 */
final class RunEventType {

    private final Class<?> type;
    private final Method sample;
    private final Method orderId;

    private RunEventType(Class<?> type) {
        this.type = type;
        try {
            this.sample = type.getMethod("sample", long.class);
            this.orderId = type.getMethod("orderId");
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param eventName the run's event (and stream) name; exactly as long as the placeholder */
    static RunEventType named(String eventName) {
        String placeholder = BenchEvent.NAME_PLACEHOLDER;
        if (eventName.length() != placeholder.length()) {
            throw new IllegalArgumentException("'" + eventName + "' must have " + placeholder.length() + " chars");
        }
        byte[] bytes = classFile(BenchEvent.class);
        byte[] from = placeholder.getBytes(StandardCharsets.UTF_8);
        byte[] to = eventName.getBytes(StandardCharsets.UTF_8);
        int replaced = 0;
        for (int at = indexOf(bytes, from, 0); at >= 0; at = indexOf(bytes, from, at + from.length)) {
            System.arraycopy(to, 0, bytes, at, to.length);
            replaced++;
        }
        if (replaced == 0) {
            throw new IllegalStateException("placeholder not found in BenchEvent.class");
        }
        return new RunEventType(new SingleClassLoader(BenchEvent.class, bytes).load());
    }

    Class<?> type() {
        return type;
    }

    /** {@link BenchEvent#sample(long)}, as an instance of the run's copy. */
    Object sample(long i) {
        try {
            return sample.invoke(null, i);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The i that {@link #sample(long)} made {@code event} from (read back from its order id). */
    long sequence(Object event) {
        try {
            String id = (String) orderId.invoke(event);
            return Long.parseLong(id.substring(id.indexOf('-') + 1));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] classFile(Class<?> c) {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IllegalStateException("class file of " + c.getName() + " not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Defines one class from given bytes; everything else comes from the parent. */
    private static final class SingleClassLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        SingleClassLoader(Class<?> original, byte[] bytes) {
            super("bench-run-event", original.getClassLoader());
            this.name = original.getName();
            this.bytes = bytes;
        }

        Class<?> load() {
            try {
                return loadClass(name);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> c = findLoadedClass(className);
                return c != null ? c : defineClass(className, bytes, 0, bytes.length);
            }
        }
    }
}
