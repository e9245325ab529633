/**
 * The aggregation pipeline's public vocabulary: {@link io.tetherdb.aggregate.Aggregates} and
 * {@link io.tetherdb.aggregate.Accumulators} build stages as documents, and
 * {@link io.tetherdb.aggregate.AggregateOptions} says how a run may use time, memory and disk. Pipelines
 * run through {@code TetherCollection.aggregate}; the engine lives in
 * {@code io.tetherdb.internal.aggregate}.
 */
package io.tetherdb.aggregate;
