/**
 * Secondary indexes as the API describes them: definitions, their status and build progress. The
 * key encoding and the query planner live in {@code io.tetherdb.internal}.
 */
package io.tetherdb.index;
