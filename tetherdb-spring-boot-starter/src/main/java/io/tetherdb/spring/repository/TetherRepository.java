package io.tetherdb.spring.repository;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.NoRepositoryBean;
import org.springframework.data.repository.query.ListQueryByExampleExecutor;

/**
 * Base interface of TetherDB repositories: CRUD, paging and sorting, and query by example, all
 * returning lists. Extend it with derived query methods ({@code findBySensorAndValueGreaterThan})
 * and {@link Query @Query} methods:
 *
 * <pre class="code">
 * interface ReadingRepository extends TetherRepository&lt;Reading, String&gt; {
 *     List&lt;Reading&gt; findBySensorAndValueGreaterThan(String sensor, double value);
 *     &#64;Query("{ 'value': { '$gt': ?0 } }")
 *     Page&lt;Reading&gt; findAbove(double value, Pageable pageable);
 * }
 * </pre>
 *
 * <p>Repository instances are thread-safe.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 * @since 0.1
 */
@NoRepositoryBean
public interface TetherRepository<T, ID> extends ListCrudRepository<T, ID>, ListPagingAndSortingRepository<T, ID>,
        ListQueryByExampleExecutor<T> {

    /**
     * Inserts a new entity; unlike {@link #save(Object)} it never replaces one.
     *
     * @param <S> the entity type
     * @param entity the entity; not null
     * @return the entity as stored
     * @throws org.springframework.dao.DuplicateKeyException if its id is taken
     */
    <S extends T> S insert(S entity);

    /**
     * Inserts new entities in one all-or-nothing write.
     *
     * @param <S> the entity type
     * @param entities the entities; not null
     * @return the entities as stored
     * @throws org.springframework.dao.DuplicateKeyException if an id is taken; nothing is written
     */
    <S extends T> java.util.List<S> insert(Iterable<S> entities);

}
