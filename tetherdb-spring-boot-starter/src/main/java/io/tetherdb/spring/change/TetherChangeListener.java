package io.tetherdb.spring.change;

import io.tetherdb.event.SubscriberFellBehindException;

/**
 * Receives the changes of one entity type on the subscription's delivery thread, in commit order;
 * see {@link io.tetherdb.event.ChangeListener} for the delivery rules it follows.
 *
 * @param <T> the entity type
 * @since 0.2
 */
@FunctionalInterface
public interface TetherChangeListener<T> {

    /**
     * @param event the next change; not null
     */
    void onChange(TetherChangeEvent<T> event);

    /**
     * Called once, as the last call, when the subscription's buffer overflowed; see
     * {@link io.tetherdb.event.ChangeListener#onFellBehind}. Does nothing by default.
     *
     * @param signal where to resume; not null
     */
    default void onFellBehind(SubscriberFellBehindException signal) {
    }
}
