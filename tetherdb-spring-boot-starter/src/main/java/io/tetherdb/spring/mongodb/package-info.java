/**
 * The MongoDB backend of the Spring layer: {@link io.tetherdb.spring.mongodb.MongoTetherTemplate}
 * runs the same entities, repositories, filters and TTL rules on a MongoDB server through the
 * official sync driver, selected with {@code tetherdb.backend=mongodb}.
 */
package io.tetherdb.spring.mongodb;
