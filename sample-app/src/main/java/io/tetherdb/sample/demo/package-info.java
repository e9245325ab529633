/**
 * A realistic demo data set of sensors and readings, seeded at start-up so that the dashboard has
 * something to show.
 */
package io.tetherdb.sample.demo;
