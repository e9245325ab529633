package io.tetherdb.query;

import java.util.List;
import java.util.Map;

/**
 * Matches when no child matches ({@code $nor}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class NorNode extends FilterNode {

    private final List<FilterNode> children;

    NorNode(List<FilterNode> children) {
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
                return false;
            }
        }
        return true;
    }

    @Override
    boolean matchesValue(Object value) {
        for (FilterNode child : children) {
            if (child.matchesValue(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NorNode other && children.equals(other.children));
    }

    @Override
    public int hashCode() {
        return 31 * NorNode.class.hashCode() + children.hashCode();
    }

    @Override
    public String toString() {
        return "Nor" + children;
    }
}
