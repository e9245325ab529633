package io.tetherdb.spring.repository.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.Projection;
import io.tetherdb.spring.core.FindAndModifyOptions;
import io.tetherdb.spring.core.TetherExceptionTranslator;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.mapping.TetherConverter;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.Parameters;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.ResultProcessor;
import org.springframework.data.repository.query.ReturnedType;
import org.springframework.data.support.PageableExecutionUtils;

/**
 * Runs a repository query method: builds its {@link TetherQuery} from the arguments (left to
 * subclasses), applies {@code Pageable}, {@code Limit} and Top/First, and shapes the result for the
 * method's return type: count, exists, delete, {@code Stream}, {@code Page}, {@code Slice},
 * {@code Window} (through {@link TetherOperations#scrollDocuments}), a
 * collection or a single result ({@code Optional} and null are handled by Spring Data), with
 * interface and DTO projections. A DTO projection reads only the DTO's properties. A
 * {@link io.tetherdb.spring.repository.Meta @Meta} time limit is set on the query, so every
 * operation the method runs keeps to it.
 *
 * <p>Thread-safe: each execution works on its own objects.
 *
 * @since 0.1
 */
public abstract class AbstractTetherQuery implements RepositoryQuery {

    private static final TetherExceptionTranslator TRANSLATOR = new TetherExceptionTranslator();

    private final TetherQueryMethod method;

    private final TetherOperations operations;

    private final Class<?> domainType;

    /** The bound update of an {@code @Update} method, or null. */
    private final ParameterizedUpdate update;

    /** What an {@code @Update} method returns, or null. */
    private final UpdateResultKind updateResult;

    /** What an {@code @Update} method returns, by its return type. */
    private enum UpdateResultKind {
        /** {@code void}: update every match. */
        NOTHING,
        /** {@code long}/{@code int}: update every match, return how many were modified. */
        LONG_COUNT,
        /** {@code int}: as {@link #LONG_COUNT}, as an int. */
        INT_COUNT,
        /** The entity: update the first match, return it as updated. */
        ENTITY
    }

    /**
     * @param method the query method; not null
     * @param operations the operations to run it with; not null
     * @throws QueryCreationException if the method's shape is not supported
     */
    protected AbstractTetherQuery(TetherQueryMethod method, TetherOperations operations) {
        this.method = method;
        this.operations = operations;
        this.domainType = method.getEntityInformation().getJavaType();
        if (method.getUpdateAnnotation() != null) {
            this.update = ParameterizedUpdate.parse(method.getUpdateAnnotation().value(), method);
            this.updateResult = updateResultKind(method);
        }
        else {
            this.update = null;
            this.updateResult = null;
        }
    }

    private static UpdateResultKind updateResultKind(TetherQueryMethod method) {
        Class<?> type = method.getMethod().getReturnType();
        if (type == void.class || type == Void.class) {
            return UpdateResultKind.NOTHING;
        }
        if (type == long.class || type == Long.class) {
            return UpdateResultKind.LONG_COUNT;
        }
        if (type == int.class || type == Integer.class) {
            return UpdateResultKind.INT_COUNT;
        }
        if (method.isCollectionQuery() || method.isStreamQuery() || method.isPageQuery() || method.isSliceQuery()
                || !method.isQueryForEntity()) {
            throw method.invalid("an @Update method returns void, long, int, the entity or Optional of it, not "
                    + method.getMethod().getGenericReturnType());
        }
        return UpdateResultKind.ENTITY;
    }

    @Override
    public TetherQueryMethod getQueryMethod() {
        return this.method;
    }

    /** @return the operations queries run with */
    protected TetherOperations getOperations() {
        return this.operations;
    }

    /** @return the converter of entities, property paths and arguments */
    protected TetherConverter getConverter() {
        return this.operations.getConverter();
    }

    /**
     * @param accessor the arguments; not null
     * @return the query for them, ordered (by the method's static order and any {@code Sort} or
     *         {@code Pageable} argument) but not yet paged
     */
    protected abstract TetherQuery createQuery(ParameterAccessor accessor);

    /** @return whether the method counts */
    protected abstract boolean isCountQuery();

    /** @return whether the method checks existence */
    protected abstract boolean isExistsQuery();

    /** @return whether the method deletes */
    protected abstract boolean isDeleteQuery();

    /** @return whether results are made distinct */
    protected boolean isDistinct() {
        return false;
    }

    /** @return the Top/First limit of the method, or null */
    protected Integer getMaxResults() {
        return null;
    }

    @Override
    public Object execute(Object[] parameters) {
        ParametersParameterAccessor accessor = new ParametersParameterAccessor(this.method.getParameters(),
                parameters);
        ResultProcessor processor = this.method.getResultProcessor().withDynamicProjection(accessor);
        Parameters<?, ?> declared = this.method.getParameters();
        TetherQuery query;
        try {
            query = createQuery(accessor);
        }
        catch (TetherException ex) {
            throw Objects.requireNonNull(TRANSLATOR.translateExceptionIfPossible(ex));
        }
        if (this.method.getMaxExecutionTime() != null) {
            query = query.maxTime(this.method.getMaxExecutionTime());
        }
        boolean limited = false;
        if (declared.hasLimitParameter()) {
            Limit limit = accessor.getLimit();
            if (limit.isLimited()) {
                query = limitTo(query, limit.max());
                limited = true;
            }
        }
        Integer max = getMaxResults();
        if (max != null) {
            query = limitTo(query, max);
            limited = true;
        }
        if (this.update != null) {
            return update(query, accessor, processor);
        }
        if (isCountQuery()) {
            return this.operations.count(query, this.domainType);
        }
        if (isExistsQuery()) {
            return this.operations.exists(query, this.domainType);
        }
        if (isDeleteQuery()) {
            return delete(query);
        }
        Pageable pageable = declared.hasPageableParameter() ? accessor.getPageable() : Pageable.unpaged();
        Reader reader = reader(processor.getReturnedType(), query);
        query = reader.query();
        if (this.method.isScrollQuery()) {
            return processor.processResult(this.operations
                .scrollDocuments(query, accessor.getScrollPosition(), this.domainType)
                .map(reader::read));
        }
        if (this.method.isStreamQuery()) {
            Stream<Document> documents = this.operations.streamDocuments(page(query, pageable), this.domainType);
            if (isDistinct()) {
                documents = documents.distinct();
            }
            return processor.processResult(documents.map(reader::read));
        }
        if (this.method.isPageQuery()) {
            TetherQuery counted = query;
            List<Object> content = read(page(query, pageable), reader);
            return processor.processResult(PageableExecutionUtils.getPage(content, pageable,
                    () -> this.operations.count(counted, this.domainType)));
        }
        if (this.method.isSliceQuery()) {
            if (pageable.isUnpaged()) {
                return processor.processResult(new SliceImpl<>(read(query, reader), pageable, false));
            }
            List<Object> content = read(query.skip(pageable.getOffset()).limit(pageable.getPageSize() + 1),
                    reader);
            boolean hasNext = content.size() > pageable.getPageSize();
            List<Object> slice = hasNext ? content.subList(0, pageable.getPageSize()) : content;
            return processor.processResult(new SliceImpl<>(new ArrayList<>(slice), pageable, hasNext));
        }
        if (this.method.isCollectionQuery()) {
            return processor.processResult(read(page(query, pageable), reader));
        }
        List<Object> results = read(limited ? query : limitTo(query, 2), reader);
        if (results.size() > 1) {
            throw new IncorrectResultSizeDataAccessException("Query of " + this.method.describe()
                    + " returned more than one result", 1, results.size());
        }
        return processor.processResult(results.isEmpty() ? null : results.get(0));
    }

    private Object update(TetherQuery query, ParameterAccessor accessor, ResultProcessor processor) {
        if (isCountQuery() || isExistsQuery() || isDeleteQuery()) {
            throw new InvalidDataAccessApiUsageException(this.method.describe()
                    + ": @Update cannot be combined with a count, exists or delete query");
        }
        Map<String, Object> bound = this.update.bind((index) -> getConverter()
            .toDocumentValue(accessor.getBindableValue(index)));
        io.tetherdb.spring.core.Update update = io.tetherdb.spring.core.Update.fromDocument(bound);
        return switch (this.updateResult) {
            case NOTHING -> {
                this.operations.updateAll(query, update, this.domainType);
                yield null;
            }
            case LONG_COUNT -> this.operations.updateAll(query, update, this.domainType).modifiedCount();
            case INT_COUNT -> (int) this.operations.updateAll(query, update, this.domainType).modifiedCount();
            case ENTITY -> processor.processResult(this.operations.findAndModify(query, update,
                    FindAndModifyOptions.options().returnNew(true), this.domainType).orElse(null));
        };
    }

    private Object delete(TetherQuery query) {
        if (this.method.isCollectionQuery() || this.method.isQueryForEntity()) {
            List<?> deleted = this.operations.findAllAndDelete(query, this.domainType);
            if (this.method.isCollectionQuery()) {
                return deleted;
            }
            return deleted.isEmpty() ? null : deleted.get(0);
        }
        return this.operations.delete(query, this.domainType);
    }

    private static TetherQuery limitTo(TetherQuery query, int max) {
        return (query.getLimit() == 0 || max < query.getLimit()) ? query.limit(max) : query;
    }

    private static TetherQuery page(TetherQuery query, Pageable pageable) {
        if (pageable.isUnpaged()) {
            return query;
        }
        TetherQuery skipped = query.skip(query.getSkip() + pageable.getOffset());
        return limitTo(skipped, pageable.getPageSize());
    }

    private List<Object> read(TetherQuery query, Reader reader) {
        List<Document> documents = this.operations.findDocuments(query, this.domainType);
        List<Object> results = new ArrayList<>(documents.size());
        Iterable<Document> distinct = isDistinct() ? new LinkedHashSet<>(documents) : documents;
        for (Document document : distinct) {
            results.add(reader.read(document));
        }
        return results;
    }

    /**
     * Decides what to read: the entity, or a DTO read straight from the document's fields (only
     * those the DTO has, unless the query chose its own fields).
     */
    private Reader reader(ReturnedType returned, TetherQuery query) {
        if (returned.isDtoProjection() && !returned.getReturnedType().isAssignableFrom(this.domainType)) {
            TetherQuery projected = query;
            if (query.getProjection() == null && returned.hasInputProperties()) {
                projected = query.fields(projection(returned.getInputProperties()));
            }
            return new Reader(projected, returned.getReturnedType());
        }
        if (returned.isInterfaceProjection() && returned.hasInputProperties() && query.getProjection() == null) {
            return new Reader(query.fields(projection(returned.getInputProperties())), this.domainType);
        }
        return new Reader(query, this.domainType);
    }

    private Projection projection(List<String> properties) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Document.ID, 0);
        for (String property : properties) {
            fields.put(getConverter().toFieldPath(this.domainType, property), 1);
        }
        return Projection.of(fields);
    }

    /** A query whose documents are read as one type. */
    private final class Reader {

        private final TetherQuery query;

        private final Class<?> type;

        Reader(TetherQuery query, Class<?> type) {
            this.query = query;
            this.type = type;
        }

        TetherQuery query() {
            return this.query;
        }

        Object read(Document document) {
            // through the operations, so that query results are loads with their events and callbacks
            return getOperations().read(this.type, (Document) document, AbstractTetherQuery.this.domainType);
        }

    }

}
