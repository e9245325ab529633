/**
 * Time-to-live: the expiry index's key encoding and the sweeper that removes expired documents in
 * time order, so that a sweep costs in proportion to what has expired.
 */
package io.tetherdb.ttl;
