package dev.streambus.compat.message;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * A message's {@code content}: its fields in stored order with one field set to a given value (in place when present,
 * appended last when absent), read-only. Built by {@link MessageDecoder} in one pass over the fields into two arrays
 * (no hash table: an entry has a handful of fields, looked up by a short scan), and kept by {@link ReceivedMessage}
 * without another copy.
 */
final class Content extends AbstractMap<String, String> {

    private final String[] keys;
    private final String[] values;

    private Content(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** {@code fields}, copied, with {@code key} set to {@code value}. */
    static Content of(Map<String, String> fields, String key, String value) {
        int n = fields.size();
        String[] k = new String[n + 1];
        String[] v = new String[n + 1];
        int i = 0;
        boolean set = false;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            k[i] = field.getKey();
            if (!set && Objects.equals(key, field.getKey())) {
                v[i] = value;
                set = true;
            } else {
                v[i] = field.getValue();
            }
            i++;
        }
        if (set) {
            return new Content(Arrays.copyOf(k, i), Arrays.copyOf(v, i));
        }
        k[i] = key;
        v[i] = value;
        return new Content(k, v);
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (Objects.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public int size() {
        return keys.length;
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
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
