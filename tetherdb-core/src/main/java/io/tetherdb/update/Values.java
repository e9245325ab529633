package io.tetherdb.update;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.document.Json;

/**
 * Value handling of the update language: converting operands to the types documents hold, deep
 * copies, byte-for-byte sameness (for telling whether an update changed a document) and type names
 * for messages. Stateless and thread-safe.
 */
final class Values {

    private Values() {
    }

    /**
     * @param value an operand as given (maps, collections, arrays, other boxed numbers)
     * @return a fresh copy in the types a document holds; {@link Pattern}s are kept
     */
    static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new InvalidUpdateException("Field names must be strings but found " + entry.getKey());
                }
                document.put(key, normalize(entry.getValue()));
            }
            return document;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(normalize(element));
            }
            return list;
        }
        if (value instanceof Object[] array) {
            return normalize(Arrays.asList(array));
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof UUID || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        return value;
    }

    /** @return a deep copy of a document value: documents and lists are copied, the rest shared */
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                document.put((String) entry.getKey(), copy(entry.getValue()));
            }
            return document;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            for (Object element : collection) {
                list.add(copy(element));
            }
            return list;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        return value;
    }

    /**
     * Whether two values would be stored as the same bytes: same types, same field order, and for
     * numbers the same representation ({@code 1} is not {@code 1.0}; decimal {@code 1.0} is not
     * {@code 1.00}).
     */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
            while (i.hasNext()) {
                Map.Entry<?, ?> e = i.next();
                Map.Entry<?, ?> f = j.next();
                if (!e.getKey().equals(f.getKey()) || !same(e.getValue(), f.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            // stored with millisecond precision
            return x.toEpochMilli() == y.toEpochMilli();
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    /** @return MongoDB's name of the value's type, for messages */
    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer) {
            return "int";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof Collection) {
            return "array";
        }
        if (value instanceof byte[]) {
            return "binData";
        }
        if (value instanceof Instant || value instanceof Date) {
            return "date";
        }
        if (value instanceof Pattern) {
            return "regex";
        }
        return value.getClass().getSimpleName();
    }

    /** @return the value as short JSON text for a message */
    static String show(Object value) {
        String text;
        try {
            text = value instanceof Pattern p ? "/" + p.pattern() + "/" : Json.write(value);
        } catch (RuntimeException e) {
            text = String.valueOf(value);
        }
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
