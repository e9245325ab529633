package io.tetherdb.query;

import java.util.Map;

/**
 * A node of a compiled filter: a condition on a field ({@link FieldCondition},
 * {@link ElemMatchCondition}) or a logical combination ({@link AndNode}, {@link OrNode},
 * {@link NorNode}, {@link NotNode}). A query planner walks this tree to find index bounds.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public abstract sealed class FilterNode permits FieldCondition, ElemMatchCondition, LogicalNode,
        NotNode {

    FilterNode() {
    }

    /**
     * @param document the document to test, read only through {@link Map#get} and
     *        {@link Map#containsKey} at the top level; not null
     * @return whether the document satisfies this node
     */
    public abstract boolean matches(Map<String, ?> document);

    /**
     * Tests one array element inside a value {@code $elemMatch} (such as
     * {@code {$elemMatch: {$gt: 1, $lt: 5}}}), without expanding the value if it is an array.
     */
    abstract boolean matchesValue(Object value);
}
