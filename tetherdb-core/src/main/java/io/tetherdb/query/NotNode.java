package io.tetherdb.query;

import java.util.Map;

/**
 * Matches when its child does not: {@code $not}, and the compiled form of {@code $ne},
 * {@code $nin} and {@code $exists: false}. As in MongoDB, a negated field condition matches
 * documents where the field is missing.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class NotNode extends FilterNode {

    private final FilterNode child;

    NotNode(FilterNode child) {
        this.child = child;
    }

    /** @return the negated node */
    public FilterNode child() {
        return child;
    }

    @Override
    public boolean matches(Map<String, ?> document) {
        return !child.matches(document);
    }

    @Override
    boolean matchesValue(Object value) {
        return !child.matchesValue(value);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NotNode other && child.equals(other.child));
    }

    @Override
    public int hashCode() {
        return 31 * NotNode.class.hashCode() + child.hashCode();
    }

    @Override
    public String toString() {
        return "Not(" + child + ")";
    }
}
