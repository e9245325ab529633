package io.tetherdb.spring.repository.support;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.mapping.TetherMappingContext;
import io.tetherdb.spring.repository.query.AggregationTetherQuery;
import io.tetherdb.spring.repository.query.PartTreeTetherQuery;
import io.tetherdb.spring.repository.query.StringBasedTetherQuery;
import io.tetherdb.spring.repository.query.TetherQueryMethod;

import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.core.NamedQueries;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.core.support.PersistentEntityInformation;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.data.repository.query.QueryLookupStrategy;
import org.springframework.data.repository.query.QueryLookupStrategy.Key;
import org.springframework.data.repository.query.RepositoryQuery;
import org.springframework.data.repository.query.ValueExpressionDelegate;

/**
 * Creates TetherDB repository instances: a {@link SimpleTetherRepository} for the base methods,
 * {@link StringBasedTetherQuery} for {@code @Query} methods and {@link PartTreeTetherQuery} for
 * derived ones. Every query method is parsed and checked when its repository is created, so a
 * method that cannot work fails the application's start-up; the indexes the entity asks for are
 * created then too.
 *
 * <p>Thread-safe once configured.
 *
 * @since 0.1
 */
public class TetherRepositoryFactory extends RepositoryFactorySupport {

    private final TetherOperations operations;

    private final TetherMappingContext mappingContext;

    /**
     * @param operations the operations repositories work with; not null
     */
    public TetherRepositoryFactory(TetherOperations operations) {
        this.operations = Objects.requireNonNull(operations, "operations must not be null");
        this.mappingContext = operations.getConverter().getMappingContext();
    }

    @Override
    public EntityInformation<?, ?> getEntityInformation(RepositoryMetadata metadata) {
        return new PersistentEntityInformation<>(this.mappingContext.getRequiredPersistentEntity(
                metadata.getDomainType()));
    }

    @Override
    protected Object getTargetRepository(RepositoryInformation information) {
        this.operations.ensureIndexes(information.getDomainType());
        return getTargetRepositoryViaReflection(information, getEntityInformation(information), this.operations);
    }

    @Override
    protected Class<?> getRepositoryBaseClass(RepositoryMetadata metadata) {
        return SimpleTetherRepository.class;
    }

    @Override
    protected Optional<QueryLookupStrategy> getQueryLookupStrategy(Key key,
            ValueExpressionDelegate valueExpressionDelegate) {
        return Optional.of(new TetherQueryLookupStrategy(this.operations, (key != null) ? key
                : Key.CREATE_IF_NOT_FOUND));
    }

    /** Resolves each query method to its query; stateless apart from its settings. */
    private static final class TetherQueryLookupStrategy implements QueryLookupStrategy {

        private final TetherOperations operations;

        private final Key key;

        TetherQueryLookupStrategy(TetherOperations operations, Key key) {
            this.operations = operations;
            this.key = key;
        }

        @Override
        public RepositoryQuery resolveQuery(Method method, RepositoryMetadata metadata, ProjectionFactory factory,
                NamedQueries namedQueries) {
            TetherQueryMethod queryMethod = new TetherQueryMethod(method, metadata, factory);
            if (queryMethod.getAggregationAnnotation() != null && this.key != Key.CREATE) {
                return new AggregationTetherQuery(queryMethod, this.operations);
            }
            if (queryMethod.hasQueryAnnotation() && this.key != Key.CREATE) {
                return new StringBasedTetherQuery(queryMethod, this.operations);
            }
            if (this.key == Key.USE_DECLARED_QUERY) {
                throw queryMethod.invalid("it has no @Query and the lookup strategy is "
                        + "USE_DECLARED_QUERY");
            }
            return new PartTreeTetherQuery(queryMethod, this.operations);
        }

    }

}
