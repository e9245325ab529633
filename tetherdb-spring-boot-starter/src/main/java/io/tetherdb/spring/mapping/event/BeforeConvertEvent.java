package io.tetherdb.spring.mapping.event;

/**
 * Published before an entity is converted to a document for {@code insert}, {@code insertAll},
 * {@code save} and {@code findAndReplace}, ahead of the {@code BeforeConvertCallback}s. Changes
 * to the entity's properties are written.
 *
 * <p>Not thread-safe (see {@link TetherMappingEvent}).
 *
 * @param <E> the entity type
 * @since 0.2
 */
public class BeforeConvertEvent<E> extends TetherMappingEvent<E> {

    private static final long serialVersionUID = 1L;

    /**
     * @param source the entity; not null
     * @param collectionName the collection it is written to; not null
     */
    public BeforeConvertEvent(E source, String collectionName) {
        super(source, null, collectionName);
    }

    @Override
    protected Class<?> getEntityType() {
        return getSource().getClass();
    }

}
