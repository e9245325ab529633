package io.tetherdb.query;

/**
 * The operators a {@link FieldCondition} applies to the values at its path. {@code $ne},
 * {@code $nin} and {@code $exists: false} are compiled, as in MongoDB, into a {@link NotNode}
 * over {@link #EQ}, {@link #IN} and {@link #EXISTS}.
 *
 * @since 0.1
 */
public enum Operator {

    /** {@code $eq}: equal to the operand, or an array element equal to it. */
    EQ("$eq"),
    /** {@code $gt}: greater than the operand, within the operand's type. */
    GT("$gt"),
    /** {@code $gte}: greater than or equal to the operand, within the operand's type. */
    GTE("$gte"),
    /** {@code $lt}: less than the operand, within the operand's type. */
    LT("$lt"),
    /** {@code $lte}: less than or equal to the operand, within the operand's type. */
    LTE("$lte"),
    /** {@code $in}: equal to (or, for a pattern, matched by) one of the operand's values; operand is a list. */
    IN("$in"),
    /** {@code $all}: for every value of the operand (a list), a value or array element equal to it. */
    ALL("$all"),
    /** {@code $exists: true}: the path leads to a value, null included; operand is {@code true}. */
    EXISTS("$exists"),
    /** {@code $contains}: an array with an element equal to the operand, or a string containing it. */
    CONTAINS("$contains"),
    /** {@code $regex}: a string the operand (a {@link java.util.regex.Pattern}) finds a match in. */
    REGEX("$regex"),
    /** {@code $size}: an array with exactly the operand's (an Integer) number of elements. */
    SIZE("$size"),
    /** {@code $type}: a value of a type named by the operand (an alias string, or a list of them). */
    TYPE("$type"),
    /** {@code $mod}: a number whose truncated value modulo the divisor is the remainder; operand is [divisor, remainder] as Longs. */
    MOD("$mod");

    private final String keyword;

    Operator(String keyword) {
        this.keyword = keyword;
    }

    /** @return the operator as written in a filter, such as {@code "$gte"} */
    public String keyword() {
        return keyword;
    }
}
