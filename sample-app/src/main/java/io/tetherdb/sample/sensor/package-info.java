/**
 * Sensors: the devices readings come from, kept without expiry in the {@code sensors} collection,
 * and their REST API.
 */
package io.tetherdb.sample.sensor;
