/**
 * The data console: a page served from the starter's jar and the JSON API it calls to look at, and
 * when allowed change, the application's stores while it runs.
 */
package io.tetherdb.spring.console;
