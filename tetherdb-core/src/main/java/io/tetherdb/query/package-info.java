/**
 * The query language: MongoDB-style filters compiled into inspectable trees ({@link io.tetherdb.query.Filter},
 * {@link io.tetherdb.query.Filters}), with MongoDB's value order ({@link io.tetherdb.query.ValueOrder}),
 * sorting ({@link io.tetherdb.query.Sort}), projection ({@link io.tetherdb.query.Projection}) and the time
 * budget of one query run ({@link io.tetherdb.query.QueryDeadline}). Every operator a filter may use is
 * declared once, in the registry {@link io.tetherdb.query.QueryOperator}.
 */
package io.tetherdb.query;
