package io.tetherdb.query;

import java.util.List;

/**
 * Matches when no child matches ({@code $nor}).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class NorNode extends LogicalNode {

    NorNode(List<FilterNode> children) {
        super(children, true, false);
    }
}
