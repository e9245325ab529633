package io.tetherdb.spring.repository.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.TetherException;
import io.tetherdb.spring.core.TetherExceptionTranslator;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.repository.Aggregation;

import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.query.ParametersParameterAccessor;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.util.ClassUtils;

/**
 * An {@link Aggregation @Aggregation} method: its pipeline is parsed and checked once, at start-up;
 * each execution binds the arguments as values ({@link ParameterizedPipeline}), adds the
 * {@code Sort} and {@code Pageable} arguments as stages, runs the pipeline over the repository's
 * collection and reads each result as the method's return type.
 *
 * <p>Thread-safe: everything parsed is immutable.
 *
 * @since 0.2
 */
public class AggregationTetherQuery implements RepositoryQuery {

    private static final TetherExceptionTranslator TRANSLATOR = new TetherExceptionTranslator();

    private final TetherQueryMethod method;

    private final TetherOperations operations;

    private final Class<?> domainType;

    private final ParameterizedPipeline pipeline;

    /**
     * @param method the query method, annotated with {@link Aggregation @Aggregation}; not null
     * @param operations the operations to run it with; not null
     * @throws org.springframework.data.repository.query.QueryCreationException if the pipeline is not
     *         valid or puts a placeholder where no value goes
     */
    public AggregationTetherQuery(TetherQueryMethod method, TetherOperations operations) {
        this.method = Objects.requireNonNull(method, "method must not be null");
        this.operations = Objects.requireNonNull(operations, "operations must not be null");
        this.domainType = method.getEntityInformation().getJavaType();
        if (method.isPageQuery() || method.isScrollQuery()) {
            throw method.invalid("@Aggregation methods return a List, Stream, Slice or single result, not a Page or"
                    + " Window");
        }
        this.pipeline = ParameterizedPipeline.parse(method.getAggregationAnnotation().value(), method,
                (sample) -> operations.checkPipeline(sample, this.domainType));
    }

    @Override
    public TetherQueryMethod getQueryMethod() {
        return this.method;
    }

    @Override
    public Object execute(Object[] parameters) {
        ParametersParameterAccessor accessor = new ParametersParameterAccessor(this.method.getParameters(),
                parameters);
        List<Map<String, ?>> stages;
        try {
            stages = new ArrayList<>(this.pipeline.bind((index) -> this.operations.getConverter()
                .toDocumentValue(accessor.getBindableValue(index))));
        }
        catch (TetherException ex) {
            throw Objects.requireNonNull(TRANSLATOR.translateExceptionIfPossible(ex));
        }
        Sort sort = accessor.getSort();
        if (sort.isSorted()) {
            Map<String, Object> order = new LinkedHashMap<>();
            for (Sort.Order o : sort) {
                order.put(this.operations.getConverter().toFieldPath(this.domainType, o.getProperty()),
                        o.isAscending() ? 1 : -1);
            }
            stages.add(new Document("$sort", order));
        }
        Pageable pageable = this.method.getParameters().hasPageableParameter() ? accessor.getPageable()
                : Pageable.unpaged();
        boolean slice = this.method.isSliceQuery();
        if (pageable.isPaged()) {
            if (pageable.getOffset() > 0) {
                stages.add(new Document("$skip", pageable.getOffset()));
            }
            stages.add(new Document("$limit", pageable.getPageSize() + (slice ? 1 : 0)));
        }
        Class<?> type = this.method.getReturnedObjectType();
        Stream<Document> results = this.operations.streamAggregate(stages, this.domainType,
                this.method.getMaxExecutionTime());
        if (this.method.isStreamQuery()) {
            return results.map((document) -> read(document, type));
        }
        List<Object> content = new ArrayList<>();
        try (results) {
            results.forEach((document) -> content.add(read(document, type)));
        }
        if (slice) {
            boolean hasNext = pageable.isPaged() && content.size() > pageable.getPageSize();
            List<Object> page = hasNext ? content.subList(0, pageable.getPageSize()) : content;
            return new SliceImpl<>(new ArrayList<>(page), pageable, hasNext);
        }
        if (this.method.isCollectionQuery()) {
            return content;
        }
        if (content.isEmpty()) {
            return emptySingle(this.method.getMethod().getReturnType());
        }
        return content.get(0);
    }

    private Object read(Document document, Class<?> type) {
        if (type.isInstance(document) && (type == Document.class || type == Map.class || type == Object.class)) {
            return document;
        }
        if (isSingleValue(type)) {
            List<Object> values = new ArrayList<>();
            document.forEach((name, value) -> {
                if (!Document.ID.equals(name)) {
                    values.add(value);
                }
            });
            if (values.size() != 1) {
                throw new InvalidDataAccessApiUsageException(this.method.describe() + " returns a single value, so"
                        + " each result must hold one field besides _id, but one holds " + document.keySet());
            }
            return DefaultConversionService.getSharedInstance().convert(values.get(0), type);
        }
        // as TetherOperations.aggregate reads results: a conversion is a load, with its events
        return this.operations.read(type, document, this.domainType);
    }

    private static boolean isSingleValue(Class<?> type) {
        return ClassUtils.isPrimitiveOrWrapper(type) || Number.class.isAssignableFrom(type) || type == String.class
                || type == BigDecimal.class || type == Instant.class;
    }

    private static Object emptySingle(Class<?> returnType) {
        if (!returnType.isPrimitive()) {
            return null;
        }
        if (returnType == boolean.class) {
            return false;
        }
        return DefaultConversionService.getSharedInstance().convert(0, returnType);
    }

}
