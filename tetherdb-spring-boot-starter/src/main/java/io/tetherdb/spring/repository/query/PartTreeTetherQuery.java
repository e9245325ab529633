package io.tetherdb.spring.repository.query;

import io.tetherdb.spring.core.TetherOperations;
import io.tetherdb.spring.core.TetherQuery;

import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.parser.PartTree;

/**
 * A query derived from its method's name ({@code findBySensorAndValueGreaterThan}), parsed once
 * into a {@link PartTree} and checked at start-up; each execution builds its filter with a
 * {@link TetherQueryCreator}.
 *
 * <p>Thread-safe: the tree is immutable and each execution uses its own creator.
 *
 * @since 0.1
 */
public class PartTreeTetherQuery extends AbstractTetherQuery {

    private final PartTree tree;

    /**
     * @param method the query method; not null
     * @param operations the operations to run it with; not null
     * @throws QueryCreationException if the name cannot be parsed or uses a keyword that cannot
     *         be expressed
     */
    public PartTreeTetherQuery(TetherQueryMethod method, TetherOperations operations) {
        super(method, operations);
        try {
            this.tree = new PartTree(method.getName(), method.getEntityInformation().getJavaType());
        }
        catch (RuntimeException ex) {
            throw method.invalid(ex.getMessage(), ex);
        }
        TetherQueryCreator.validate(this.tree, method);
    }

    @Override
    protected TetherQuery createQuery(ParameterAccessor accessor) {
        return new TetherQueryCreator(this.tree, accessor, getQueryMethod(), getConverter()).createQuery();
    }

    @Override
    protected boolean isCountQuery() {
        return this.tree.isCountProjection();
    }

    @Override
    protected boolean isExistsQuery() {
        return this.tree.isExistsProjection();
    }

    @Override
    protected boolean isDeleteQuery() {
        return this.tree.isDelete();
    }

    @Override
    protected boolean isDistinct() {
        return this.tree.isDistinct();
    }

    @Override
    protected Integer getMaxResults() {
        return this.tree.getMaxResults();
    }

}
