package io.tetherdb.query;

import java.util.List;

/**
 * Matches when at least one child matches ({@code $or}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class OrNode extends LogicalNode {

    OrNode(List<FilterNode> children) {
        super(children, true, true);
    }
}
