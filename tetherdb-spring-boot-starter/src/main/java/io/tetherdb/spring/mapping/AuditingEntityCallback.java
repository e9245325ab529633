package io.tetherdb.spring.mapping;

import java.util.Objects;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.core.Ordered;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;

/**
 * Fills in an entity's {@code @CreatedDate}, {@code @LastModifiedDate}, {@code @CreatedBy} and
 * {@code @LastModifiedBy} properties before it is written; registered by
 * {@link EnableTetherAuditing}. An entity is new when its id is null (or its version property is
 * null, or 0 for a primitive).
 *
 * <p>Thread-safe: the auditing handler is.
 *
 * @since 0.1
 */
public class AuditingEntityCallback implements BeforeConvertCallback<Object>, Ordered {

    private final ObjectFactory<IsNewAwareAuditingHandler> auditingHandler;

    /**
     * @param auditingHandler supplies the auditing handler, looked up lazily; not null
     */
    public AuditingEntityCallback(ObjectFactory<IsNewAwareAuditingHandler> auditingHandler) {
        this.auditingHandler = Objects.requireNonNull(auditingHandler, "auditingHandler must not be null");
    }

    @Override
    public Object onBeforeConvert(Object entity, String collection) {
        return this.auditingHandler.getObject().markAudited(entity);
    }

    @Override
    public int getOrder() {
        return 100;
    }

}
