/**
 * Time-to-live: the sweeper that removes expired documents in time order through the store's
 * expiry index, so that a sweep costs in proportion to what has expired. Not public API.
 */
package io.tetherdb.internal.ttl;
