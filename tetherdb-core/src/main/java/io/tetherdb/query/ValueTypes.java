package io.tetherdb.query;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The BSON type aliases and codes that {@code $type} accepts, and which of them a value has.
 * Types TetherDB never stores (objectId, timestamp, ...) are accepted and match nothing;
 * {@code "decimal"} (19) matches {@link java.math.BigDecimal}, and {@code "number"} every number.
 * Thread-safe and stateless.
 */
final class ValueTypes {

    private static final Map<String, Integer> CODES = new LinkedHashMap<>();

    static {
        CODES.put("double", 1);
        CODES.put("string", 2);
        CODES.put("object", 3);
        CODES.put("array", 4);
        CODES.put("binData", 5);
        CODES.put("undefined", 6);
        CODES.put("objectId", 7);
        CODES.put("bool", 8);
        CODES.put("date", 9);
        CODES.put("null", 10);
        CODES.put("regex", 11);
        CODES.put("dbPointer", 12);
        CODES.put("javascript", 13);
        CODES.put("symbol", 14);
        CODES.put("javascriptWithScope", 15);
        CODES.put("int", 16);
        CODES.put("timestamp", 17);
        CODES.put("long", 18);
        CODES.put("decimal", 19);
        CODES.put("minKey", -1);
        CODES.put("maxKey", 127);
    }

    private static final String NUMBER = "number";
    private static final int NUMBER_BIT = 1 << 30;

    private ValueTypes() {
    }

    /**
     * @param spec a type alias, a numeric code or a non-empty list of them
     * @return the canonical operand: an alias, or a list of aliases
     */
    static Object canonical(Object spec, String where) {
        if (spec instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new InvalidQueryException("$type in " + where + " must name at least one type");
            }
            return list.stream().map(element -> alias(element, where)).toList();
        }
        return alias(spec, where);
    }

    private static String alias(Object spec, String where) {
        if (spec instanceof String name) {
            if (name.equals(NUMBER) || CODES.containsKey(name)) {
                return name;
            }
            throw new InvalidQueryException("Unknown type name '" + name + "' for $type in " + where);
        }
        if (spec instanceof Number number) {
            double d = number.doubleValue();
            for (Map.Entry<String, Integer> e : CODES.entrySet()) {
                if (e.getValue() == d) {
                    return e.getKey();
                }
            }
            throw new InvalidQueryException("Unknown type code " + number + " for $type in " + where);
        }
        throw new InvalidQueryException("$type in " + where + " needs a type name or number, not "
                + Operands.describe(spec));
    }

    static int mask(Object canonical) {
        if (canonical instanceof List<?> list) {
            int mask = 0;
            for (Object alias : list) {
                mask |= bit((String) alias);
            }
            return mask;
        }
        return bit((String) canonical);
    }

    private static int bit(String alias) {
        if (alias.equals(NUMBER)) {
            return NUMBER_BIT;
        }
        int code = CODES.get(alias);
        return 1 << (code == -1 ? 0 : (code == 127 ? 20 : code));
    }

    static boolean matches(int mask, Object value) {
        if ((mask & NUMBER_BIT) != 0 && value instanceof Number) {
            return true;
        }
        return (mask & (1 << codeOf(value))) != 0;
    }

    private static int codeOf(Object value) {
        if (value == null) {
            return 10;
        }
        if (value instanceof Double || value instanceof Float) {
            return 1;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return 16;
        }
        if (value instanceof Long) {
            return 18;
        }
        if (value instanceof java.math.BigDecimal || value instanceof java.math.BigInteger) {
            return 19;
        }
        if (value instanceof String) {
            return 2;
        }
        if (value instanceof Map) {
            return 3;
        }
        if (value instanceof Collection) {
            return 4;
        }
        if (value instanceof byte[]) {
            return 5;
        }
        if (value instanceof Boolean) {
            return 8;
        }
        if (value instanceof Instant || value instanceof Date) {
            return 9;
        }
        if (value instanceof Pattern) {
            return 11;
        }
        // A type documents cannot hold has no BSON code; bit 31 is never set in a mask.
        return 31;
    }
}
