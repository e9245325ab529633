package io.tetherdb.spring.mongodb;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tetherdb.document.Decimals;
import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import org.bson.BsonRegularExpression;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Converts between TetherDB document values and the values the MongoDB driver writes as BSON:
 * {@link Instant} ↔ BSON date (milliseconds, as MongoDB stores them), {@link BigDecimal} ↔
 * {@link Decimal128}, nested documents ↔ {@link org.bson.Document}, and a {@link Pattern} to a
 * BSON regular expression. Stateless and thread-safe.
 */
final class BsonValues {

    private BsonValues() {
    }

    /** A document's fields as a driver document, values converted. */
    static org.bson.Document toBson(Map<String, ?> document) {
        org.bson.Document bson = new org.bson.Document();
        document.forEach((key, value) -> bson.put(key, toBsonValue(value)));
        return bson;
    }

    static Object toBsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            org.bson.Document bson = new org.bson.Document();
            map.forEach((key, element) -> bson.put(String.valueOf(key), toBsonValue(element)));
            return bson;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach((element) -> list.add(toBsonValue(element)));
            return list;
        }
        if (value instanceof Instant instant) {
            return Date.from(instant);
        }
        if (value instanceof BigDecimal decimal) {
            return toDecimal128(decimal);
        }
        if (value instanceof Pattern pattern) {
            return new BsonRegularExpression(pattern.pattern(), regexOptions(pattern));
        }
        return value;
    }

    /** A driver document as a TetherDB document, values converted back. */
    static Document fromBson(Map<String, ?> bson) {
        Document document = new Document();
        bson.forEach((key, value) -> document.put(key, fromBsonValue(value)));
        return document;
    }

    static Object fromBsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document document = new Document();
            map.forEach((key, element) -> document.put(String.valueOf(key), fromBsonValue(element)));
            return document;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> list = new ArrayList<>(collection.size());
            collection.forEach((element) -> list.add(fromBsonValue(element)));
            return list;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.isNaN() || decimal.isInfinite() ? decimal.doubleValue() : decimal.bigDecimalValue();
        }
        if (value instanceof ObjectId id) {
            // documents written by other tools may carry ObjectIds; the Spring layer's ids are strings
            return id.toHexString();
        }
        if (value instanceof Binary binary) {
            return binary.getData();
        }
        return value;
    }

    private static Decimal128 toDecimal128(BigDecimal decimal) {
        // the embedded store's rule and message, so that both backends refuse the same values alike
        String problem = Decimals.problem(decimal);
        if (problem != null) {
            throw new InvalidDocumentException("Decimal " + problem);
        }
        return new Decimal128(decimal);
    }

    /** The MongoDB option letters of a compiled pattern's flags. */
    static String regexOptions(Pattern pattern) {
        int flags = pattern.flags();
        StringBuilder options = new StringBuilder();
        if ((flags & Pattern.CASE_INSENSITIVE) != 0) {
            options.append('i');
        }
        if ((flags & Pattern.MULTILINE) != 0) {
            options.append('m');
        }
        if ((flags & Pattern.DOTALL) != 0) {
            options.append('s');
        }
        if ((flags & Pattern.COMMENTS) != 0) {
            options.append('x');
        }
        return options.toString();
    }

}
