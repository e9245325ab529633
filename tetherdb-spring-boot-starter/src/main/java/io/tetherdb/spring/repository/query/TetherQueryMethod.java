package io.tetherdb.spring.repository.query;

import java.lang.reflect.Method;

import io.tetherdb.spring.repository.Query;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.util.StringUtils;

/**
 * A TetherDB repository query method: a Spring Data {@link QueryMethod} that also knows its
 * {@link Query @Query} annotation, if any.
 *
 * <p>Immutable after construction; thread-safe.
 *
 * @since 0.1
 */
public class TetherQueryMethod extends QueryMethod {

    private final Method method;

    private final Query query;

    /**
     * @param method the repository method; not null
     * @param metadata the repository's metadata; not null
     * @param factory the projection factory; not null
     */
    public TetherQueryMethod(Method method, RepositoryMetadata metadata, ProjectionFactory factory) {
        super(method, metadata, factory, null);
        this.method = method;
        this.query = AnnotatedElementUtils.findMergedAnnotation(method, Query.class);
    }

    /** @return whether the method carries {@link Query @Query} */
    public boolean hasQueryAnnotation() {
        return this.query != null;
    }

    /** @return the {@link Query @Query} annotation, or null */
    public Query getQueryAnnotation() {
        return this.query;
    }

    /** @return the annotated filter text, or an empty string */
    public String getAnnotatedFilter() {
        return (this.query != null && StringUtils.hasText(this.query.value())) ? this.query.value() : "";
    }

    /** @return the method, for messages: {@code Repository.method} */
    public String describe() {
        return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
    }

    /**
     * @param reason why the method cannot work
     * @return the start-up failure naming this method and the reason
     */
    public QueryCreationException invalid(String reason) {
        return QueryCreationException.create(this, describe() + ": " + reason);
    }

    /**
     * @param reason why the method cannot work
     * @param cause the underlying failure
     * @return the start-up failure naming this method and the reason
     */
    public QueryCreationException invalid(String reason, Throwable cause) {
        return QueryCreationException.create(this, describe() + ": " + reason, cause);
    }

    /** @return the repository method */
    public Method getMethod() {
        return this.method;
    }

}
