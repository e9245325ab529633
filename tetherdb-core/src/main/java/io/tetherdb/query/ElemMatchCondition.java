package io.tetherdb.query;

import java.util.List;
import java.util.Map;

import io.tetherdb.document.DocumentPath;

/**
 * {@code $elemMatch}: matches when the path leads to an array one of whose elements satisfies the
 * whole condition. In the object form ({@code {items: {$elemMatch: {qty: {$gt: 5}}}}}) the
 * condition is a filter applied to elements that are documents or arrays (an array as the document
 * of its elements under the names {@code "0"}, {@code "1"}, ..., as MongoDB sees it), and its paths
 * are relative to the element; other elements never match. In the value form ({@code {scores: {$elemMatch: {$gte: 80, $lt: 85}}}}) the condition's
 * field conditions apply to the element itself and carry this node's own path.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ElemMatchCondition extends FilterNode {

    private final DocumentPath path;
    private final FilterNode condition;
    private final boolean valueForm;
    // Stateless, so one instance serves every match on every thread.
    private final PathWalker.Visitor visitor = new PathWalker.Visitor() {
        @Override
        public boolean present(Object value, boolean whole) {
            return matchesValue(value);
        }

        @Override
        public boolean missing() {
            return false;
        }
    };

    ElemMatchCondition(DocumentPath path, FilterNode condition, boolean valueForm) {
        this.path = path;
        this.condition = condition;
        this.valueForm = valueForm;
    }

    /** @return the path of the array */
    public DocumentPath path() {
        return path;
    }

    /** @return the condition one element must satisfy */
    public FilterNode condition() {
        return condition;
    }

    /** @return whether this is the value form, whose condition applies to the elements themselves */
    public boolean isValueForm() {
        return valueForm;
    }

    @Override
    public boolean matches(Map<String, ?> document) {
        return PathWalker.walk(document, path, visitor);
    }

    @Override
    @SuppressWarnings("unchecked")
    boolean matchesValue(Object value) {
        if (!(value instanceof List<?> list)) {
            return false;
        }
        for (Object element : list) {
            if (valueForm) {
                if (condition.matchesValue(element)) {
                    return true;
                }
            } else if (element instanceof Map<?, ?> map) {
                if (condition.matches((Map<String, ?>) map)) {
                    return true;
                }
            } else if (element instanceof List<?> array && condition.matches(new ArrayAsDocument(array))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ElemMatchCondition other && path.equals(other.path)
                && valueForm == other.valueForm && condition.equals(other.condition));
    }

    @Override
    public int hashCode() {
        return (path.hashCode() * 31 + condition.hashCode()) * 31 + (valueForm ? 1 : 0);
    }

    @Override
    public String toString() {
        return "ElemMatch(" + path + (valueForm ? ", value, " : ", object, ") + condition + ")";
    }
}
