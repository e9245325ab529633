package io.tetherdb.query;

/**
 * A {@code $}-keyword of TetherDB's document language. Each category of keywords is one enum that
 * implements this interface and declares every keyword of the category once, with what its users
 * need to know about it: {@link QueryOperator} for filters today; update operators ({@code $set},
 * {@code $inc}, {@code $push}, ...) and aggregation stages and accumulators ({@code $match},
 * {@code $group}, {@code $sum}, ...) are to be added as further enums beside it. Keeping one enum per
 * category means that a switch over one category stays exhaustive without naming the others, and
 * that adding a category changes none of the existing ones. Implementations are immutable and
 * thread-safe.
 *
 * @since 0.2
 */
public interface OperatorKeyword {

    /** @return the keyword as written in a document, such as {@code "$gte"} */
    String keyword();
}
