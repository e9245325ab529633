package io.tetherdb.document;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map over an encoded document that decodes each field's value on its first read.
 * Field names are indexed on first access; values stay encoded until asked for. Not thread-safe.
 */
final class LazyDocument extends AbstractMap<String, Object> {

    private static final Object UNREAD = new Object();

    private final byte[] bytes;
    private String[] names;
    private int[] offsets;
    private Object[] values;

    LazyDocument(byte[] bytes) {
        this.bytes = bytes;
    }

    private void index() {
        if (names != null) {
            return;
        }
        ByteReader in = new ByteReader(bytes, 0, bytes.length);
        int count = in.readVarint();
        String[] n = new String[count];
        int[] o = new int[count];
        for (int i = 0; i < count; i++) {
            n[i] = in.readString();
            o[i] = in.position();
            DocumentCodec.skipValue(in);
        }
        Object[] v = new Object[count];
        java.util.Arrays.fill(v, UNREAD);
        names = n;
        offsets = o;
        values = v;
    }

    private int find(Object key) {
        index();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private Object valueAt(int i) {
        Object v = values[i];
        if (v == UNREAD) {
            v = DocumentCodec.readValue(new ByteReader(bytes, offsets[i], bytes.length));
            values[i] = v;
        }
        return v;
    }

    @Override
    public Object get(Object key) {
        int i = find(key);
        return i < 0 ? null : valueAt(i);
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public int size() {
        index();
        return names.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        index();
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], valueAt(i));
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }
}
