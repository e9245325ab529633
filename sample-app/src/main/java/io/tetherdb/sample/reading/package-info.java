/**
 * Readings: values measured by sensors, kept for a retention period in the {@code readings}
 * collection, with their REST API for ingest, listing, MongoDB-style queries and per-sensor
 * statistics.
 */
package io.tetherdb.sample.reading;
