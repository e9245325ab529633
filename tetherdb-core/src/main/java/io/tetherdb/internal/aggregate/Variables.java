package io.tetherdb.internal.aggregate;

import java.util.Map;

import io.tetherdb.query.InvalidQueryException;

/**
 * The variables an expression sees: {@code $$ROOT}, {@code $$CURRENT} and those bound by
 * {@code $let}, {@code $map} and {@code $filter}, as an immutable chain. Thread-safe.
 */
public final class Variables {

    private final Map<String, ?> root;
    private final String name;
    private final Object value;
    private final Variables parent;

    private Variables(Map<String, ?> root, String name, Object value, Variables parent) {
        this.root = root;
        this.name = name;
        this.value = value;
        this.parent = parent;
    }

    /** @return variables for one document, which is both {@code $$ROOT} and {@code $$CURRENT} */
    public static Variables of(Map<String, ?> document) {
        return new Variables(document, null, null, null);
    }

    Variables with(String variable, Object boundValue) {
        return new Variables(root, variable, boundValue, this);
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
        if ("ROOT".equals(variable) || "CURRENT".equals(variable)) {
            return root;
        }
        throw new InvalidQueryException("Use of undefined variable: " + variable);
    }
}
