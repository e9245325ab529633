package io.tetherdb.query;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of filter operators: every {@code $}-keyword that a filter may use as an operator,
 * declared once with the kind of operand it takes ({@link OperandKind}) and the places where it is
 * allowed ({@link Place}). The filter compiler, the renderer and the Spring starter's parameter
 * binding switch over this enum exhaustively (switch expressions without {@code default}), so a new
 * operator does not compile until each of them handles it. The matcher's own primitives,
 * {@link Operator}, take their keywords from here.
 *
 * <p>What counts as an operator: a keyword that states a condition ({@code $gt}), combines
 * conditions ({@code $and}, {@code $not}, {@code $elemMatch}), qualifies another operator
 * ({@code $options} of {@code $regex}) or annotates the filter ({@code $comment}). What does not:
 * the Extended JSON value wrappers {@code {$regularExpression: {pattern, options}}} and
 * {@code {$numberDecimal: "..."}}, which stand for one value (a pattern, a decimal) wherever a
 * value may stand, and are therefore read by the value codec and {@code Operands}, not looked up
 * here; a filter that uses one as an operator key gets "Unknown operator".
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public enum QueryOperator implements OperatorKeyword {

    /** {@code $eq}: equal to the operand, or an array element equal to it. */
    EQ("$eq", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $ne}: not {@code $eq}; matches a missing field. */
    NE("$ne", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $gt}: greater than the operand, within the operand's type. */
    GT("$gt", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $gte}: greater than or equal to the operand, within the operand's type. */
    GTE("$gte", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $lt}: less than the operand, within the operand's type. */
    LT("$lt", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $lte}: less than or equal to the operand, within the operand's type. */
    LTE("$lte", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $in}: equal to (or, for a pattern, matched by) one of the operand's values. */
    IN("$in", OperandKind.VALUE_LIST, Place.FIELD_LEVEL),
    /** {@code $nin}: not {@code $in}; matches a missing field. */
    NIN("$nin", OperandKind.VALUE_LIST, Place.FIELD_LEVEL),
    /** {@code $all}: every value of the operand present; or a list of {@code $elemMatch} documents. */
    ALL("$all", OperandKind.VALUE_LIST, Place.FIELD_LEVEL),
    /** {@code $exists}: whether the path leads to a value, null included (MongoDB's truthiness). */
    EXISTS("$exists", OperandKind.BOOLEAN, Place.FIELD_LEVEL),
    /** {@code $contains}: an array with an element equal to the operand, or a string containing it. */
    CONTAINS("$contains", OperandKind.VALUE, Place.FIELD_LEVEL),
    /** {@code $regex}: a string the operand (a string or a pattern) finds a match in. */
    REGEX("$regex", OperandKind.PATTERN, Place.FIELD_LEVEL),
    /** {@code $options}: the flags of the {@code $regex} beside it, such as {@code "i"}. */
    OPTIONS("$options", OperandKind.PATTERN_OPTIONS, Place.FIELD_LEVEL),
    /** {@code $size}: an array with exactly the operand's number of elements. */
    SIZE("$size", OperandKind.COUNT, Place.FIELD_LEVEL),
    /** {@code $type}: a value of a type named by the operand (an alias or code, or a list of them). */
    TYPE("$type", OperandKind.TYPE_ALIASES, Place.FIELD_LEVEL),
    /** {@code $mod}: a number whose truncated value modulo the divisor is the remainder. */
    MOD("$mod", OperandKind.NUMBER_PAIR, Place.FIELD_LEVEL),
    /** {@code $elemMatch}: an array element that meets all of a sub-filter or of an operator document. */
    ELEM_MATCH("$elemMatch", OperandKind.SUB_FILTER, Place.FIELD_LEVEL),
    /** {@code $not}: the negation of an operator document or of a regular expression on the same field. */
    NOT("$not", OperandKind.CONDITION, Place.FIELD_LEVEL),
    /** {@code $and}: every filter of the operand matches. */
    AND("$and", OperandKind.FILTER_LIST, Place.LOGICAL),
    /** {@code $or}: some filter of the operand matches. */
    OR("$or", OperandKind.FILTER_LIST, Place.LOGICAL),
    /** {@code $nor}: no filter of the operand matches. */
    NOR("$nor", OperandKind.FILTER_LIST, Place.LOGICAL),
    /** {@code $comment}: a note carried by the filter; matches everything and takes any value. */
    COMMENT("$comment", OperandKind.ANY, Place.LOGICAL);

    private static final Map<String, QueryOperator> BY_KEYWORD = new HashMap<>();

    static {
        for (QueryOperator operator : values()) {
            BY_KEYWORD.put(operator.keyword, operator);
        }
    }

    private final String keyword;

    private final OperandKind operand;

    private final Set<Place> places;

    QueryOperator(String keyword, OperandKind operand, Set<Place> places) {
        this.keyword = keyword;
        this.operand = operand;
        this.places = Collections.unmodifiableSet(EnumSet.copyOf(places));
    }

    /**
     * @param keyword a keyword as written in a filter, such as {@code "$gte"}; null gives empty
     * @return the operator it names, or empty if it names none (value wrappers such as
     *         {@code $numberDecimal} name none)
     */
    public static Optional<QueryOperator> forKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** @return the kind of operand the operator takes */
    public OperandKind operand() {
        return operand;
    }

    /** @return the places where the operator is allowed; unmodifiable */
    public Set<Place> places() {
        return places;
    }

    /**
     * @param place a place in a filter; not null
     * @return whether the operator is allowed there
     */
    public boolean allowedIn(Place place) {
        return places.contains(place);
    }

    /** The kind of operand an operator takes. */
    public enum OperandKind {
        /** One document value, compared with the field's values. */
        VALUE,
        /** An array of document values (or patterns). */
        VALUE_LIST,
        /** A truth value; as in MongoDB, any value counts, by its truthiness. */
        BOOLEAN,
        /** A regular expression, as a string or a pattern. */
        PATTERN,
        /** The option letters of a regular expression, as a string. */
        PATTERN_OPTIONS,
        /** A non-negative whole number. */
        COUNT,
        /** Two numbers, such as {@code $mod}'s [divisor, remainder]. */
        NUMBER_PAIR,
        /** A type alias or number, or an array of them. */
        TYPE_ALIASES,
        /** A filter on the elements of an array, or an operator document applied to each element. */
        SUB_FILTER,
        /** An operator document or a regular expression for the same field. */
        CONDITION,
        /** A non-empty array of filters. */
        FILTER_LIST,
        /** Any value; it does not take part in matching. */
        ANY
    }

    /** A place in a filter where an operator may stand. */
    public enum Place {
        /** A key of the filter document itself, or of a filter nested in a logical operator. */
        TOP_LEVEL,
        /** A key of the operator document of a field: {@code {field: {$op: ...}}}. */
        FIELD,
        /** A key of the operator document of a value-form {@code $elemMatch}: {@code {field: {$elemMatch: {$op: ...}}}}. */
        ELEM_MATCH,
        /** A key of the operator document of a {@code $not}: {@code {field: {$not: {$op: ...}}}}. */
        NOT;

        /** Where an operator on a field's values is allowed. */
        static final Set<Place> FIELD_LEVEL = EnumSet.of(FIELD, ELEM_MATCH, NOT);

        /** Where a logical operator over whole filters is allowed. */
        static final Set<Place> LOGICAL = EnumSet.of(TOP_LEVEL);
    }
}
