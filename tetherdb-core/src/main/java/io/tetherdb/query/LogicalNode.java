package io.tetherdb.query;

import java.util.List;
import java.util.Map;

/**
 * A logical combination of child nodes ({@code $and}, {@code $or}, {@code $nor}), evaluated child
 * by child until one child's answer decides the whole.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public abstract sealed class LogicalNode extends FilterNode permits AndNode, OrNode, NorNode {

    private final List<FilterNode> children;
    private final boolean decidingAnswer;
    private final boolean resultWhenDecided;

    /**
     * @param children the children, copied
     * @param decidingAnswer the child answer that decides the result at once
     * @param resultWhenDecided the result when a child gives that answer (the opposite otherwise)
     */
    LogicalNode(List<FilterNode> children, boolean decidingAnswer, boolean resultWhenDecided) {
        this.children = List.copyOf(children);
        this.decidingAnswer = decidingAnswer;
        this.resultWhenDecided = resultWhenDecided;
    }

    /** @return the children, in filter order; unmodifiable */
    public List<FilterNode> children() {
        return children;
    }

    @Override
    public boolean matches(Map<String, ?> document) {
        for (FilterNode child : children) {
            if (child.matches(document) == decidingAnswer) {
                return resultWhenDecided;
            }
        }
        return !resultWhenDecided;
    }

    @Override
    boolean matchesValue(Object value) {
        for (FilterNode child : children) {
            if (child.matchesValue(value) == decidingAnswer) {
                return resultWhenDecided;
            }
        }
        return !resultWhenDecided;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o != null && o.getClass() == getClass() && children.equals(((LogicalNode) o).children));
    }

    @Override
    public int hashCode() {
        return 31 * getClass().hashCode() + children.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName().replace("Node", "") + children;
    }
}
