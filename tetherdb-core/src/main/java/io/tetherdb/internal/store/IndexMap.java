package io.tetherdb.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.tetherdb.index.IndexDefinition;
import org.h2.mvstore.MVMap;

/**
 * One secondary index of a collection: its definition and its MVStore map from key (encoded
 * values, then the document id) to the document id. Thread-safe: the map is concurrent and the
 * multikey flag only ever turns on, under the write lock.
 */
final class IndexMap {

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
}
