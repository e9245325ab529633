/**
 * TetherDB's front door: {@link io.tetherdb.TetherDB}, its builder and options, collections,
 * write options and the exceptions every part of the engine throws.
 */
package io.tetherdb;
