package io.tetherdb;

import io.tetherdb.internal.store.StoreSettings;

/**
 * Gives tests of the storage layer the settings the facade would pass it for given options, so that
 * they open an engine exactly as {@link TetherDB#open(TetherOptions)} does. Stateless.
 */
public final class TestStores {

    private TestStores() {
    }

    /**
     * @param options the options, as a builder produces them; not null
     * @return what the storage layer reads of them
     */
    public static StoreSettings settings(TetherOptions options) {
        return options.storeSettings();
    }
}
