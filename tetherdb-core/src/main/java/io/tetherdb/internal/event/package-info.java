/**
 * The delivery of change events: one subscriber per {@code watch}, with its bounded buffer and its
 * delivery thread, fed by the storage layer's change log. Not API.
 */
package io.tetherdb.internal.event;
