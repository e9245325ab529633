package io.tetherdb.query;

import java.util.List;
import java.util.Map;

/**
 * Matches when at least one child matches ({@code $or}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OrNode extends FilterNode {

    private final List<FilterNode> children;

    OrNode(List<FilterNode> children) {
        this.children = List.copyOf(children);
    }

    /** @return the children, in filter order; unmodifiable */
    public List<FilterNode> children() {
        return children;
    }

    @Override
    public boolean matches(Map<String, ?> document) {
        for (FilterNode child : children) {
            if (child.matches(document)) {
                return true;
            }
        }
        return false;
    }

    @Override
    boolean matchesValue(Object value) {
        for (FilterNode child : children) {
            if (child.matchesValue(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OrNode other && children.equals(other.children));
    }

    @Override
    public int hashCode() {
        return 31 * OrNode.class.hashCode() + children.hashCode();
    }

    @Override
    public String toString() {
        return "Or" + children;
    }
}
