package io.tetherdb.spring.mapping.event;

import java.util.Objects;

import io.tetherdb.document.Document;

/**
 * Published when a document has been read and before it is converted to the
 * {@linkplain #getType() type} it is read as; the source is the document, and changes to it are
 * what the conversion sees.
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <T> the type the document is read as
 * @since 0.2
 */
public class AfterLoadEvent<T> extends TetherMappingEvent<Document> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;

    /**
     * @param document the document as read; not null
     * @param type the type it is read as; not null
     * @param collectionName the collection; not null
     */
    public AfterLoadEvent(Document document, Class<T> type, String collectionName) {
        super(document, document, collectionName);
        this.type = Objects.requireNonNull(type, "type must not be null");
    }

    /** @return the type the document is read as: the entity, or a DTO of it */
    public Class<T> getType() {
        return this.type;
    }

    @Override
    protected Class<?> getEntityType() {
        return this.type;
    }

}
