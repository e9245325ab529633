/**
 * Health reporting of a TetherDB store for Spring Boot's health endpoint.
 */
package io.tetherdb.spring.health;
