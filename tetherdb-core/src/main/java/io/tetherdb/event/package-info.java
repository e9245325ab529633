/**
 * Change events: a subscriber watches a collection, or the whole store, and is told of every
 * committed insert, replacement, update, delete, drop and expiry, in commit order, on a thread of
 * its own (see {@link io.tetherdb.event.ChangeSubscription}).
 *
 * @since 0.2
 */
package io.tetherdb.event;
