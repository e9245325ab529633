package io.tetherdb.document;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map over an encoded document that decodes a field only when it is read. A lookup by
 * name walks the encoded fields, comparing names as bytes and skipping values by their encoded
 * length, so a filter that reads one or two fields neither builds the other names nor decodes the
 * other values. Iterating the map decodes everything. Bytes that are not a valid encoding make the
 * method that reaches them throw {@link MalformedDocumentException}. Not thread-safe.
 */
final class LazyDocument extends AbstractMap<String, Object> {

    private static final int CACHED = 4;

    private final byte[] bytes;
    private final int start;
    /** The last values looked up, by field name, so that containsKey then get decodes once. */
    private final String[] cachedNames = new String[CACHED];
    private final Object[] cachedValues = new Object[CACHED];
    private final boolean[] cachedPresent = new boolean[CACHED];
    private int nextCacheSlot;
    private Document decoded;

    LazyDocument(byte[] bytes, int start) {
        this.bytes = bytes;
        this.start = start;
    }

    @Override
    public Object get(Object key) {
        int slot = lookup(key);
        return slot < 0 ? null : cachedValues[slot];
    }

    @Override
    public boolean containsKey(Object key) {
        int slot = lookup(key);
        return slot >= 0 && cachedPresent[slot];
    }

    /** @return the cache slot holding the key's value and presence, or -1 for a non-string key */
    private int lookup(Object key) {
        if (!(key instanceof String name)) {
            return -1;
        }
        for (int i = 0; i < CACHED; i++) {
            if (name.equals(cachedNames[i])) {
                return i;
            }
        }
        int offset = valueOffset(name);
        Object value = offset < 0 ? null : DocumentCodec.readValue(new ByteReader(bytes, offset, bytes.length), 1);
        // the slot is claimed only once the value decoded: a failed lookup must not leave the
        // name cached with another field's value
        int slot = nextCacheSlot;
        nextCacheSlot = (nextCacheSlot + 1) % CACHED;
        cachedNames[slot] = name;
        cachedPresent[slot] = offset >= 0;
        cachedValues[slot] = value;
        return slot;
    }

    /** @return the offset of the named field's value, or -1 if the document has no such field */
    private int valueOffset(String name) {
        ByteReader in = new ByteReader(bytes, start, bytes.length);
        int count = in.readVarint();
        for (int i = 0; i < count; i++) {
            int length = in.readVarint();
            int at = in.position();
            in.skip(length);
            if (nameEquals(at, length, name)) {
                return in.position();
            }
            DocumentCodec.skipValue(in);
        }
        return -1;
    }

    /** Compares UTF-8 bytes with a name without building a string, for ASCII names. */
    private boolean nameEquals(int at, int length, String name) {
        int n = name.length();
        if (length < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 0x80) {
                return new String(bytes, at, length, java.nio.charset.StandardCharsets.UTF_8).equals(name);
            }
            if (i >= length || bytes[at + i] != (byte) c) {
                return false;
            }
        }
        return length == n;
    }

    private Document decoded() {
        if (decoded == null) {
            ByteReader in = new ByteReader(bytes, start, bytes.length);
            Document document = DocumentCodec.readFields(in, 1);
            // as strict as DocumentCodec.decode, so that the view and a full decode agree
            if (in.position() != bytes.length) {
                throw new MalformedDocumentException("Trailing bytes after encoded document at byte " + in.position());
            }
            decoded = document;
        }
        return decoded;
    }

    @Override
    public int size() {
        return decoded().size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Document document = decoded();
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, Object>> fields = document.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return fields.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (!fields.hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = fields.next();
                        return new SimpleImmutableEntry<>(e.getKey(), e.getValue());
                    }
                };
            }

            @Override
            public int size() {
                return document.size();
            }
        };
    }

    /** @return the document decoded whole: a new, mutable document that this view no longer shares */
    Document toDocument() {
        Document document = decoded();
        decoded = null;
        return document;
    }

    @Override
    public String toString() {
        return "LazyDocument" + Arrays.toString(cachedNames);
    }
}
