package io.tetherdb.internal.aggregate;

import java.util.Map;

import io.tetherdb.query.InvalidQueryException;

/**
 * The variables an expression sees: {@code $$ROOT}, {@code $$CURRENT}, those bound by
 * {@code $let}, {@code $map} and {@code $filter}, and those a {@code $lookup}'s {@code let} binds
 * for its pipeline, as an immutable chain. Thread-safe.
 */
public final class Variables {

    private final Map<String, ?> root;
    private final String name;
    private final Object value;
    private final Variables parent;
    /** Variables bound outside the pipeline's documents (a {@code $lookup}'s {@code let}), or null. */
    private final Map<String, ?> outer;

    private Variables(Map<String, ?> root, String name, Object value, Variables parent, Map<String, ?> outer) {
        this.root = root;
        this.name = name;
        this.value = value;
        this.parent = parent;
        this.outer = outer;
    }

    /** @return variables for one document, which is both {@code $$ROOT} and {@code $$CURRENT} */
    public static Variables of(Map<String, ?> document) {
        return new Variables(document, null, null, null, null);
    }

    /**
     * @param document {@code $$ROOT} and {@code $$CURRENT}
     * @param outer further variables by name, such as a {@code $lookup}'s {@code let}; null for none
     */
    static Variables of(Map<String, ?> document, Map<String, ?> outer) {
        return new Variables(document, null, null, null, outer);
    }

    Variables with(String variable, Object boundValue) {
        return new Variables(root, variable, boundValue, this, outer);
    }

    Map<String, ?> root() {
        return root;
    }

    Object get(String variable) {
        for (Variables v = this; v != null; v = v.parent) {
            if (variable.equals(v.name)) {
                return v.value;
            }
        }
        if (outer != null && outer.containsKey(variable)) {
            return outer.get(variable);
        }
        if ("ROOT".equals(variable) || "CURRENT".equals(variable)) {
            // a view over an unwound document is handed out as a document of its own
            return root instanceof UnwoundView view ? view.toDocument() : root;
        }
        throw new InvalidQueryException("Use of undefined variable: " + variable);
    }
}
