package io.tetherdb.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.tetherdb.document.DocumentPath;

/**
 * Builds {@link Filter}s in Java, with the same meaning and validation as the text form:
 * {@code Filters.and(Filters.gt("age", 25), Filters.in("city", "Oslo", "Rome"))} is
 * {@code {$and: [{age: {$gt: 25}}, {city: {$in: ['Oslo', 'Rome']}}]}}. Field names are dotted
 * paths. Values are copied, so later changes to them do not affect the filter.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1
 */
public final class Filters {

    private Filters() {
    }

    /**
     * {@code {field: value}}: equal to the value, or an array holding it; a {@link Pattern} value
     * matches strings by regular expression, as a regex literal does in MongoDB.
     *
     * @param field dotted path; not null
     * @param value the value; may be null (matches null and missing)
     * @return the filter
     */
    public static Filter eq(String field, Object value) {
        DocumentPath path = FilterCompiler.path(field);
        if (value instanceof Pattern pattern) {
            return leaf(new FieldCondition(path, Operator.REGEX, pattern));
        }
        return leaf(FilterCompiler.condition(path, Operator.EQ, value));
    }

    /**
     * {@code $ne}: not equal to the value, nor an array holding it; matches missing fields.
     *
     * @param field dotted path; not null
     * @param value the value; may be null; not a {@link Pattern}
     * @return the filter
     */
    public static Filter ne(String field, Object value) {
        if (value instanceof Pattern) {
            throw new InvalidQueryException("$ne on field '" + field + "' cannot take a regular expression; use not");
        }
        return leaf(new NotNode(FilterCompiler.condition(FilterCompiler.path(field), Operator.EQ, value)));
    }

    /**
     * {@code $gt}: greater than the value, among values of its type (numbers are one type).
     *
     * @param field dotted path; not null
     * @param value the value; may be null
     * @return the filter
     */
    public static Filter gt(String field, Object value) {
        return compare(field, Operator.GT, value);
    }

    /**
     * {@code $gte}: greater than or equal to the value, among values of its type.
     *
     * @param field dotted path; not null
     * @param value the value; may be null
     * @return the filter
     */
    public static Filter gte(String field, Object value) {
        return compare(field, Operator.GTE, value);
    }

    /**
     * {@code $lt}: less than the value, among values of its type.
     *
     * @param field dotted path; not null
     * @param value the value; may be null
     * @return the filter
     */
    public static Filter lt(String field, Object value) {
        return compare(field, Operator.LT, value);
    }

    /**
     * {@code $lte}: less than or equal to the value, among values of its type.
     *
     * @param field dotted path; not null
     * @param value the value; may be null
     * @return the filter
     */
    public static Filter lte(String field, Object value) {
        return compare(field, Operator.LTE, value);
    }

    private static Filter compare(String field, Operator operator, Object value) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), operator, value));
    }

    /**
     * {@code $in}: equal to one of the values ({@link Pattern}s match strings).
     *
     * @param field dotted path; not null
     * @param values the values; not null, elements may be null
     * @return the filter
     */
    public static Filter in(String field, Object... values) {
        return in(field, Arrays.asList(Objects.requireNonNull(values, "values")));
    }

    /**
     * {@code $in}: equal to one of the values ({@link Pattern}s match strings).
     *
     * @param field dotted path; not null
     * @param values the values; not null, elements may be null
     * @return the filter
     */
    public static Filter in(String field, Collection<?> values) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.IN, list(values)));
    }

    /**
     * {@code $nin}: equal to none of the values; matches missing fields.
     *
     * @param field dotted path; not null
     * @param values the values; not null, elements may be null
     * @return the filter
     */
    public static Filter nin(String field, Object... values) {
        return nin(field, Arrays.asList(Objects.requireNonNull(values, "values")));
    }

    /**
     * {@code $nin}: equal to none of the values; matches missing fields.
     *
     * @param field dotted path; not null
     * @param values the values; not null, elements may be null
     * @return the filter
     */
    public static Filter nin(String field, Collection<?> values) {
        return leaf(new NotNode(FilterCompiler.condition(FilterCompiler.path(field), Operator.IN, list(values))));
    }

    /**
     * {@code $exists: true}: the field is present, even if null.
     *
     * @param field dotted path; not null
     * @return the filter
     */
    public static Filter exists(String field) {
        return exists(field, true);
    }

    /**
     * {@code $exists}: the field is present (even if null), or absent.
     *
     * @param field dotted path; not null
     * @param exists whether the field must be present
     * @return the filter
     */
    public static Filter exists(String field, boolean exists) {
        FieldCondition condition = new FieldCondition(FilterCompiler.path(field), Operator.EXISTS, Boolean.TRUE);
        return leaf(exists ? condition : new NotNode(condition));
    }

    /**
     * {@code $contains} (TetherDB's own): an array with an element equal to the value, or a string
     * containing the value as a substring.
     *
     * @param field dotted path; not null
     * @param value the element or substring; may be null
     * @return the filter
     */
    public static Filter contains(String field, Object value) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.CONTAINS, value));
    }

    /**
     * {@code $regex}: a string in which the regular expression finds a match.
     *
     * @param field dotted path; not null
     * @param pattern the regular expression; not null
     * @return the filter
     * @throws InvalidQueryException if the expression does not compile
     */
    public static Filter regex(String field, String pattern) {
        return regex(field, pattern, "");
    }

    /**
     * {@code $regex} with {@code $options}: a string in which the regular expression finds a match.
     *
     * @param field dotted path; not null
     * @param pattern the regular expression; not null
     * @param options MongoDB's options, any of {@code i m s x}; not null
     * @return the filter
     * @throws InvalidQueryException if the expression does not compile or an option is unknown
     */
    public static Filter regex(String field, String pattern, String options) {
        DocumentPath path = FilterCompiler.path(field);
        return leaf(new FieldCondition(path, Operator.REGEX,
                Operands.regex(Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(options, "options"),
                        "field '" + field + "'")));
    }

    /**
     * {@code $regex}: a string in which the pattern finds a match.
     *
     * @param field dotted path; not null
     * @param pattern the pattern; not null
     * @return the filter
     */
    public static Filter regex(String field, Pattern pattern) {
        return leaf(new FieldCondition(FilterCompiler.path(field), Operator.REGEX, Objects.requireNonNull(pattern)));
    }

    /**
     * {@code $size}: an array with exactly this many elements.
     *
     * @param field dotted path; not null
     * @param size the number of elements; not negative
     * @return the filter
     */
    public static Filter size(String field, int size) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.SIZE, size));
    }

    /**
     * {@code $all}: for each value, the field equals it or is an array holding it. With no
     * values it matches nothing.
     *
     * @param field dotted path; not null
     * @param values the values; not null, elements may be null
     * @return the filter
     */
    public static Filter all(String field, Object... values) {
        return all(field, Arrays.asList(Objects.requireNonNull(values, "values")));
    }

    /**
     * {@code $all}: for each value, the field equals it or is an array holding it.
     *
     * @param field dotted path; not null
     * @param values the values; not null, elements may be null
     * @return the filter
     */
    public static Filter all(String field, Collection<?> values) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.ALL, list(values)));
    }

    /**
     * {@code $elemMatch}: an array with one element that is a document matching the whole filter,
     * whose paths are relative to the element.
     *
     * @param field dotted path of the array; not null
     * @param elementFilter the filter one element must match; not null
     * @return the filter
     */
    public static Filter elemMatch(String field, Filter elementFilter) {
        Objects.requireNonNull(elementFilter, "elementFilter");
        return Filter.combine(new ElemMatchCondition(FilterCompiler.path(field), elementFilter.root(), false),
                elementFilter);
    }

    /**
     * {@code $type}: a value (or array element) of one of the named BSON types, such as
     * {@code "string"}, {@code "number"}, {@code "array"}, {@code "object"}, {@code "null"},
     * {@code "bool"}, {@code "int"}, {@code "long"}, {@code "double"}, {@code "date"},
     * {@code "binData"}.
     *
     * @param field dotted path; not null
     * @param types one or more type aliases; not null
     * @return the filter
     */
    public static Filter type(String field, String... types) {
        Object operand = types.length == 1 ? types[0] : Arrays.asList(types);
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.TYPE, operand));
    }

    /**
     * {@code $type} with a numeric BSON type code, such as 2 for string.
     *
     * @param field dotted path; not null
     * @param typeCode the BSON type code
     * @return the filter
     */
    public static Filter type(String field, int typeCode) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.TYPE, typeCode));
    }

    /**
     * {@code $mod}: a number whose value, truncated toward zero, leaves this remainder when divided
     * by the divisor (with the sign of the number, as in MongoDB).
     *
     * @param field dotted path; not null
     * @param divisor the divisor; not 0
     * @param remainder the remainder
     * @return the filter
     */
    public static Filter mod(String field, long divisor, long remainder) {
        return leaf(FilterCompiler.condition(FilterCompiler.path(field), Operator.MOD, List.of(divisor, remainder)));
    }

    /**
     * {@code $and}: every filter matches.
     *
     * @param filters one or more filters; not null
     * @return the filter
     */
    public static Filter and(Filter... filters) {
        return Filter.combine(new AndNode(roots("and", filters)), filters);
    }

    /**
     * {@code $or}: at least one filter matches.
     *
     * @param filters one or more filters; not null
     * @return the filter
     */
    public static Filter or(Filter... filters) {
        return Filter.combine(new OrNode(roots("or", filters)), filters);
    }

    /**
     * {@code $nor}: no filter matches.
     *
     * @param filters one or more filters; not null
     * @return the filter
     */
    public static Filter nor(Filter... filters) {
        return Filter.combine(new NorNode(roots("nor", filters)), filters);
    }

    /**
     * Negation: matches exactly the documents the filter does not match (like {@code $not} on
     * the filter's field, which includes documents missing the field).
     *
     * @param filter the filter to negate; not null
     * @return the filter
     */
    public static Filter not(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        return Filter.combine(new NotNode(filter.root()), filter);
    }

    private static Filter leaf(FilterNode node) {
        return Filter.combine(node);
    }

    private static List<FilterNode> roots(String operator, Filter... filters) {
        Objects.requireNonNull(filters, "filters");
        if (filters.length == 0) {
            throw new InvalidQueryException(operator + " needs at least one filter");
        }
        List<FilterNode> roots = new ArrayList<>(filters.length);
        for (Filter filter : filters) {
            roots.add(Objects.requireNonNull(filter, "filter").root());
        }
        return roots;
    }

    private static List<Object> list(Collection<?> values) {
        return new ArrayList<>(Objects.requireNonNull(values, "values"));
    }
}
