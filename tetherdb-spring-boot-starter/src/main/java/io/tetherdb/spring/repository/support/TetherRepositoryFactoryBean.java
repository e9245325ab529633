package io.tetherdb.spring.repository.support;

import io.tetherdb.spring.core.TetherOperations;

import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.util.Assert;

/**
 * Spring factory bean of one TetherDB repository, registered for each repository interface by
 * {@code @EnableTetherRepositories} (or the starter's auto-configuration); it needs the
 * {@link TetherOperations} to work with.
 *
 * <p>Configured and used by the container during start-up.
 *
 * @param <T> the repository type
 * @param <S> the entity type
 * @param <ID> the id type
 * @since 0.1
 */
public class TetherRepositoryFactoryBean<T extends Repository<S, ID>, S, ID>
        extends RepositoryFactoryBeanSupport<T, S, ID> {

    private TetherOperations operations;

    /**
     * @param repositoryInterface the repository interface; not null
     */
    public TetherRepositoryFactoryBean(Class<? extends T> repositoryInterface) {
        super(repositoryInterface);
    }

    /**
     * @param operations the operations the repository works with; not null
     */
    public void setTetherOperations(TetherOperations operations) {
        Assert.notNull(operations, "TetherOperations must not be null");
        this.operations = operations;
        setMappingContext(operations.getConverter().getMappingContext());
    }

    @Override
    protected RepositoryFactorySupport createRepositoryFactory() {
        return new TetherRepositoryFactory(this.operations);
    }

    @Override
    public void afterPropertiesSet() {
        Assert.state(this.operations != null, "TetherOperations must be set");
        super.afterPropertiesSet();
    }

}
