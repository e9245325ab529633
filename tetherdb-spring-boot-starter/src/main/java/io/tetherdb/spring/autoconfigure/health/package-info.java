/**
 * Auto-configuration of TetherDB's health indicator.
 */
package io.tetherdb.spring.autoconfigure.health;
