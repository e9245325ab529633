package io.tetherdb.internal.aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.tetherdb.query.OperatorKeyword;

/**
 * Every stage of the aggregation pipeline, declared once; the compiler switches over them
 * exhaustively. A stage not listed here is refused with its name. Immutable.
 */
public enum StageKind implements OperatorKeyword {
    MATCH("$match"), PROJECT("$project"), ADD_FIELDS("$addFields"), SET("$set"), UNSET("$unset"), SORT("$sort"),
    SKIP("$skip"), LIMIT("$limit"), GROUP("$group"), COUNT("$count"), UNWIND("$unwind"),
    SORT_BY_COUNT("$sortByCount"), BUCKET("$bucket"), BUCKET_AUTO("$bucketAuto"), FACET("$facet"),
    REPLACE_ROOT("$replaceRoot"), REPLACE_WITH("$replaceWith"), SAMPLE("$sample"), LOOKUP("$lookup"),
    OUT("$out"), MERGE("$merge");

    private static final Map<String, StageKind> BY_KEYWORD = new HashMap<>();

    static {
        for (StageKind kind : values()) {
            BY_KEYWORD.put(kind.keyword, kind);
        }
    }

    private final String keyword;

    StageKind(String keyword) {
        this.keyword = keyword;
    }

    /** @return the stage with that keyword, if the pipeline language has it */
    public static Optional<StageKind> forKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** Whether the stage writes the pipeline's output and so must come last. */
    boolean writes() {
        return this == OUT || this == MERGE;
    }
}
