/**
 * The {@code tetherdb} actuator endpoint: what each store holds, its last verification, and backups on request.
 */
package io.tetherdb.spring.actuate;
