/**
 * Auto-configuration of backups into {@code tetherdb.backup.directory}, scheduled by {@code tetherdb.backup.schedule}.
 */
package io.tetherdb.spring.autoconfigure.backup;
