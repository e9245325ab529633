package io.tetherdb.spring.repository.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.mapping.TetherConverter;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Range;
import org.springframework.data.domain.Range.Bound;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.parser.AbstractQueryCreator;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;
import org.springframework.util.ObjectUtils;

/**
 * Builds a {@link TetherQuery} from a derived query method's {@link PartTree} and its arguments:
 * each part becomes a {@link Filters} condition on the document field of its property path
 * ({@code findByAddressCity} reads {@code address.city}), parts are joined with {@code $and} and
 * {@code $or}. Every argument is converted as a stored property would be and bound as a literal
 * value; {@code Like}, {@code StartingWith}, {@code EndingWith}, {@code Containing} and
 * {@code IgnoreCase} quote the argument ({@link Pattern#quote}) before building a regular
 * expression; only {@code Regex} takes the argument as one.
 *
 * <p>Created for one execution; not thread-safe (nor shared).
 *
 * @since 0.1
 */
public class TetherQueryCreator extends AbstractQueryCreator<TetherQuery, Filter> {

    private static final String CASE_INSENSITIVE = "i";

    private final TetherQueryMethod method;

    private final TetherConverter converter;

    private final Class<?> domainType;

    /**
     * @param tree the parsed method name; not null
     * @param parameters the arguments; not null
     * @param method the query method; not null
     * @param converter converts property paths and arguments; not null
     */
    public TetherQueryCreator(PartTree tree, ParameterAccessor parameters, TetherQueryMethod method,
            TetherConverter converter) {
        super(tree, parameters);
        this.method = method;
        this.converter = converter;
        this.domainType = method.getEntityInformation().getJavaType();
    }

    /**
     * Checks at start-up that every part of a derived query can be expressed.
     *
     * @param tree the parsed method name; not null
     * @param method the method; not null
     * @throws QueryCreationException naming the method and the keyword that cannot be expressed
     */
    static void validate(PartTree tree, TetherQueryMethod method) {
        for (Part part : tree.getParts()) {
            Class<?> type = part.getProperty().getLeafProperty().getType();
            switch (part.getType()) {
                case NEAR:
                case WITHIN:
                    throw method.invalid("the keyword " + part.getType()
                            + " (on property " + part.getProperty().toDotPath()
                            + ") cannot be expressed in TetherDB's query language");
                case IS_EMPTY:
                case IS_NOT_EMPTY:
                    if (!isCollection(part) && !CharSequence.class.isAssignableFrom(type)
                            && !Map.class.isAssignableFrom(type)) {
                        throw method.invalid(part.getType() + " needs a string, collection,"
                                + " array or map property, but " + part.getProperty().toDotPath() + " is "
                                + type.getName());
                    }
                    break;
                case LIKE:
                case NOT_LIKE:
                case STARTING_WITH:
                case ENDING_WITH:
                    if (!CharSequence.class.isAssignableFrom(type)) {
                        throw method.invalid(part.getType() + " needs a string property, but "
                                + part.getProperty().toDotPath() + " is " + type.getName());
                    }
                    break;
                default:
                    break;
            }
            if (part.shouldIgnoreCase() == Part.IgnoreCaseType.ALWAYS && !CharSequence.class.isAssignableFrom(type)
                    && !isCollectionOfStrings(part)) {
                throw method.invalid("IgnoreCase needs a string property, but "
                        + part.getProperty().toDotPath() + " is " + type.getName());
            }
        }
    }

    @Override
    protected Filter create(Part part, Iterator<Object> iterator) {
        String field = this.converter.toFieldPath(this.domainType, part.getProperty().toDotPath());
        boolean ignoreCase = ignoreCase(part);
        switch (part.getType()) {
            case SIMPLE_PROPERTY: {
                Object value = value(iterator.next());
                return (ignoreCase && value instanceof String text) ? regex(field, "^" + Pattern.quote(text) + "$", true)
                        : Filters.eq(field, LiteralValues.forEquality(value));
            }
            case NEGATING_SIMPLE_PROPERTY: {
                Object value = value(iterator.next());
                return (ignoreCase && value instanceof String text)
                        ? Filters.not(regex(field, "^" + Pattern.quote(text) + "$", true))
                        : Filters.ne(field, LiteralValues.forEquality(value));
            }
            case GREATER_THAN:
            case AFTER:
                return Filters.gt(field, comparable(iterator.next(), part));
            case GREATER_THAN_EQUAL:
                return Filters.gte(field, comparable(iterator.next(), part));
            case LESS_THAN:
            case BEFORE:
                return Filters.lt(field, comparable(iterator.next(), part));
            case LESS_THAN_EQUAL:
                return Filters.lte(field, comparable(iterator.next(), part));
            case BETWEEN:
                return between(field, part, iterator);
            case IS_NULL:
                return Filters.eq(field, null);
            case IS_NOT_NULL:
                return Filters.ne(field, null);
            case EXISTS:
                return Filters.exists(field);
            case TRUE:
                return Filters.eq(field, Boolean.TRUE);
            case FALSE:
                return Filters.eq(field, Boolean.FALSE);
            case IN:
                return Filters.in(field, values(iterator.next(), part, ignoreCase));
            case NOT_IN:
                return Filters.nin(field, values(iterator.next(), part, ignoreCase));
            case LIKE:
                return regex(field, likeToRegex(text(iterator.next(), part)), ignoreCase);
            case NOT_LIKE:
                return Filters.not(regex(field, likeToRegex(text(iterator.next(), part)), ignoreCase));
            case STARTING_WITH:
                return regex(field, "^" + Pattern.quote(text(iterator.next(), part)), ignoreCase);
            case ENDING_WITH:
                return regex(field, Pattern.quote(text(iterator.next(), part)) + "$", ignoreCase);
            case CONTAINING:
                return containing(field, part, iterator.next(), ignoreCase);
            case NOT_CONTAINING:
                return Filters.not(containing(field, part, iterator.next(), ignoreCase));
            case REGEX:
                return userRegex(field, iterator.next(), part, ignoreCase);
            case IS_EMPTY:
                return empty(field, part);
            case IS_NOT_EMPTY:
                return notEmpty(field, part);
            default:
                throw new InvalidDataAccessApiUsageException("Keyword " + part.getType() + " of "
                        + this.method.describe() + " cannot be expressed in TetherDB's query language");
        }
    }

    @Override
    protected Filter and(Part part, Filter base, Iterator<Object> iterator) {
        return Filters.and(base, create(part, iterator));
    }

    @Override
    protected Filter or(Filter base, Filter criteria) {
        return Filters.or(base, criteria);
    }

    @Override
    protected TetherQuery complete(Filter criteria, Sort sort) {
        return TetherQuery.of((criteria != null) ? criteria : Filter.all()).with(sort);
    }

    private boolean ignoreCase(Part part) {
        switch (part.shouldIgnoreCase()) {
            case ALWAYS:
                return true;
            case WHEN_POSSIBLE:
                return CharSequence.class.isAssignableFrom(part.getProperty().getLeafProperty().getType())
                        || isCollectionOfStrings(part);
            default:
                return false;
        }
    }

    private static boolean isCollection(Part part) {
        Class<?> type = part.getProperty().getLeafProperty().getType();
        return part.getProperty().getLeafProperty().isCollection() || type.isArray()
                || Collection.class.isAssignableFrom(type);
    }

    private static boolean isCollectionOfStrings(Part part) {
        return isCollection(part) && part.getProperty().getLeafProperty().getTypeInformation().getActualType() != null
                && CharSequence.class.isAssignableFrom(
                        part.getProperty().getLeafProperty().getTypeInformation().getRequiredActualType().getType());
    }

    private Object value(Object argument) {
        return this.converter.toDocumentValue(argument);
    }

    private Object comparable(Object argument, Part part) {
        return LiteralValues.forComparison(value(argument), this.method.describe() + " (" + part.getType() + ")");
    }

    private String text(Object argument, Part part) {
        Object value = value(argument);
        if (!(value instanceof String text)) {
            throw new InvalidDataAccessApiUsageException(part.getType() + " of " + this.method.describe()
                    + " needs a string argument, not " + argument);
        }
        return text;
    }

    private Filter between(String field, Part part, Iterator<Object> iterator) {
        Object first = iterator.next();
        if (first instanceof Range<?> range) {
            List<Filter> bounds = new ArrayList<>(2);
            addBound(bounds, field, range.getLowerBound(), true, part);
            addBound(bounds, field, range.getUpperBound(), false, part);
            return bounds.isEmpty() ? Filters.exists(field)
                    : (bounds.size() == 1) ? bounds.get(0) : Filters.and(bounds.toArray(new Filter[0]));
        }
        return Filters.and(Filters.gt(field, comparable(first, part)),
                Filters.lt(field, comparable(iterator.next(), part)));
    }

    private void addBound(List<Filter> bounds, String field, Bound<?> bound, boolean lower, Part part) {
        if (!bound.isBounded()) {
            return;
        }
        Object value = comparable(bound.getValue().orElse(null), part);
        if (lower) {
            bounds.add(bound.isInclusive() ? Filters.gte(field, value) : Filters.gt(field, value));
        }
        else {
            bounds.add(bound.isInclusive() ? Filters.lte(field, value) : Filters.lt(field, value));
        }
    }

    private List<Object> values(Object argument, Part part, boolean ignoreCase) {
        Object converted = value((argument != null && argument.getClass().isArray())
                ? ObjectUtils.toObjectArray(argument) : argument);
        if (converted instanceof Object[] array) {
            converted = List.of(array);
        }
        if (!(converted instanceof Collection<?> collection)) {
            throw new InvalidDataAccessApiUsageException(part.getType() + " of " + this.method.describe()
                    + " needs a collection or array argument, not " + argument);
        }
        List<Object> values = new ArrayList<>(collection.size());
        for (Object value : collection) {
            values.add((ignoreCase && value instanceof String text)
                    ? Pattern.compile("^" + Pattern.quote(text) + "$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    : LiteralValues.forEquality(value));
        }
        return values;
    }

    private Filter containing(String field, Part part, Object argument, boolean ignoreCase) {
        Object value = value(argument);
        if (ignoreCase && value instanceof String text) {
            if (isCollection(part)) {
                return Filters.eq(field, Pattern.compile("^" + Pattern.quote(text) + "$",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            }
            return regex(field, Pattern.quote(text), true);
        }
        // $contains: an element of an array, or a substring of a string, equal to the literal value
        return Filters.contains(field, LiteralValues.forEquality(value));
    }

    private Filter userRegex(String field, Object argument, Part part, boolean ignoreCase) {
        if (argument instanceof Pattern pattern) {
            return ignoreCase ? Filters.regex(field, pattern.pattern(), CASE_INSENSITIVE)
                    : Filters.regex(field, pattern);
        }
        return regex(field, text(argument, part), ignoreCase);
    }

    private Filter regex(String field, String regex, boolean ignoreCase) {
        try {
            return ignoreCase ? Filters.regex(field, regex, CASE_INSENSITIVE) : Filters.regex(field, regex);
        }
        catch (PatternSyntaxException ex) {
            throw new InvalidDataAccessApiUsageException("Invalid regular expression for " + this.method.describe()
                    + ": " + ex.getMessage(), ex);
        }
    }

    /** {@code Like}: {@code *} stands for any run of characters, everything else is literal. */
    static String likeToRegex(String like) {
        StringBuilder regex = new StringBuilder("^");
        int start = 0;
        int star;
        while ((star = like.indexOf('*', start)) >= 0) {
            if (star > start) {
                regex.append(Pattern.quote(like.substring(start, star)));
            }
            regex.append(".*");
            start = star + 1;
        }
        if (start < like.length()) {
            regex.append(Pattern.quote(like.substring(start)));
        }
        return regex.append('$').toString();
    }

    private Filter empty(String field, Part part) {
        if (isCollection(part)) {
            return Filters.size(field, 0);
        }
        Class<?> type = part.getProperty().getLeafProperty().getType();
        return Filters.eq(field, Map.class.isAssignableFrom(type) ? new Document() : "");
    }

    private Filter notEmpty(String field, Part part) {
        if (isCollection(part)) {
            return Filters.exists(field + ".0");
        }
        Class<?> type = part.getProperty().getLeafProperty().getType();
        if (Map.class.isAssignableFrom(type)) {
            return Filters.and(Filters.type(field, "object"), Filters.ne(field, new Document()));
        }
        return Filters.gt(field, "");
    }

}
