/**
 * Auto-configuration of the data console ({@code tetherdb.console.*}): its routes, the filter that
 * keeps it local, its Spring Security filter chain and its start-up log line.
 */
package io.tetherdb.spring.autoconfigure.console;
