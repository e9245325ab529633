package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tetherdb.internal.store.StoreEngine;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a store or a snapshot cursor open. Register it with
 * {@code @ExtendWith}; tests that use it must not run in parallel.
 */
public final class TetherTestExtension implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create("tetherdb");

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", StoreEngine.openResources());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        int[] before = context.getStore(NAMESPACE).get("before", int[].class);
        int[] after = StoreEngine.openResources();
        assertThat(after[0]).as("stores left open by the test").isEqualTo(before[0]);
        assertThat(after[1]).as("cursors left open by the test").isEqualTo(before[1]);
    }
}
