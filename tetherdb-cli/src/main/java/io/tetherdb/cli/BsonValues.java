package io.tetherdb.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * Turns a TetherDB document into the driver's {@link org.bson.Document} with each value of the BSON
 * type that holds it faithfully: int and long stay Int32 and Int64, doubles stay doubles, decimals
 * become Decimal128, dates BSON dates (whole milliseconds, BSON's precision), bytes generic binary,
 * nested documents and arrays keep their order. Stateless.
 */
final class BsonValues {

    private BsonValues() {
    }

    /**
     * @param document a document read from the store; not null
     * @param expiryField the field to put the expiry into, when there is one
     * @param expiresAt when the document expires, or null if it never does
     * @return the document for the server
     */
    static org.bson.Document toBson(Map<String, ?> document, String expiryField, Instant expiresAt) {
        org.bson.Document bson = (org.bson.Document) toBson(document);
        if (expiresAt != null) {
            bson.append(expiryField, Date.from(expiresAt));
        }
        return bson;
    }

    /** @return the BSON form of a value the store's codec reads */
    static Object toBson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            org.bson.Document bson = new org.bson.Document();
            map.forEach((key, element) -> bson.append((String) key, toBson(element)));
            return bson;
        }
        if (value instanceof List<?> list) {
            List<Object> bson = new ArrayList<>(list.size());
            list.forEach(element -> bson.add(toBson(element)));
            return bson;
        }
        if (value instanceof Instant instant) {
            // Date.from floors sub-millisecond parts, as DocumentChecksum does for the source side
            return Date.from(instant);
        }
        if (value instanceof BigDecimal decimal) {
            return new Decimal128(decimal);
        }
        if (value instanceof byte[] bytes) {
            return new Binary(bytes);
        }
        throw new IllegalStateException("A stored document holds a value of an unexpected type: "
                + value.getClass().getName());
    }

    /** @return whether a value, at any depth, is a date with more than millisecond precision */
    static boolean hasSubMillisecondDate(Object value) {
        if (value instanceof Instant instant) {
            return instant.getNano() % 1_000_000 != 0;
        }
        if (value instanceof Map<?, ?> map) {
            for (Object element : map.values()) {
                if (hasSubMillisecondDate(element)) {
                    return true;
                }
            }
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                if (hasSubMillisecondDate(element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
