/**
 * Auto-configuration of the {@code tetherdb} actuator endpoint.
 */
package io.tetherdb.spring.autoconfigure.actuate;
