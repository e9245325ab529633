package io.tetherdb.spring.repository.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.tetherdb.query.Filters;
import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.repository.TetherRepository;

import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.query.FluentQuery.FetchableFluentQuery;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.util.Assert;

/**
 * The implementation behind every {@link TetherRepository}: CRUD, paging, sorting and query by
 * example through {@link TetherOperations}. {@code save} inserts or replaces (optimistic locking
 * for {@code @Version} entities); {@code saveAll} saves one entity after another, while
 * {@code insert(Iterable)} writes all in one all-or-nothing batch.
 *
 * <p>Thread-safe.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 * @since 0.1
 */
public class SimpleTetherRepository<T, ID> implements TetherRepository<T, ID> {

    private final EntityInformation<T, ID> entityInformation;

    private final TetherOperations operations;

    private final ExampleFilters examples;

    /**
     * @param entityInformation the entity's metadata; not null
     * @param operations the operations to work with; not null
     */
    public SimpleTetherRepository(EntityInformation<T, ID> entityInformation, TetherOperations operations) {
        this.entityInformation = Objects.requireNonNull(entityInformation, "entityInformation must not be null");
        this.operations = Objects.requireNonNull(operations, "operations must not be null");
        this.examples = new ExampleFilters(operations.getConverter());
    }

    private Class<T> type() {
        return this.entityInformation.getJavaType();
    }

    @Override
    public <S extends T> S save(S entity) {
        Assert.notNull(entity, "Entity must not be null");
        return this.operations.save(entity);
    }

    @Override
    public <S extends T> List<S> saveAll(Iterable<S> entities) {
        Assert.notNull(entities, "Entities must not be null");
        // all or nothing: in the current transaction, or in one of its own
        return this.operations.inTransaction(() -> {
            List<S> saved = new ArrayList<>();
            for (S entity : entities) {
                saved.add(save(entity));
            }
            return saved;
        });
    }

    @Override
    public <S extends T> S insert(S entity) {
        Assert.notNull(entity, "Entity must not be null");
        return this.operations.insert(entity);
    }

    @Override
    public <S extends T> List<S> insert(Iterable<S> entities) {
        Assert.notNull(entities, "Entities must not be null");
        List<S> list = new ArrayList<>();
        entities.forEach(list::add);
        return this.operations.insertAll(list);
    }

    @Override
    public Optional<T> findById(ID id) {
        Assert.notNull(id, "Id must not be null");
        return this.operations.findById(id, type());
    }

    @Override
    public boolean existsById(ID id) {
        return findById(id).isPresent();
    }

    @Override
    public List<T> findAll() {
        return this.operations.find(TetherQuery.all(), type());
    }

    @Override
    public List<T> findAllById(Iterable<ID> ids) {
        Assert.notNull(ids, "Ids must not be null");
        List<Object> keys = new ArrayList<>();
        for (ID id : ids) {
            keys.add(this.operations.getConverter().toIdString(id));
        }
        return keys.isEmpty() ? List.of()
                : this.operations.find(TetherQuery.of(Filters.in(io.tetherdb.document.Document.ID, keys)), type());
    }

    @Override
    public long count() {
        return this.operations.count(TetherQuery.all(), type());
    }

    @Override
    public void deleteById(ID id) {
        Assert.notNull(id, "Id must not be null");
        this.operations.deleteById(id, type());
    }

    @Override
    public void delete(T entity) {
        Assert.notNull(entity, "Entity must not be null");
        this.operations.delete(entity);
    }

    @Override
    public void deleteAllById(Iterable<? extends ID> ids) {
        Assert.notNull(ids, "Ids must not be null");
        List<Object> list = new ArrayList<>();
        ids.forEach(list::add);
        this.operations.deleteAllById(list, type());
    }

    @Override
    public void deleteAll(Iterable<? extends T> entities) {
        Assert.notNull(entities, "Entities must not be null");
        this.operations.inTransaction(() -> {
            entities.forEach(this::delete);
            return null;
        });
    }

    @Override
    public void deleteAll() {
        this.operations.delete(TetherQuery.all(), type());
    }

    @Override
    public List<T> findAll(Sort sort) {
        Assert.notNull(sort, "Sort must not be null");
        return this.operations.find(TetherQuery.all().with(sort), type());
    }

    @Override
    public Page<T> findAll(Pageable pageable) {
        Assert.notNull(pageable, "Pageable must not be null");
        List<T> content = this.operations.find(TetherQuery.all().with(pageable), type());
        return PageableExecutionUtils.getPage(content, pageable, this::count);
    }

    // ---- query by example

    private <S extends T> TetherQuery query(Example<S> example) {
        Assert.notNull(example, "Example must not be null");
        return TetherQuery.of(this.examples.toFilter(example));
    }

    @Override
    public <S extends T> Optional<S> findOne(Example<S> example) {
        List<S> results = this.operations.find(query(example).limit(2), example.getProbeType());
        if (results.size() > 1) {
            throw new IncorrectResultSizeDataAccessException("Query by example matched more than one entity", 1,
                    results.size());
        }
        return results.stream().findFirst();
    }

    @Override
    public <S extends T> List<S> findAll(Example<S> example) {
        return this.operations.find(query(example), example.getProbeType());
    }

    @Override
    public <S extends T> List<S> findAll(Example<S> example, Sort sort) {
        Assert.notNull(sort, "Sort must not be null");
        return this.operations.find(query(example).with(sort), example.getProbeType());
    }

    @Override
    public <S extends T> Page<S> findAll(Example<S> example, Pageable pageable) {
        Assert.notNull(pageable, "Pageable must not be null");
        TetherQuery query = query(example);
        List<S> content = this.operations.find(query.with(pageable), example.getProbeType());
        return PageableExecutionUtils.getPage(content, pageable,
                () -> this.operations.count(query, example.getProbeType()));
    }

    @Override
    public <S extends T> long count(Example<S> example) {
        return this.operations.count(query(example), example.getProbeType());
    }

    @Override
    public <S extends T> boolean exists(Example<S> example) {
        return this.operations.exists(query(example), example.getProbeType());
    }

    @Override
    public <S extends T, R> R findBy(Example<S> example, Function<FetchableFluentQuery<S>, R> queryFunction) {
        Assert.notNull(queryFunction, "Query function must not be null");
        return queryFunction.apply(new ExampleFluentQuery<>(this.operations, query(example), example.getProbeType(),
                example.getProbeType()));
    }

}
