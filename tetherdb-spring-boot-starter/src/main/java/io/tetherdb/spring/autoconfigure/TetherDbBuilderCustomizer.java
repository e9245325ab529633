package io.tetherdb.spring.autoconfigure;

import io.tetherdb.TetherDBBuilder;

/**
 * Callback that customizes the {@link TetherDBBuilder} of the auto-configured store after the
 * {@code tetherdb.*} properties have been applied and before the store is opened. Customizers
 * run in {@link org.springframework.core.Ordered} order; whatever a customizer sets wins over the
 * properties, including the core's own expiry sweep interval, which the starter turns off.
 *
 * <p>Implementations are called once, on the thread that creates the store bean.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TetherDbBuilderCustomizer {

    /**
     * @param builder the builder, with the properties applied; not null
     */
    void customize(TetherDBBuilder builder);
}
