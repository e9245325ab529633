/**
 * Backups of TetherDB stores into a directory, on request and on a cron schedule, keeping a number of the newest.
 */
package io.tetherdb.spring.backup;
