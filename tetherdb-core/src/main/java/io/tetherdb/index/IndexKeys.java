package io.tetherdb.index;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.InvalidDocumentException;

/**
 * The index keys of one document under one index, as MongoDB generates them: the value at each
 * field's path, with an array at or on the path contributing each of its elements (a multikey
 * index), a missing field or branch contributing null, and an empty array contributing itself
 * (MongoDB's {@code undefined} key), so that its document keeps its entries in a compound index.
 * A compound key combines its fields' values; at most one field may hold an array.
 *
 * @param prefixes the distinct encoded keys, without the document id
 * @param values the field values of each key, parallel to {@code prefixes}, for error messages
 * @param multikey whether an array was met on some indexed path
 * @param present whether at least one indexed field exists in the document (sparse indexes leave
 *        documents without any out)
 */
public record IndexKeys(List<byte[]> prefixes, List<List<Object>> values, boolean multikey, boolean present) {

    /**
     * @param index the index; not null
     * @param document the document; not null
     * @return the keys
     * @throws InvalidDocumentException if two indexed fields hold arrays (parallel arrays)
     */
    public static IndexKeys of(IndexDefinition index, Map<String, ?> document) {
        List<IndexDefinition.Field> fields = index.fields();
        List<List<Object>> valuesPerField = new ArrayList<>(fields.size());
        boolean multikey = false;
        boolean present = false;
        String arrayField = null;
        for (IndexDefinition.Field field : fields) {
            Collector collector = new Collector();
            collector.walk(document, field.path(), 0);
            valuesPerField.add(collector.values);
            present |= collector.present;
            if (collector.sawArray) {
                if (arrayField != null) {
                    throw new InvalidDocumentException("Cannot index parallel arrays: '" + arrayField + "' and '"
                            + field.path() + "' both hold arrays (index " + index.name() + ")");
                }
                arrayField = field.path().toString();
                multikey = true;
            }
        }
        Map<ByteKey, List<Object>> distinct = new LinkedHashMap<>();
        combine(fields, valuesPerField, 0, new byte[0], new ArrayList<>(), distinct);
        List<byte[]> prefixes = new ArrayList<>(distinct.size());
        for (ByteKey key : distinct.keySet()) {
            prefixes.add(key.bytes());
        }
        return new IndexKeys(prefixes, new ArrayList<>(distinct.values()), multikey, present);
    }

    private static void combine(List<IndexDefinition.Field> fields, List<List<Object>> values, int i,
            byte[] prefix, List<Object> tuple, Map<ByteKey, List<Object>> out) {
        if (i == fields.size()) {
            out.putIfAbsent(new ByteKey(prefix), java.util.Collections.unmodifiableList(new ArrayList<>(tuple)));
            return;
        }
        for (Object value : values.get(i)) {
            byte[] encoded = IndexKeyEncoder.encode(value, !fields.get(i).ascending());
            byte[] next = java.util.Arrays.copyOf(prefix, prefix.length + encoded.length);
            System.arraycopy(encoded, 0, next, prefix.length, encoded.length);
            tuple.add(value);
            combine(fields, values, i + 1, next, tuple, out);
            tuple.remove(tuple.size() - 1);
        }
    }

    /** A byte array with content equality, for de-duplicating keys. */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey other && java.util.Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }

    /** Follows a path through documents and arrays, collecting the values it leads to. */
    private static final class Collector {
        final List<Object> values = new ArrayList<>();
        boolean sawArray;
        boolean present;

        void walk(Object current, DocumentPath path, int index) {
            if (index == path.size()) {
                present = true;
                if (current instanceof Collection<?> array) {
                    sawArray = true;
                    if (array.isEmpty()) {
                        // With no key of its own the field left its document with no entry at all,
                        // and a find on another field of a compound index missed the document.
                        values.add(List.of());
                    }
                    for (Object element : array) {
                        values.add(element);
                    }
                } else {
                    values.add(current);
                }
                return;
            }
            String segment = path.segment(index);
            if (current instanceof Map<?, ?> map) {
                if (map.containsKey(segment)) {
                    walk(map.get(segment), path, index + 1);
                } else {
                    values.add(null);
                }
            } else if (current instanceof List<?> list) {
                sawArray = true;
                int position = path.arrayPosition(index);
                if (position >= 0) {
                    if (position < list.size()) {
                        walk(list.get(position), path, index + 1);
                    } else {
                        values.add(null);
                    }
                    return;
                }
                if (list.isEmpty()) {
                    values.add(null);
                }
                for (Object element : list) {
                    if (element instanceof Map<?, ?>) {
                        walk(element, path, index);
                    } else {
                        values.add(null);
                    }
                }
            } else {
                values.add(null);
            }
        }
    }
}
