/**
 * Spring Boot auto-configuration of a TetherDB store: the {@code tetherdb.*} properties, the store
 * bean, its lifecycle and scheduled expiry, and builder customization.
 */
package io.tetherdb.spring.autoconfigure;
