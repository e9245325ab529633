/**
 * The {@code tetherdb} command-line tool: one picocli subcommand per operation on a store file
 * (info, verify, query, export, import), built on the core's public API only.
 */
package io.tetherdb.cli;
