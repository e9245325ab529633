package io.tetherdb.query;

/**
 * The operators a {@link FieldCondition} applies to the values at its path. {@code $ne},
 * {@code $nin} and {@code $exists: false} are compiled, as in MongoDB, into a {@link NotNode}
 * over {@link #EQ}, {@link #IN} and {@link #EXISTS}. Each takes its keyword from its entry in the
 * registry of filter syntax, {@link QueryOperator}. Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Operator {

    /** {@code $eq}: equal to the operand, or an array element equal to it. */
    EQ(QueryOperator.EQ),
    /** {@code $gt}: greater than the operand, within the operand's type. */
    GT(QueryOperator.GT),
    /** {@code $gte}: greater than or equal to the operand, within the operand's type. */
    GTE(QueryOperator.GTE),
    /** {@code $lt}: less than the operand, within the operand's type. */
    LT(QueryOperator.LT),
    /** {@code $lte}: less than or equal to the operand, within the operand's type. */
    LTE(QueryOperator.LTE),
    /** {@code $in}: equal to (or, for a pattern, matched by) one of the operand's values; operand is a list. */
    IN(QueryOperator.IN),
    /** {@code $all}: for every value of the operand (a list), a value or array element equal to it. */
    ALL(QueryOperator.ALL),
    /** {@code $exists: true}: the path leads to a value, null included; operand is {@code true}. */
    EXISTS(QueryOperator.EXISTS),
    /** {@code $contains}: an array with an element equal to the operand, or a string containing it. */
    CONTAINS(QueryOperator.CONTAINS),
    /** {@code $regex}: a string the operand (a {@link java.util.regex.Pattern}) finds a match in. */
    REGEX(QueryOperator.REGEX),
    /** {@code $size}: an array with exactly the operand's (an Integer) number of elements. */
    SIZE(QueryOperator.SIZE),
    /** {@code $type}: a value of a type named by the operand (an alias string, or a list of them). */
    TYPE(QueryOperator.TYPE),
    /** {@code $mod}: a number whose truncated value modulo the divisor is the remainder; operand is [divisor, remainder] as Longs. */
    MOD(QueryOperator.MOD);

    // Only this direction: QueryOperator never names an Operator, so neither enum's
    // initialization waits on the other's.
    private final QueryOperator syntax;

    Operator(QueryOperator syntax) {
        this.syntax = syntax;
    }

    /** @return the operator as written in a filter, such as {@code "$gte"} */
    public String keyword() {
        return syntax.keyword();
    }

    /**
     * @return the registry entry of the keyword that spells this operator
     * @since 0.2
     */
    public QueryOperator syntax() {
        return syntax;
    }
}
