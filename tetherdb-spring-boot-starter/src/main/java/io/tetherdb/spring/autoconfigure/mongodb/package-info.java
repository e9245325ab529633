/**
 * Auto-configuration of the MongoDB backend ({@code tetherdb.backend=mongodb}): the client, the
 * {@link io.tetherdb.spring.mongodb.MongoTetherTemplate} the repositories run on, and its
 * transaction manager.
 */
package io.tetherdb.spring.autoconfigure.mongodb;
