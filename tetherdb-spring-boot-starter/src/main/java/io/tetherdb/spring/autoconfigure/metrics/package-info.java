/**
 * Auto-configuration of TetherDB's Micrometer metrics.
 */
package io.tetherdb.spring.autoconfigure.metrics;
