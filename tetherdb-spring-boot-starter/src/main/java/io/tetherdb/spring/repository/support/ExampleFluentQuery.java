package io.tetherdb.spring.repository.support;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.tetherdb.query.Projection;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.query.FluentQuery.FetchableFluentQuery;
import org.springframework.data.support.PageableExecutionUtils;

/**
 * The fluent query of {@code findBy(Example, Function)}: order, limit, projected fields and a
 * result type refine one {@link TetherQuery}, then a terminal method runs it; {@link #scroll}
 * reads a window through {@link TetherOperations#scroll}.
 *
 * <p>Immutable: every refinement returns a new instance; thread-safe.
 *
 * @param <S> the entity type of the example
 * @param <R> the result type
 */
final class ExampleFluentQuery<S, R> implements FetchableFluentQuery<R> {

    private final TetherOperations operations;

    private final TetherQuery query;

    private final Class<S> entityType;

    private final Class<R> resultType;

    ExampleFluentQuery(TetherOperations operations, TetherQuery query, Class<S> entityType, Class<R> resultType) {
        this.operations = operations;
        this.query = query;
        this.entityType = entityType;
        this.resultType = resultType;
    }

    @Override
    public FetchableFluentQuery<R> sortBy(Sort sort) {
        return new ExampleFluentQuery<>(this.operations, this.query.with(sort), this.entityType, this.resultType);
    }

    @Override
    public FetchableFluentQuery<R> limit(int limit) {
        return new ExampleFluentQuery<>(this.operations, this.query.limit(limit), this.entityType, this.resultType);
    }

    @Override
    public <N> FetchableFluentQuery<N> as(Class<N> resultType) {
        Objects.requireNonNull(resultType, "resultType must not be null");
        return new ExampleFluentQuery<>(this.operations, this.query, this.entityType, resultType);
    }

    @Override
    public FetchableFluentQuery<R> project(Collection<String> properties) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String property : properties) {
            fields.put(this.operations.getConverter().toFieldPath(this.entityType, property), 1);
        }
        return new ExampleFluentQuery<>(this.operations, this.query.fields(Projection.of(fields)), this.entityType,
                this.resultType);
    }

    @Override
    public R oneValue() {
        List<R> results = this.operations.find(limited(2), this.entityType, this.resultType);
        if (results.size() > 1) {
            throw new IncorrectResultSizeDataAccessException("Query by example matched more than one entity", 1,
                    results.size());
        }
        return results.isEmpty() ? null : results.get(0);
    }

    @Override
    public R firstValue() {
        List<R> results = this.operations.find(limited(1), this.entityType, this.resultType);
        return results.isEmpty() ? null : results.get(0);
    }

    private TetherQuery limited(int max) {
        return (this.query.getLimit() == 0 || this.query.getLimit() > max) ? this.query.limit(max) : this.query;
    }

    @Override
    public List<R> all() {
        return this.operations.find(this.query, this.entityType, this.resultType);
    }

    @Override
    public Page<R> page(Pageable pageable) {
        TetherQuery paged = this.query.with(pageable);
        List<R> content = this.operations.find(paged, this.entityType, this.resultType);
        return PageableExecutionUtils.getPage(content, pageable,
                () -> this.operations.count(this.query, this.entityType));
    }

    @Override
    public Window<R> scroll(ScrollPosition scrollPosition) {
        return this.operations.scroll(this.query, scrollPosition, this.entityType, this.resultType);
    }

    @Override
    public Stream<R> stream() {
        return this.operations.stream(this.query, this.entityType, this.resultType);
    }

    @Override
    public long count() {
        return this.operations.count(this.query, this.entityType);
    }

    @Override
    public boolean exists() {
        return this.operations.exists(this.query, this.entityType);
    }

}
