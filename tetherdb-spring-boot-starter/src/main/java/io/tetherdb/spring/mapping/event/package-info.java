/**
 * Spring Data mapping events of TetherDB entities ({@code BeforeConvertEvent} to
 * {@code AfterDeleteEvent}, as Spring Data MongoDB names them) and {@link
 * io.tetherdb.spring.mapping.event.EntityLifecycle}, which publishes them and runs the entity
 * callbacks for any {@link io.tetherdb.spring.core.TetherOperations} implementation.
 */
package io.tetherdb.spring.mapping.event;
