package io.tetherdb.document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON-like document: an ordered map from field names to values. Values are {@code null},
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link java.math.BigDecimal}, {@link String},
 * {@code byte[]}, {@link java.time.Instant}, {@link List} of values, or a nested {@code Document}.
 * Documents read from a store are always of these types; documents given to a store may also hold
 * other {@link Map}s, collections, arrays and the other boxed numbers, which are converted.
 *
 * <h2>What a document may hold</h2>
 * The rules a store applies on every write ({@code put}, {@code putBatch}, {@code replace},
 * {@code replaceIf}, {@code save}), at every level: nested documents, documents in arrays,
 * {@code _id} and {@code _tags} included. A document that breaks one is refused with an
 * {@link InvalidDocumentException} naming the path of the offending field ({@code a.b.0}), and
 * nothing is written: in a batch, nothing of the batch.
 * <ul>
 * <li><b>Types.</b> The types above. On writing, other maps become documents, collections and
 * {@code Object[]} lists, {@code Short}/{@code Byte} {@code Integer}, {@code Float}
 * {@code Double}, {@link java.math.BigInteger} a {@code BigDecimal} of scale 0,
 * {@link java.util.Date} {@code Instant}, and enums, UUIDs and characters their text (filters
 * convert them the same way). Anything else, such as an entity class, is refused.</li>
 * <li><b>Nesting.</b> At most {@value DocumentCodec#MAX_NESTING_DEPTH} levels of documents and
 * arrays, the document itself being level 1, as in MongoDB. Deeper documents are refused; so is
 * JSON text nested deeper by {@link #parse(String)} ({@link MalformedJsonException}). Neither
 * check recurses past the limit, so 100,000 levels, or a map that contains itself, fail cleanly.
 * Filter text may nest deeper ({@link Json#MAX_NESTING_DEPTH} levels), since every operator adds
 * levels, but a filter's own operators nest at most 100 levels.</li>
 * <li><b>Field names.</b> Strings that do not start with {@code $} and do not contain {@code .},
 * because filters, sorts, projections and indexes name fields by dotted path and {@code $} starts
 * an operator. MongoDB 5.0 stores such names but cannot query them by path; TetherDB refuses them,
 * so that every stored field can be queried. Any other name is allowed, the empty name and names
 * holding {@code $} or NUL elsewhere included. {@code _id} is a non-empty string of at most 1024
 * characters; {@code _tags}, when tags are added through the put options, an array.</li>
 * <li><b>Strings</b> (values and names) are stored as UTF-8, so they must be valid Unicode: a lone
 * surrogate (a {@code char} in U+D800..U+DFFF that is not half of a pair) has no UTF-8
 * form and is refused rather than stored as {@code '?'}, as MongoDB refuses invalid UTF-8. No
 * method takes JSON as bytes, so a lone surrogate is the only invalid text TetherDB can be given.
 * A filter may compare with such a string; it matches no stored value.</li>
 * <li><b>Size.</b> The encoded document (strings count their UTF-8 bytes) is at most the store's
 * maximum document size, 16 MiB by default as in MongoDB and configurable up to 1 GiB; a larger
 * one is a {@code DocumentTooLargeException}. JSON text may hold strings and names of up to
 * {@link Json#MAX_STRING_LENGTH} characters, so that a 20 MB string parses and the store's limit
 * decides.</li>
 * <li><b>Numbers.</b> {@code Integer} and {@code Long} are exact; {@code Double} is stored bit for
 * bit, {@code NaN}, the infinities and {@code -0.0} included. Queries compare numbers by value
 * whatever their type ({@code 1 == 1L == 1.0}, {@code -0.0 == 0}); {@code NaN} equals only
 * {@code NaN}, sorts below every other number and is matched by no range ({@code $gt}, {@code $lt})
 * but {@code $gte}/{@code $lte: NaN}, as in MongoDB; indexes order them the same way. In JSON text,
 * integers become {@code Integer} or {@code Long} and other numbers {@code Double}; the literals
 * {@code NaN}, {@code Infinity} and {@code -Infinity} are read and written; an integer beyond 64
 * bits or a decimal beyond the range of a double ({@code 1e400}) is refused with its path rather
 * than changed ({@code 1.2e29} stores a large value as a double), and a decimal too small for a
 * double becomes 0.</li>
 * <li><b>Decimals.</b> {@code BigDecimal} holds MongoDB's Decimal128 values: at most 34
 * significant digits and an exponent ({@code -scale}) from -6176 to 6111 ({@link Decimals}); a
 * value outside them is refused, never rounded. It is stored exactly, scale included
 * ({@code 12.50} reads back as {@code 12.50}), and compares by value with every other number
 * ({@code 12.50 == 12.5 == 12.5d}; with a double by the double's exact binary value, so decimal
 * {@code 0.1} does not equal the double {@code 0.1}). {@code BigDecimal} has no NaN, infinities
 * or negative zero: {@code -0} reads as {@code 0}, and {@code NaN} and infinities are
 * doubles only. In JSON a decimal is {@code {"$numberDecimal": "12.50"}}.</li>
 * </ul>
 *
 * <p>Not thread-safe: a document is a plain mutable value; the store copies it when writing.
 *
 * @since 0.1
 */
public final class Document implements Map<String, Object> {

    /** Name of the identifier field. */
    public static final String ID = "_id";

    /** Name of the field that holds a document's tags. */
    public static final String TAGS = "_tags";

    private final LinkedHashMap<String, Object> fields;

    /** Creates an empty document. */
    public Document() {
        this.fields = new LinkedHashMap<>();
    }

    /**
     * Creates a document holding a shallow copy of the given fields, in their iteration order.
     *
     * @param fields the fields; not null
     */
    public Document(Map<String, ?> fields) {
        this.fields = new LinkedHashMap<>(Objects.requireNonNull(fields, "fields"));
    }

    /**
     * Creates a document with one field.
     *
     * @param key field name; not null
     * @param value field value; may be null
     */
    public Document(String key, Object value) {
        this();
        put(key, value);
    }

    Document(int expectedSize) {
        this.fields = new LinkedHashMap<>(Math.max(4, (int) (expectedSize / 0.75f) + 1));
    }

    /**
     * Creates a document with one field.
     *
     * @param key field name; not null
     * @param value field value; may be null
     * @return a new document
     */
    public static Document of(String key, Object value) {
        return new Document().append(key, value);
    }

    /**
     * Parses relaxed JSON text (single quotes and unquoted field names allowed) into a document.
     *
     * @param json the text of one JSON object; not null
     * @return the document
     * @throws MalformedJsonException if the text is not one JSON object
     */
    public static Document parse(String json) {
        return Json.parseDocument(json);
    }

    /**
     * Adds or replaces a field and returns this document, for chaining.
     *
     * @param key field name; not null
     * @param value field value; may be null
     * @return this document
     */
    public Document append(String key, Object value) {
        fields.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** @return the {@code _id} of this document, or null if it has none or it is not a string */
    public String getId() {
        Object id = fields.get(ID);
        return id instanceof String s ? s : null;
    }

    /**
     * @param key field name
     * @return the field as a string, or null if absent or null
     * @throws ClassCastException if the field holds another type
     */
    public String getString(String key) {
        return (String) fields.get(key);
    }

    /**
     * @param key field name
     * @return the field as an int, or null if absent or null
     * @throws ClassCastException if the field is not a number
     */
    public Integer getInteger(String key) {
        Object value = fields.get(key);
        return value == null ? null : ((Number) value).intValue();
    }

    /**
     * @param key field name
     * @return the field as a long, or null if absent or null
     * @throws ClassCastException if the field is not a number
     */
    public Long getLong(String key) {
        Object value = fields.get(key);
        return value == null ? null : ((Number) value).longValue();
    }

    /**
     * @param key field name
     * @return the field as a double, or null if absent or null
     * @throws ClassCastException if the field is not a number
     */
    public Double getDouble(String key) {
        Object value = fields.get(key);
        return value == null ? null : ((Number) value).doubleValue();
    }

    /**
     * @param key field name
     * @return the field as a decimal, or null if absent or null: a decimal as it is, and another
     *         number by its exact value (a double by its binary value: {@code 0.1} becomes
     *         {@code 0.1000000000000000055511151231257827...})
     * @throws ClassCastException if the field is not a number
     * @throws NumberFormatException if the field is a double NaN or infinity
     * @since 0.2
     */
    public java.math.BigDecimal getDecimal(String key) {
        Object value = fields.get(key);
        if (value == null || value instanceof java.math.BigDecimal) {
            return (java.math.BigDecimal) value;
        }
        Number number = (Number) value;
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return java.math.BigDecimal.valueOf(number.longValue());
        }
        if (number instanceof java.math.BigInteger integer) {
            return new java.math.BigDecimal(integer);
        }
        return new java.math.BigDecimal(number.doubleValue());
    }

    /**
     * @param key field name
     * @return the field as a boolean, or null if absent or null
     * @throws ClassCastException if the field holds another type
     */
    public Boolean getBoolean(String key) {
        return (Boolean) fields.get(key);
    }

    /**
     * @param key field name
     * @return the field as a nested document, or null if absent or null
     * @throws ClassCastException if the field holds another type
     */
    public Document getDocument(String key) {
        return (Document) fields.get(key);
    }

    /**
     * @param key field name
     * @return the field as a list, or null if absent or null
     * @throws ClassCastException if the field holds another type
     */
    @SuppressWarnings("unchecked")
    public List<Object> getList(String key) {
        return (List<Object>) fields.get(key);
    }

    /**
     * @param key field name
     * @param type the expected type; not null
     * @param <T> the expected type
     * @return the field cast to the type, or null if absent or null
     * @throws ClassCastException if the field holds another type
     */
    public <T> T get(String key, Class<T> type) {
        return type.cast(fields.get(key));
    }

    /** @return the tags of this document ({@code _tags}), or an empty list */
    public List<String> getTags() {
        Object tags = fields.get(TAGS);
        List<String> result = new ArrayList<>();
        if (tags instanceof Collection<?> c) {
            for (Object tag : c) {
                if (tag instanceof String s) {
                    result.add(s);
                }
            }
        }
        return result;
    }

    /** @return this document as compact JSON text */
    public String toJson() {
        return Json.write(this);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return fields.containsValue(value);
    }

    @Override
    public Object get(Object key) {
        return fields.get(key);
    }

    @Override
    public Object put(String key, Object value) {
        return fields.put(Objects.requireNonNull(key, "key"), value);
    }

    @Override
    public Object remove(Object key) {
        return fields.remove(key);
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        fields.putAll(m);
    }

    @Override
    public void clear() {
        fields.clear();
    }

    @Override
    public Set<String> keySet() {
        return fields.keySet();
    }

    @Override
    public Collection<Object> values() {
        return fields.values();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return fields.entrySet();
    }

    /**
     * Two documents are equal when they hold equal fields, in any order; {@code byte[]} values are
     * compared by content.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Map<?, ?> other) || other.size() != fields.size()) {
            return false;
        }
        for (Entry<String, Object> e : fields.entrySet()) {
            if (!other.containsKey(e.getKey()) || !valueEquals(e.getValue(), other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!valueEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
