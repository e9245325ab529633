package io.tetherdb.update;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.tetherdb.query.OperatorKeyword;

/**
 * The registry of update operators: every {@code $}-keyword an update document may use at its top
 * level, declared once with whether it creates a missing path (as {@code $set} does) or leaves a
 * document without the path unchanged (as {@code $unset} and {@code $pull} do). The update compiler
 * and applier switch over this enum exhaustively. Immutable and thread-safe.
 *
 * @since 0.2
 */
public enum UpdateOperator implements OperatorKeyword {

    /** {@code $set}: sets a field to a value. */
    SET("$set", true),
    /** {@code $unset}: removes a field (sets an array element to null). */
    UNSET("$unset", false),
    /** {@code $inc}: adds a number to a field, setting it when missing. */
    INC("$inc", true),
    /** {@code $mul}: multiplies a field by a number, setting it to zero when missing. */
    MUL("$mul", true),
    /** {@code $min}: sets a field to the operand when the operand is smaller, or when it is missing. */
    MIN("$min", true),
    /** {@code $max}: sets a field to the operand when the operand is larger, or when it is missing. */
    MAX("$max", true),
    /** {@code $rename}: moves a field to a new name. */
    RENAME("$rename", true),
    /** {@code $currentDate}: sets a field to the store clock's current time. */
    CURRENT_DATE("$currentDate", true),
    /** {@code $setOnInsert}: sets a field only when an upsert inserts the document. */
    SET_ON_INSERT("$setOnInsert", true),
    /** {@code $push}: appends to an array (with {@code $each $position $slice $sort}). */
    PUSH("$push", true),
    /** {@code $addToSet}: appends to an array the values it does not hold yet (with {@code $each}). */
    ADD_TO_SET("$addToSet", true),
    /** {@code $pop}: removes the first ({@code -1}) or last ({@code 1}) element of an array. */
    POP("$pop", false),
    /** {@code $pull}: removes the array elements equal to a value or matching a condition. */
    PULL("$pull", false),
    /** {@code $pullAll}: removes the array elements equal to any of the listed values. */
    PULL_ALL("$pullAll", false);

    private static final Map<String, UpdateOperator> BY_KEYWORD = new HashMap<>();

    static {
        for (UpdateOperator operator : values()) {
            BY_KEYWORD.put(operator.keyword, operator);
        }
    }

    private final String keyword;
    private final boolean createsPath;

    UpdateOperator(String keyword, boolean createsPath) {
        this.keyword = keyword;
        this.createsPath = createsPath;
    }

    /**
     * @param keyword a keyword as written in an update, such as {@code "$inc"}; null gives empty
     * @return the operator it names, or empty
     */
    public static Optional<UpdateOperator> forKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** @return whether the operator creates the fields of its path that are missing */
    public boolean createsPath() {
        return createsPath;
    }
}
