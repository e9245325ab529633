package io.tetherdb.spring.repository.query;

import java.lang.reflect.Method;
import java.time.Duration;

import io.tetherdb.spring.repository.Aggregation;
import io.tetherdb.spring.repository.Meta;
import io.tetherdb.spring.repository.Query;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.projection.ProjectionFactory;
import org.springframework.data.repository.core.RepositoryMetadata;
import org.springframework.data.repository.query.QueryCreationException;
import org.springframework.data.repository.query.QueryMethod;
import org.springframework.util.StringUtils;

/**
 * A TetherDB repository query method: a Spring Data {@link QueryMethod} that also knows its
 * {@link Query @Query} annotation and its {@link Meta @Meta} time limit, if any.
 *
 * <p>Immutable after construction; thread-safe.
 *
 * @since 0.1
 */
public class TetherQueryMethod extends QueryMethod {

    private final Method method;

    private final Query query;

    private final Aggregation aggregation;

    private final Duration maxExecutionTime;

    private final io.tetherdb.spring.repository.Update update;

    /**
     * @param method the repository method; not null
     * @param metadata the repository's metadata; not null
     * @param factory the projection factory; not null
     * @throws QueryCreationException if its {@link Meta @Meta} time limit is negative (other than
     *         -1, "not set")
     */
    public TetherQueryMethod(Method method, RepositoryMetadata metadata, ProjectionFactory factory) {
        super(method, metadata, factory, null);
        this.method = method;
        this.query = AnnotatedElementUtils.findMergedAnnotation(method, Query.class);
        this.update = AnnotatedElementUtils.findMergedAnnotation(method, io.tetherdb.spring.repository.Update.class);
        this.aggregation = AnnotatedElementUtils.findMergedAnnotation(method, Aggregation.class);
        if (this.query != null && this.aggregation != null) {
            throw invalid("a method may have @Query or @Aggregation, not both");
        }
        Meta meta = AnnotatedElementUtils.findMergedAnnotation(method, Meta.class);
        long millis = (meta != null) ? meta.maxExecutionTimeMs() : -1;
        if (millis < -1) {
            throw invalid("@Meta(maxExecutionTimeMs = " + millis + ") must be positive, 0 for no limit, or -1 "
                    + "for the store's limit (tetherdb.query.max-time)");
        }
        this.maxExecutionTime = (millis == -1) ? null : Duration.ofMillis(millis);
    }

    /**
     * @return the method's {@link Aggregation @Aggregation}, or null
     * @since 0.2
     */
    public Aggregation getAggregationAnnotation() {
        return this.aggregation;
    }

    /**
     * @return the method's {@link Meta @Meta} time limit, {@link Duration#ZERO} for none, or null
     *         when it sets none (the store's limit applies)
     * @since 0.2
     */
    public Duration getMaxExecutionTime() {
        return this.maxExecutionTime;
    }

    /** @return whether the method carries {@link Query @Query} */
    public boolean hasQueryAnnotation() {
        return this.query != null;
    }

    /** @return the {@link Query @Query} annotation, or null */
    public Query getQueryAnnotation() {
        return this.query;
    }

    /**
     * @return the {@link io.tetherdb.spring.repository.Update @Update} annotation, or null
     * @since 0.2
     */
    public io.tetherdb.spring.repository.Update getUpdateAnnotation() {
        return this.update;
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
