package dev.streambus.compat.message;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A stream entry's fields in stored order, read-only: two arrays, no hash table. An entry has a handful of fields,
 * so a lookup is a short scan, and a reader decoding a reply builds it ({@link Builder}) without a node per field.
 * {@link MessageDecoder} copies it as arrays, and {@link ReceivedMessage#content()} keeps it without another copy.
 * Immutable once built, so safe to share between threads.
 */
public final class StoredFields extends AbstractMap<String, String> {

    private static final String[] NONE = new String[0];

    private final String[] names;
    private final String[] values;
    private final int size;

    private StoredFields(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    /** {@code fields} in their iteration order; itself when it already is a {@code StoredFields}. */
    public static StoredFields copyOf(Map<String, String> fields) {
        if (fields instanceof StoredFields own) {
            return own;
        }
        Builder copy = new Builder(fields.size());
        fields.forEach(copy::put);
        return copy.build();
    }

    /** These fields with {@code name} set to {@code value}: in place when present, appended last when absent. */
    public StoredFields with(String name, String value) {
        int i = indexOf(name);
        if (i >= 0) {
            String[] changed = Arrays.copyOf(values, size);
            changed[i] = value;
            return new StoredFields(names, changed, size);
        }
        String[] n = Arrays.copyOf(names, size + 1);
        String[] v = Arrays.copyOf(values, size + 1);
        n[size] = name;
        v[size] = value;
        return new StoredFields(n, v, size + 1);
    }

    private int indexOf(Object name) {
        return indexOf(names, size, name);
    }

    /** Where {@code name} is among the first {@code size} names, or -1: the one scan the fields and builder share. */
    private static int indexOf(String[] names, int size, Object name) {
        for (int i = 0; i < size; i++) {
            if (Objects.equals(names[i], name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(names[i], values[i]);
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Adds fields in order; {@link #build()} once, after which it takes no more. Not thread-safe. */
    public static final class Builder {
        private String[] names;
        private String[] values;
        private int size;
        private boolean built;

        /** @param expected how many fields there will probably be (it grows beyond) */
        public Builder(int expected) {
            int capacity = Math.max(0, expected);
            this.names = capacity == 0 ? NONE : new String[capacity];
            this.values = capacity == 0 ? NONE : new String[capacity];
        }

        /**
         * Adds {@code name} with {@code value} after the fields added so far; a name added before keeps its place
         * and takes the new value (PHP reads the last of a field stored twice).
         *
         * @return the value {@code name} had before, or null when it is new
         */
        public String put(String name, String value) {
            if (built) {
                throw new IllegalStateException("already built");
            }
            int i = indexOf(names, size, name);
            if (i >= 0) {
                String before = values[i];
                values[i] = value;
                return before;
            }
            if (size == names.length) {
                int capacity = Math.max(8, size * 2);
                names = Arrays.copyOf(names, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            names[size] = name;
            values[size] = value;
            size++;
            return null;
        }

        /** The fields added, in order. */
        public StoredFields build() {
            built = true;
            return new StoredFields(names, values, size);
        }
    }
}
