package io.tetherdb.spring.autoconfigure.diagnostics;

import java.nio.file.Path;

/**
 * How the analyzers name a store file: absolute, since the configured path is often relative to a
 * working directory the reader does not know. Stateless.
 */
final class StoreFiles {

    private StoreFiles() {
    }

    static String describe(Path path) {
        return (path != null) ? "'" + path.toAbsolutePath().normalize() + "'" : "(in-memory)";
    }

}
