/**
 * Mapping between application entities and TetherDB documents; for now the Jackson mapper that the
 * mapping will use.
 */
package io.tetherdb.spring.mapping;
