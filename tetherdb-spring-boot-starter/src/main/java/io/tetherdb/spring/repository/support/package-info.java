/**
 * Creation of TetherDB repository instances: the factory, its factory bean and
 * {@link io.tetherdb.spring.repository.support.SimpleTetherRepository}, which implements the base
 * methods and query by example.
 */
package io.tetherdb.spring.repository.support;
