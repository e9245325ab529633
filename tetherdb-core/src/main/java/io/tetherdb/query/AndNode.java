package io.tetherdb.query;

import java.util.List;

/**
 * Matches when every child matches; with no children it matches every document ({@code $and}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class AndNode extends LogicalNode {

    AndNode(List<FilterNode> children) {
        super(children, false, false);
    }
}
