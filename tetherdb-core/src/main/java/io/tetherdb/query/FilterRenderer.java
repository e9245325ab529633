package io.tetherdb.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;

/**
 * Renders a {@link FilterNode} tree back to a filter document in a canonical form: every field
 * condition spelled with its operator ({@code {a: {$eq: 1}}}), {@code $ne}, {@code $nin} and
 * {@code $exists: false} for their negations, conditions on one field merged into one operator
 * document, and regular expressions as {@code $regex}/{@code $options} or, inside arrays, as
 * {@code {$regularExpression: {pattern, options}}}. Compiling the result gives an equal tree.
 * Thread-safe and stateless.
 */
final class FilterRenderer {

    private FilterRenderer() {
    }

    static Document render(FilterNode node) {
        if (node instanceof OrNode or) {
            return Document.of(QueryOperator.OR.keyword(), renderAll(or.children()));
        }
        if (node instanceof NorNode nor) {
            return Document.of(QueryOperator.NOR.keyword(), renderAll(nor.children()));
        }
        if (node instanceof AndNode and) {
            return renderAnd(and);
        }
        DocumentPath path = fieldPath(node);
        Document operators = path == null ? null : operators(node);
        if (operators != null) {
            return Document.of(path.toString(), operators);
        }
        // A negation no field-level operator document can express; $nor of one filter is its negation.
        return Document.of(QueryOperator.NOR.keyword(), List.of(render(((NotNode) node).child())));
    }

    private static List<Object> renderAll(List<FilterNode> nodes) {
        List<Object> rendered = new ArrayList<>(nodes.size());
        for (FilterNode child : nodes) {
            rendered.add(render(child));
        }
        return rendered;
    }

    private static Document renderAnd(AndNode and) {
        if (and.children().size() == 1) {
            // {$and: [x]} compiles to an AND of one child, not to x itself
            return Document.of(QueryOperator.AND.keyword(), renderAll(and.children()));
        }
        DocumentPath path = fieldPath(and);
        if (path != null) {
            Document operators = operators(and);
            if (operators != null) {
                return Document.of(path.toString(), operators);
            }
        }
        Document merged = new Document();
        String last = null;
        for (FilterNode child : and.children()) {
            // A nested AND keeps its own $and so that compiling the result gives the same tree; an
            // empty one ({$and: [{}]}) has no such form and is rendered as an element, {}, below.
            if (child instanceof AndNode nested && nested.children().isEmpty()) {
                return Document.of(QueryOperator.AND.keyword(), renderAll(and.children()));
            }
            Document rendered = child instanceof AndNode nested
                    ? Document.of(QueryOperator.AND.keyword(), renderAll(nested.children())) : render(child);
            for (Map.Entry<String, Object> e : rendered.entrySet()) {
                Object existing = merged.get(e.getKey());
                if (existing == null) {
                    merged.put(e.getKey(), e.getValue());
                } else if (e.getKey().equals(last) && !last.startsWith("$") && existing instanceof Document a
                        && e.getValue() instanceof Document b && disjoint(a, b)) {
                    // only into the last field: merging into an earlier one would reorder the conditions
                    Document both = new Document(a);
                    both.putAll(b);
                    merged.put(e.getKey(), both);
                } else {
                    return Document.of(QueryOperator.AND.keyword(), renderAll(and.children()));
                }
                last = e.getKey();
            }
        }
        return merged;
    }

    /**
     * Whether two operator documents share no operator, so that one document can hold both. A
     * {@code $regex} merges like any other operator: its {@code $options} always travel with it, and
     * compiling {@code {$regex: 'a', $gt: 'b'}} gives the conditions in the same order.
     */
    private static boolean disjoint(Document a, Document b) {
        for (String key : b.keySet()) {
            if (a.containsKey(key)) {
                return false;
            }
        }
        return true;
    }

    /** @return the one path a field-level node tests, or null if it is not a field-level node */
    private static DocumentPath fieldPath(FilterNode node) {
        if (node instanceof FieldCondition condition) {
            return condition.path();
        }
        if (node instanceof ElemMatchCondition elemMatch) {
            return elemMatch.path();
        }
        if (node instanceof NotNode not) {
            return fieldPath(not.child());
        }
        if (node instanceof AndNode and && !and.children().isEmpty()) {
            DocumentPath path = null;
            for (FilterNode child : and.children()) {
                DocumentPath childPath = fieldPath(child);
                if (childPath == null || (path != null && !path.equals(childPath))) {
                    return null;
                }
                path = childPath;
            }
            return path;
        }
        return null;
    }

    /** @return the operator document for a field-level node, or null if one cannot express it */
    private static Document operators(FilterNode node) {
        if (node instanceof FieldCondition condition) {
            return operators(condition);
        }
        if (node instanceof ElemMatchCondition elemMatch) {
            Document inner = elemMatch.isValueForm() ? operators(elemMatch.condition())
                    : render(elemMatch.condition());
            return inner == null ? null : Document.of(QueryOperator.ELEM_MATCH.keyword(), inner);
        }
        if (node instanceof NotNode not) {
            if (not.child() instanceof FieldCondition condition) {
                Document negated = negated(condition);
                if (negated != null) {
                    return negated;
                }
            }
            Document inner = operators(not.child());
            return inner == null ? null : Document.of(QueryOperator.NOT.keyword(), inner);
        }
        if (node instanceof AndNode and) {
            Document all = allOfElemMatches(and);
            if (all != null) {
                return all;
            }
            Document merged = new Document();
            for (FilterNode child : and.children()) {
                // A nested AND other than $all of $elemMatch would be flattened by compiling.
                Document operators = child instanceof AndNode nested ? allOfElemMatches(nested) : operators(child);
                if (operators != null && !disjoint(merged, operators)) {
                    operators = otherSpelling(child);
                }
                if (operators == null || !disjoint(merged, operators)) {
                    return null;
                }
                merged.putAll(operators);
            }
            return merged;
        }
        return null;
    }

    /**
     * {@code {$all: [{$elemMatch: ...}, ...]}} for an AND of two or more {@code $elemMatch}
     * conditions, which is what compiling that gives; null for any other AND.
     */
    private static Document allOfElemMatches(AndNode and) {
        if (and.children().size() < 2) {
            return null;
        }
        List<Object> elemMatches = new ArrayList<>();
        for (FilterNode child : and.children()) {
            Document operators = child instanceof ElemMatchCondition ? operators(child) : null;
            if (operators == null) {
                return null;
            }
            elemMatches.add(operators);
        }
        return Document.of(QueryOperator.ALL.keyword(), elemMatches);
    }

    /**
     * A second spelling of a condition whose usual operator is taken in the same operator
     * document, as in {@code {$ne: 1, $not: {$eq: 2}}} or {@code {$elemMatch: a, $all:
     * [{$elemMatch: b}]}}: one operator document compiles to at most two such conditions, and a
     * value-form {@code $elemMatch} can only be written as one operator document. Null if there is
     * no other spelling.
     */
    private static Document otherSpelling(FilterNode node) {
        if (node instanceof NotNode not && not.child() instanceof FieldCondition condition) {
            return Document.of(QueryOperator.NOT.keyword(), operators(condition));
        }
        if (node instanceof ElemMatchCondition) {
            Document elemMatch = operators(node);
            return elemMatch == null ? null : Document.of(QueryOperator.ALL.keyword(), List.of(elemMatch));
        }
        return null;
    }

    /** @return the one operator that spells the negation of {@code condition}, or null for none but $not */
    private static Document negated(FieldCondition condition) {
        Object operand = condition.operand();
        return switch (condition.operator()) {
            case EQ -> Document.of(QueryOperator.NE.keyword(), Operands.render(operand));
            case IN -> Document.of(QueryOperator.NIN.keyword(), Operands.render(operand));
            case EXISTS -> Document.of(QueryOperator.EXISTS.keyword(), false);
            case GT, GTE, LT, LTE, ALL, CONTAINS, REGEX, SIZE, TYPE, MOD -> null;
        };
    }

    private static Document operators(FieldCondition condition) {
        Object operand = condition.operator() == Operator.REGEX ? null : Operands.render(condition.operand());
        QueryOperator syntax = condition.operator().syntax();
        // over the registry, so that a new operator has to say here how it is rendered
        return switch (syntax) {
            case REGEX -> {
                Pattern pattern = (Pattern) condition.operand();
                Document regex = Document.of(syntax.keyword(), pattern.pattern());
                String options = Operands.optionsOf(pattern);
                if (!options.isEmpty()) {
                    regex.append(QueryOperator.OPTIONS.keyword(), options);
                }
                yield regex;
            }
            case EXISTS -> Document.of(syntax.keyword(), true);
            case EQ, GT, GTE, LT, LTE, IN, ALL, CONTAINS, SIZE, TYPE, MOD -> Document.of(syntax.keyword(), operand);
            // Compiling spells these with the operators above (under a NotNode, an ElemMatchCondition
            // or an AndNode), so no FieldCondition carries them.
            case NE, NIN, OPTIONS, ELEM_MATCH, NOT, AND, OR, NOR, COMMENT ->
                throw new IllegalStateException("No field condition is spelled " + syntax.keyword());
        };
    }
}
