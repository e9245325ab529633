/**
 * Change events of the store in entity terms: {@link io.tetherdb.spring.change.TetherChangeEvent}
 * for {@code TetherOperations.watch}, and the {@link io.tetherdb.spring.change.TetherExpiredEvent}
 * application event for expired entities.
 *
 * @since 0.2
 */
package io.tetherdb.spring.change;
