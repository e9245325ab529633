/**
 * The dashboard's live updates: readings as they arrive and as they expire, pushed to browsers as
 * server-sent events from the store's change events.
 */
package io.tetherdb.sample.live;
