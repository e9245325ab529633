/**
 * Boot failure analyzers that turn a TetherDB start-up failure (a locked or damaged store file, an
 * invalid configuration) into a "Description / Action" report, as Boot does for a port in use.
 */
package io.tetherdb.spring.autoconfigure.diagnostics;
