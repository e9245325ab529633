package io.tetherdb.internal.aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.tetherdb.query.OperatorKeyword;

/**
 * Every expression operator of the aggregation language, declared once; the compiler switches over
 * them exhaustively. An operator not listed here is refused with its name. Immutable.
 */
public enum ExpressionOperator implements OperatorKeyword {
    LITERAL("$literal"),
    // arithmetic
    ADD("$add"), SUBTRACT("$subtract"), MULTIPLY("$multiply"), DIVIDE("$divide"), MOD("$mod"), ABS("$abs"),
    CEIL("$ceil"), FLOOR("$floor"), ROUND("$round"), TRUNC("$trunc"), SQRT("$sqrt"), POW("$pow"),
    EXP("$exp"), LN("$ln"), LOG10("$log10"),
    // comparison
    EQ("$eq"), NE("$ne"), GT("$gt"), GTE("$gte"), LT("$lt"), LTE("$lte"), CMP("$cmp"),
    // boolean
    AND("$and"), OR("$or"), NOT("$not"),
    // conditional
    COND("$cond"), IF_NULL("$ifNull"), SWITCH("$switch"),
    // string
    CONCAT("$concat"), SUBSTR_CP("$substrCP"), TO_LOWER("$toLower"), TO_UPPER("$toUpper"), SPLIT("$split"),
    STR_LEN_CP("$strLenCP"), REGEX_MATCH("$regexMatch"),
    // array
    SIZE("$size"), ARRAY_ELEM_AT("$arrayElemAt"), FILTER("$filter"), MAP("$map"), IN("$in"), SLICE("$slice"),
    // accumulators used on arrays
    SUM("$sum"), AVG("$avg"), MIN("$min"), MAX("$max"),
    // type
    TYPE("$type"), CONVERT("$convert"), TO_STRING("$toString"), TO_INT("$toInt"), TO_LONG("$toLong"),
    TO_DOUBLE("$toDouble"), TO_DECIMAL("$toDecimal"), TO_BOOL("$toBool"), TO_DATE("$toDate"),
    // date
    DATE_TRUNC("$dateTrunc"), DATE_TO_STRING("$dateToString"), DATE_FROM_STRING("$dateFromString"),
    YEAR("$year"), MONTH("$month"), DAY_OF_MONTH("$dayOfMonth"), HOUR("$hour"), MINUTE("$minute"),
    SECOND("$second"), MILLISECOND("$millisecond"), DAY_OF_WEEK("$dayOfWeek"), DAY_OF_YEAR("$dayOfYear"),
    // variables
    LET("$let");

    private static final Map<String, ExpressionOperator> BY_KEYWORD = new HashMap<>();

    static {
        for (ExpressionOperator operator : values()) {
            BY_KEYWORD.put(operator.keyword, operator);
        }
    }

    private final String keyword;

    ExpressionOperator(String keyword) {
        this.keyword = keyword;
    }

    /** @return the operator with that keyword, if the language has it */
    public static Optional<ExpressionOperator> forKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
