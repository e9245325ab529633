package io.tetherdb.internal.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.index.IndexDefinition;

/**
 * The index keys of one document under one index, as MongoDB generates them: the value at each
 * field's path, with an array at or on the path contributing each of its elements (a multikey
 * index), a missing field or branch contributing null, and an empty array contributing itself
 * (MongoDB's {@code undefined} key), so that its document keeps its entries in a compound index.
 * An element selected by an array position at the end of the path ({@code a.0}) is one key, whole,
 * as the matcher compares it.
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
        if (fields.size() == 1 && fields.get(0).path().size() == 1) {
            // the common case, one top-level field holding one value, without the general walk
            // (index builds spend most of their time here); null and arrays take the general path
            IndexDefinition.Field field = fields.get(0);
            Object value = document.get(field.path().segment(0));
            if (value != null && !(value instanceof Collection)) {
                return new IndexKeys(List.of(IndexKeyEncoder.encode(value, !field.ascending())),
                        List.of(Collections.singletonList(value)), false, true);
            }
        }
        List<List<Object>> valuesPerField = new ArrayList<>(fields.size());
        boolean multikey = false;
        boolean present = false;
        String arrayField = null;
        for (IndexDefinition.Field field : fields) {
            Collector collector = new Collector();
            collector.walk(document, field.path());
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
            out.putIfAbsent(new ByteKey(prefix), Collections.unmodifiableList(new ArrayList<>(tuple)));
            return;
        }
        for (Object value : values.get(i)) {
            byte[] encoded = IndexKeyEncoder.encode(value, !fields.get(i).ascending());
            byte[] next = Arrays.copyOf(prefix, prefix.length + encoded.length);
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
            return o instanceof ByteKey other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /**
     * Follows a path through documents and arrays by the rules of the query matcher (see
     * {@code io.tetherdb.query.PathWalker}), so that every value a filter can match on is a key:
     * each value the path leads to, each element of an array at the end of a named path (an empty
     * array there is its own key), null for each branch that leads to a missing field, and an
     * element selected by an array position at the end of the path whole, never element by element.
     * A document on which the path leads nowhere at all (as {@code a.0} on {@code {a: []}}) still
     * gets a null key, so that every document has an entry; the filter, re-checked on every fetched
     * document, leaves it out of {@code {'a.0': null}}.
     */
    private static final class Collector {
        final List<Object> values = new ArrayList<>();
        boolean sawArray;
        boolean present;

        void walk(Map<?, ?> document, DocumentPath path) {
            walkDocument(document, path, 0);
            if (values.isEmpty()) {
                values.add(null);
            }
        }

        private void walkDocument(Map<?, ?> document, DocumentPath path, int index) {
            Map<?, ?> current = document;
            for (int i = index; ; i++) {
                String segment = path.segment(i);
                if (!current.containsKey(segment)) {
                    values.add(null);
                    return;
                }
                Object value = current.get(segment);
                if (i + 1 == path.size()) {
                    leaf(value);
                    return;
                }
                if (value instanceof Map<?, ?> map) {
                    current = map;
                } else if (value instanceof List<?> list) {
                    sawArray = true;
                    walkArray(list, path, i + 1);
                    return;
                } else {
                    values.add(null);
                    return;
                }
            }
        }

        private void walkArray(List<?> array, DocumentPath path, int index) {
            int position = path.arrayPosition(index);
            boolean last = index + 1 == path.size();
            for (int i = 0; i < array.size(); i++) {
                Object element = array.get(i);
                if (element instanceof Map<?, ?> map) {
                    walkDocument(map, path, index);
                }
                if (i != position) {
                    continue;
                }
                if (last) {
                    present = true;
                    values.add(element);
                } else if (element instanceof Map<?, ?> map) {
                    walkDocument(map, path, index + 1);
                } else if (element instanceof List<?> inner) {
                    walkArray(inner, path, index + 1);
                }
            }
        }

        private void leaf(Object value) {
            present = true;
            if (value instanceof Collection<?> array) {
                sawArray = true;
                if (array.isEmpty()) {
                    // With no key of its own the field left its document with no entry at all,
                    // and a find on another field of a compound index missed the document.
                    values.add(List.of());
                }
                values.addAll(array);
            } else {
                values.add(value);
            }
        }
    }
}
