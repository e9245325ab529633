package io.tetherdb.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeyEncoder;
import org.h2.mvstore.MVMap;

/**
 * One secondary index of a collection: its definition and its MVStore map from key (encoded
 * values, then the document id) to the document id. Thread-safe: the map is concurrent and the
 * multikey flag only ever turns on, under the write lock.
 */
final class IndexMap {

    /** Field of an index's metadata that holds the version of its key encoding. */
    static final String KEY_FORMAT_FIELD = "keys";

    final IndexDefinition definition;
    final MVMap<byte[], byte[]> map;
    final String metaKey;
    volatile boolean multikey;

    IndexMap(IndexDefinition definition, MVMap<byte[], byte[]> map, String metaKey, boolean multikey) {
        this.definition = definition;
        this.map = map;
        this.metaKey = metaKey;
        this.multikey = multikey;
    }

    static byte[] entryKey(byte[] prefix, byte[] id) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + id.length);
        System.arraycopy(id, 0, key, prefix.length, id.length);
        return key;
    }

    static byte[] idBytes(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    static String id(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** @return a key's field values as JSON, such as {@code {"email":"a@x.io"}}, for error messages */
    static String describeKey(IndexDefinition definition, List<Object> values) {
        Document key = new Document();
        for (int i = 0; i < definition.fields().size(); i++) {
            key.put(definition.fields().get(i).path().toString(), values.get(i));
        }
        return key.toJson();
    }

    /** @return the first key of the map that starts with the prefix, or null if there is none */
    static byte[] firstKeyWithPrefix(MVMap<byte[], byte[]> map, byte[] prefix) {
        byte[] key = map.ceilingKey(prefix);
        return key != null && startsWith(key, prefix) ? key : null;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** @return the index's metadata entry: its map, definition, multikey flag and key format */
    String metadata() {
        return new Document().append("map", map.getName()).append("definition", definition.toDocument())
                .append("multikey", multikey).append(KEY_FORMAT_FIELD, IndexKeyEncoder.KEY_FORMAT).toJson();
    }
}
