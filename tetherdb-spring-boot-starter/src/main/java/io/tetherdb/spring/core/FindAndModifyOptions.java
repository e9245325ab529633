package io.tetherdb.spring.core;

/**
 * Options of {@link TetherOperations#findAndModify} and {@link TetherOperations#findAndReplace}:
 * whether to return the entity as it is after the change (rather than before), and whether to
 * insert one when nothing matches. Immutable: every method returns a new instance; thread-safe.
 *
 * @param returnNew whether to return the entity after the change
 * @param upsert whether to insert when nothing matches
 * @since 0.2
 */
public record FindAndModifyOptions(boolean returnNew, boolean upsert) {

    /** @return return the entity as it was, no upsert */
    public static FindAndModifyOptions options() {
        return new FindAndModifyOptions(false, false);
    }

    /**
     * @param returnNew whether to return the entity after the change
     * @return a copy with that choice
     */
    public FindAndModifyOptions returnNew(boolean returnNew) {
        return new FindAndModifyOptions(returnNew, this.upsert);
    }

    /**
     * @param upsert whether to insert when nothing matches
     * @return a copy with that choice
     */
    public FindAndModifyOptions upsert(boolean upsert) {
        return new FindAndModifyOptions(this.returnNew, upsert);
    }
}
