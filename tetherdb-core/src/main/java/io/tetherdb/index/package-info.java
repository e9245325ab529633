/**
 * Secondary indexes: definitions, the order-preserving key encoding, key generation from
 * documents (multikey included), and the query planner that turns filters into key ranges.
 */
package io.tetherdb.index;
