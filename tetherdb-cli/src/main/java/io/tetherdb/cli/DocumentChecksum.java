package io.tetherdb.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bson.types.Binary;
import org.bson.types.Decimal128;

/**
 * The per-collection checksum that {@code migrate} computes on both sides independently: the sum,
 * modulo 2<sup>128</sup>, of the first 16 bytes of the SHA-256 of each document's canonical JSON.
 * A sum does not depend on the order the documents are read in, so neither side needs the other's
 * {@code _id} order. Canonical JSON is compact, with top-level {@code _id} first and every other
 * field in its stored order, and each value tagged with its type as in canonical Extended JSON:
 * {@code {"$numberInt":"1"}}, {@code {"$numberLong":"1"}}, {@code {"$numberDouble":"1.0"}} (Java's
 * {@code Double.toString}), {@code {"$numberDecimal":"12.50"}}, {@code {"$date":millis}} (whole
 * milliseconds, floored), {@code {"$binary":"base64"}}. It reads the store's Java values and the
 * driver's alike. Not thread-safe: one instance sums one collection.
 */
final class DocumentChecksum {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(128);

    private final MessageDigest digest;
    private BigInteger sum = BigInteger.ZERO;
    private long count;

    DocumentChecksum() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java lacks SHA-256", e);
        }
    }

    /** Adds one document. */
    void add(Map<String, ?> document) {
        byte[] hash = digest.digest(canonicalJson(document).getBytes(StandardCharsets.UTF_8));
        byte[] first = new byte[16];
        System.arraycopy(hash, 0, first, 0, 16);
        sum = sum.add(new BigInteger(1, first)).mod(MODULUS);
        count++;
    }

    /** @return how many documents were added */
    long count() {
        return count;
    }

    /** @return the checksum as 32 hex digits */
    String hex() {
        byte[] bytes = sum.toByteArray();
        byte[] fixed = new byte[16];
        int length = Math.min(bytes.length, 16);
        System.arraycopy(bytes, bytes.length - length, fixed, 16 - length, length);
        return HexFormat.of().formatHex(fixed);
    }

    /** @return the canonical JSON of a document (store or driver values) */
    static String canonicalJson(Map<String, ?> document) {
        StringBuilder out = new StringBuilder(256);
        out.append('{');
        boolean first = true;
        if (document.containsKey("_id")) {
            field(out, "_id", document.get("_id"));
            first = false;
        }
        for (Map.Entry<String, ?> entry : document.entrySet()) {
            if (entry.getKey().equals("_id")) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            field(out, entry.getKey(), entry.getValue());
            first = false;
        }
        return out.append('}').toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
        string(out, name);
        out.append(':');
        value(out, value);
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Integer i) {
            out.append("{\"$numberInt\":\"").append(i).append("\"}");
        } else if (value instanceof Long l) {
            out.append("{\"$numberLong\":\"").append(l).append("\"}");
        } else if (value instanceof Double d) {
            out.append("{\"$numberDouble\":\"").append(d).append("\"}");
        } else if (value instanceof BigDecimal decimal) {
            out.append("{\"$numberDecimal\":\"").append(decimal).append("\"}");
        } else if (value instanceof Decimal128 decimal) {
            out.append("{\"$numberDecimal\":\"").append(decimalText(decimal)).append("\"}");
        } else if (value instanceof Instant instant) {
            out.append("{\"$date\":").append(instant.toEpochMilli()).append('}');
        } else if (value instanceof Date date) {
            out.append("{\"$date\":").append(date.getTime()).append('}');
        } else if (value instanceof byte[] bytes) {
            binary(out, bytes);
        } else if (value instanceof Binary binary) {
            binary(out, binary.getData());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                field(out, (String) entry.getKey(), entry.getValue());
                first = false;
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i));
            }
            out.append(']');
        } else {
            // a type the store never writes (ObjectId, timestamp, ...): it can only differ from the source
            out.append("{\"$other\":");
            string(out, value.getClass().getName() + ":" + value);
            out.append('}');
        }
    }

    /** @return the decimal as the store's BigDecimal prints it, or as BSON does where none can hold it */
    private static String decimalText(Decimal128 decimal) {
        if (!decimal.isFinite()) {
            return decimal.toString();
        }
        try {
            return decimal.bigDecimalValue().toString();
        } catch (ArithmeticException e) {
            // negative zero, which no BigDecimal holds and the store never writes
            return decimal.toString();
        }
    }

    private static void binary(StringBuilder out, byte[] bytes) {
        out.append("{\"$binary\":\"").append(Base64.getEncoder().encodeToString(bytes)).append("\"}");
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
