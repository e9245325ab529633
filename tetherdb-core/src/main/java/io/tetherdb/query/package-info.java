/**
 * The query language: MongoDB-style filters compiled into inspectable trees ({@link io.tetherdb.query.Filter},
 * {@link io.tetherdb.query.Filters}), with MongoDB's value order ({@link io.tetherdb.query.ValueOrder}),
 * sorting ({@link io.tetherdb.query.Sort}) and projection ({@link io.tetherdb.query.Projection}).
 */
package io.tetherdb.query;
