package io.tetherdb.spring.mongodb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.tetherdb.query.AndNode;
import io.tetherdb.query.ElemMatchCondition;
import io.tetherdb.query.FieldCondition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.FilterNode;
import io.tetherdb.query.LogicalNode;
import io.tetherdb.query.NorNode;
import io.tetherdb.query.NotNode;
import io.tetherdb.query.Operator;
import io.tetherdb.query.OrNode;
import org.bson.Document;

/**
 * Translates a compiled TetherDB {@link Filter} (the tree core's parser builds, so both backends
 * read a filter's text alike and refuse the same invalid ones with the same
 * {@link io.tetherdb.query.InvalidQueryException}) into a MongoDB query document. Every operator of
 * {@link Operator} has a server form; {@code $contains}, which MongoDB lacks, becomes an
 * {@code $elemMatch} equality on arrays or, for a string operand, an anchorless quoted
 * {@code $regex} on a field that is not an array. Several conditions are joined with
 * {@code $and}, so no two share a key. Stateless and thread-safe.
 */
final class MongoFilterTranslator {

    private MongoFilterTranslator() {
    }

    static Document translate(Filter filter) {
        return filter.matchesAll() ? new Document() : node(filter.root());
    }

    private static Document node(FilterNode node) {
        if (node instanceof FieldCondition condition) {
            return field(condition);
        }
        if (node instanceof ElemMatchCondition elemMatch) {
            Document operand = elemMatch.isValueForm() ? operators(elemMatch.condition())
                    : node(elemMatch.condition());
            return new Document(elemMatch.path().toString(), new Document("$elemMatch", operand));
        }
        if (node instanceof NotNode not) {
            return negation(not.child());
        }
        if (node instanceof LogicalNode logical) {
            List<Document> children = new ArrayList<>(logical.children().size());
            logical.children().forEach((child) -> children.add(node(child)));
            if (logical instanceof AndNode) {
                return children.isEmpty() ? new Document() : new Document("$and", children);
            }
            if (logical instanceof OrNode) {
                return new Document("$or", children);
            }
            if (logical instanceof NorNode) {
                return new Document("$nor", children);
            }
        }
        throw new IllegalStateException("Unexpected filter node " + node);
    }

    private static Document negation(FilterNode child) {
        if (child instanceof FieldCondition condition) {
            String path = condition.path().toString();
            switch (condition.operator()) {
                case EQ:
                    return new Document(path, new Document("$ne", BsonValues.toBsonValue(condition.operand())));
                case IN:
                    return new Document(path, new Document("$nin", BsonValues.toBsonValue(condition.operand())));
                case EXISTS:
                    return new Document(path, new Document("$exists", false));
                default:
                    break;
            }
        }
        // the negation of any one filter, missing fields included, as the embedded matcher has it
        return new Document("$nor", List.of(node(child)));
    }

    private static Document field(FieldCondition condition) {
        String path = condition.path().toString();
        if (condition.operator() == Operator.CONTAINS) {
            return contains(path, condition.operand());
        }
        return new Document(path, operator(condition));
    }

    /** One condition as an operator document on its field, such as {@code {$gt: 5}}. */
    private static Document operator(FieldCondition condition) {
        Object operand = condition.operand();
        return switch (condition.operator()) {
            case EQ, GT, GTE, LT, LTE, IN, ALL, SIZE, TYPE, MOD ->
                new Document(condition.operator().keyword(), BsonValues.toBsonValue(operand));
            case EXISTS -> new Document("$exists", true);
            case REGEX -> {
                Pattern pattern = (Pattern) operand;
                yield new Document("$regex", pattern.pattern()).append("$options", BsonValues.regexOptions(pattern));
            }
            case CONTAINS -> throw new IllegalStateException("$contains has no operator form on the server");
        };
    }

    /**
     * {@code $contains}: an array holding an element equal to the operand, or, for a string operand,
     * a string (not an array of them) holding it; the text is quoted so that it never acts as a
     * pattern.
     */
    private static Document contains(String path, Object operand) {
        Document element = new Document(path,
                new Document("$elemMatch", new Document("$eq", BsonValues.toBsonValue(operand))));
        if (!(operand instanceof String text)) {
            return element;
        }
        Document substring = new Document("$and", List.of(
                new Document(path, new Document("$regex", literal(text))),
                new Document(path, new Document("$not", new Document("$type", "array")))));
        return new Document("$or", List.of(element, substring));
    }

    /**
     * A pattern matching the text literally: every ASCII character other than a letter or digit is
     * escaped, which PCRE (the server's) and java.util.regex (mongo-java-server's) both read as
     * that character, the same on both engines; control characters too.
     */
    static String literal(String text) {
        StringBuilder pattern = new StringBuilder(text.length() * 2);
        text.codePoints().forEach((c) -> {
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                pattern.append('\\');
            }
            pattern.appendCodePoint(c);
        });
        return pattern.toString();
    }

    /** The value form of {@code $elemMatch}: the operators applied to each element itself. */
    private static Document operators(FilterNode node) {
        if (node instanceof FieldCondition condition && condition.operator() != Operator.CONTAINS) {
            return operator(condition);
        }
        if (node instanceof NotNode not && not.child() instanceof FieldCondition condition
                && condition.operator() != Operator.CONTAINS) {
            return new Document("$not", operator(condition));
        }
        if (node instanceof AndNode and) {
            Document merged = new Document();
            for (FilterNode child : and.children()) {
                Document part = operators(child);
                for (String key : part.keySet()) {
                    if (merged.containsKey(key)) {
                        throw new io.tetherdb.query.InvalidQueryException("$elemMatch repeats operator " + key
                                + ", which a MongoDB server cannot take");
                    }
                }
                merged.putAll(part);
            }
            return merged;
        }
        throw new io.tetherdb.query.InvalidQueryException("$elemMatch condition " + node
                + " has no form a MongoDB server takes");
    }

}
