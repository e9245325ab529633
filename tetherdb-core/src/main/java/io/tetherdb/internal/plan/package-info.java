/**
 * Query planning: the {@link io.tetherdb.internal.plan.QueryPlanner} turns a filter and a sort into a
 * {@link io.tetherdb.internal.plan.QueryPlan} (an index and its key ranges, or a collection scan).
 * Not public API: code outside {@code io.tetherdb} must not use it, and it may change in any release.
 */
package io.tetherdb.internal.plan;
