package io.tetherdb.spring.repository.query;

import java.util.Map;

import io.tetherdb.query.Filter;
import io.tetherdb.query.Projection;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.repository.Query;

import org.springframework.data.domain.Sort;
import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.util.StringUtils;

/**
 * A {@link Query @Query} method: its filter, projection and order are parsed once, at start-up,
 * and each execution binds the arguments as values into the parsed filter ({@link ParameterizedFilter}).
 *
 * <p>Thread-safe: everything parsed is immutable.
 *
 * @since 0.1
 */
public class StringBasedTetherQuery extends AbstractTetherQuery {

    private final ParameterizedFilter filter;

    private final Projection fields;

    private final Sort sort;

    private final Query annotation;

    /**
     * @param method the query method, annotated with {@link Query @Query}; not null
     * @param operations the operations to run it with; not null
     * @throws QueryCreationException if the filter, projection or order is not valid, or the
     *         count, exists and delete attributes are combined
     */
    public StringBasedTetherQuery(TetherQueryMethod method, TetherOperations operations) {
        super(method, operations);
        this.annotation = method.getQueryAnnotation();
        int modes = (this.annotation.count() ? 1 : 0) + (this.annotation.exists() ? 1 : 0)
                + (this.annotation.delete() ? 1 : 0);
        if (modes > 1) {
            throw method.invalid("@Query may set only one of count, exists and delete");
        }
        this.filter = ParameterizedFilter.parse(method.getAnnotatedFilter(), method);
        try {
            this.fields = StringUtils.hasText(this.annotation.fields()) ? Projection.parse(this.annotation.fields())
                    : null;
            this.sort = StringUtils.hasText(this.annotation.sort()) ? parseSort(this.annotation.sort()) : Sort.unsorted();
        }
        catch (RuntimeException ex) {
            throw method.invalid("@Query fields or sort is not valid: " + ex.getMessage(), ex);
        }
    }

    private static Sort parseSort(String text) {
        // parsed once by the core's rules (directions 1 or -1, no '$' field names, no field twice)
        Sort sort = Sort.unsorted();
        for (io.tetherdb.query.Sort.Key key : io.tetherdb.query.Sort.parse(text).keys()) {
            sort = sort.and(Sort.by(key.ascending() ? Sort.Direction.ASC : Sort.Direction.DESC, key.path().toString()));
        }
        return sort;
    }

    @Override
    protected TetherQuery createQuery(ParameterAccessor accessor) {
        Map<String, Object> bound = this.filter.bind((index) -> getConverter()
            .toDocumentValue(accessor.getBindableValue(index)));
        return TetherQuery.of(Filter.of(bound)).with(this.sort).with(accessor.getSort()).fields(this.fields);
    }

    @Override
    protected boolean isCountQuery() {
        return this.annotation.count();
    }

    @Override
    protected boolean isExistsQuery() {
        return this.annotation.exists();
    }

    @Override
    protected boolean isDeleteQuery() {
        return this.annotation.delete();
    }

}
