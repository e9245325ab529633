/**
 * TetherDB's front door: {@link io.tetherdb.TetherDB}, its builder and options, collections, finds
 * ({@link io.tetherdb.FindQuery}) and write options. It depends on every other package; the
 * exceptions live in {@link io.tetherdb.error}, and {@code io.tetherdb.internal} holds what is
 * public only so that this package can reach it, not API.
 */
package io.tetherdb;
