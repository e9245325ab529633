/**
 * Ties a store's runtime to the application context: a flush once the web server has stopped and
 * the scheduled removal of expired documents.
 */
package io.tetherdb.spring.lifecycle;
