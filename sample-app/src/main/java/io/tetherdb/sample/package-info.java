/**
 * The TetherDB sample application: a sensor-readings service with a web dashboard, built only on
 * the TetherDB Spring Boot starter.
 */
package io.tetherdb.sample;
