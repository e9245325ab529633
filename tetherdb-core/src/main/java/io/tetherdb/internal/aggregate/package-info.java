/**
 * The aggregation engine: pipeline, stage, expression and accumulator compilers, and the holding
 * stages' memory accounting and spill files. Not public API: code outside {@code io.tetherdb} must not
 * use it, and it may change in any release.
 */
package io.tetherdb.internal.aggregate;
