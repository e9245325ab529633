/**
 * The update language: MongoDB-style update documents ({@code $set}, {@code $inc}, {@code $push},
 * ...) compiled once into an {@link io.tetherdb.update.Update} and applied to documents, with the
 * options, results and write models of the collection operations that use them. Every update
 * operator is declared once, in the registry {@link io.tetherdb.update.UpdateOperator}.
 */
package io.tetherdb.update;
