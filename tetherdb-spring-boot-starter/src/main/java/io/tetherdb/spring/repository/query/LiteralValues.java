package io.tetherdb.spring.repository.query;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Makes bound argument values safe to hand to the filter compiler as literal values. The compiler
 * reads a map whose keys start with {@code $} as operators (a {@code {$regex: ...}} operand even
 * becomes a regular expression), but no stored document can hold a field name that starts with
 * {@code $} or contains {@code .}: a value holding such a map, at any depth, equals no stored value.
 * So where a value is compared for equality it is replaced by an inert value that equals nothing
 * stored either, and where it would be ordered ({@code $gt} and the like) it is refused.
 *
 * <p>Stateless and thread-safe.
 */
final class LiteralValues {

    /** Equals no stored value: no stored document has a field name containing a dot. */
    static final Document UNMATCHABLE = Document.of("tetherdb.unmatchable-literal", Boolean.TRUE);

    private LiteralValues() {
    }

    /**
     * @param value a converted argument; may be null
     * @return the value to compare for equality with: itself, or {@link #UNMATCHABLE}
     */
    static Object forEquality(Object value) {
        return storable(value) ? value : UNMATCHABLE;
    }

    /**
     * @param value a converted argument; may be null
     * @param where the method and operator, for the message
     * @return the value to order by
     * @throws InvalidDataAccessApiUsageException if the value holds a field name no document can have
     */
    static Object forComparison(Object value, String where) {
        if (!storable(value)) {
            throw new InvalidDataAccessApiUsageException("Argument of " + where
                    + " holds a field name starting with '$' or containing '.', which no document can hold");
        }
        return value;
    }

    /**
     * @param value a converted collection argument; not null
     * @return its elements, each made safe for equality
     */
    static List<Object> forEqualityEach(Collection<?> value) {
        return value.stream().map(LiteralValues::forEquality).toList();
    }

    /** @return whether a document could hold this value: no map key starts with $ or contains a dot */
    static boolean storable(Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.startsWith("$") || key.indexOf('.') >= 0 || !storable(entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                if (!storable(element)) {
                    return false;
                }
            }
        }
        return true;
    }

}
