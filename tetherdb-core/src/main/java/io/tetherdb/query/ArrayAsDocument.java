package io.tetherdb.query;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only view of an array as the document MongoDB sees in its place where a document is
 * expected (as BSON stores it): the elements under the field names {@code "0"}, {@code "1"}, ...
 * in order. An object {@code $elemMatch} applies its filter to array elements this way, so
 * {@code {$elemMatch: {'0': 123}}} matches {@code [[123]]}. Thread-safe if the array is not
 * modified.
 */
final class ArrayAsDocument extends AbstractMap<String, Object> {

    private final List<?> array;

    ArrayAsDocument(List<?> array) {
        this.array = array;
    }

    private int index(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        // BSON names the elements "0", "1", ...: "01" or "+1" is no element's name
        if (name.isEmpty() || name.length() > 9 || (name.length() > 1 && name.charAt(0) == '0')) {
            return -1;
        }
        int position = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            position = position * 10 + (c - '0');
        }
        return position < array.size() ? position : -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return index(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = index(key);
        return i < 0 ? null : array.get(i);
    }

    @Override
    public int size() {
        return array.size();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < array.size();
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(String.valueOf(i), array.get(i));
                    }
                };
            }

            @Override
            public int size() {
                return array.size();
            }
        };
    }
}
