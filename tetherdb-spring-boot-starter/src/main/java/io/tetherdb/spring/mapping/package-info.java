/**
 * Mapping between application entities and TetherDB documents: Jackson does the conversion
 * ({@link io.tetherdb.spring.mapping.TetherConverter}), a Spring Data mapping context holds the
 * entities' metadata, and the annotations here name collections, ask for indexes and expiry, and
 * switch on auditing; the entity callbacks here run around writes and reads.
 */
package io.tetherdb.spring.mapping;
