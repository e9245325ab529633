package io.tetherdb.spring.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.tetherdb.TetherCollection;
import io.tetherdb.index.IndexBuildProgress;
import io.tetherdb.index.IndexDefinition;

/**
 * The index builds the console has started and not yet finished, with their progress, so that the
 * collection list can show them while the request that builds one is still running.
 *
 * <p>Thread-safe.
 */
final class IndexBuilds {

    private final Map<Key, Build> running = new ConcurrentHashMap<>();

    private final IndexBuildProgress observer;

    IndexBuilds() {
        this(IndexBuildProgress.NONE);
    }

    /**
     * @param observer told of each progress report after it is recorded, on the building thread (for tests)
     */
    IndexBuilds(IndexBuildProgress observer) {
        this.observer = observer;
    }

    /**
     * Builds the index, recording its progress until it ends.
     *
     * @return whether the index was created (false if the same index existed)
     */
    boolean build(String store, TetherCollection collection, IndexDefinition definition) {
        Key key = new Key(store, collection.name(), definition.name());
        Build build = new Build(definition.name(), definition.keys().toJson(), Instant.now());
        if (this.running.putIfAbsent(key, build) != null) {
            throw new ConsoleProblem(409, "Index build running",
                    "The index " + definition.name() + " of " + collection.name() + " is being built already");
        }
        try {
            return collection.createIndex(definition, (read, total) -> {
                build.read.set(read);
                build.total.set(total);
                this.observer.progress(read, total);
            });
        }
        finally {
            this.running.remove(key);
        }
    }

    /** @return the builds running on a collection, as the page shows them */
    List<Progress> running(String store, String collection) {
        return this.running.entrySet()
            .stream()
            .filter((entry) -> entry.getKey().store.equals(store) && entry.getKey().collection.equals(collection))
            .map((entry) -> entry.getValue().progress())
            .toList();
    }

    private record Key(String store, String collection, String index) {
    }

    private static final class Build {

        private final String name;

        private final String keys;

        private final Instant started;

        private final AtomicLong read = new AtomicLong();

        private final AtomicLong total = new AtomicLong(-1);

        Build(String name, String keys, Instant started) {
            this.name = name;
            this.keys = keys;
            this.started = started;
        }

        Progress progress() {
            return new Progress(this.name, this.keys, this.started.toString(), this.read.get(), this.total.get());
        }

    }

    /**
     * A running build.
     *
     * @param name the index's name
     * @param keys its keys as JSON
     * @param started when the build started
     * @param documentsRead documents indexed so far
     * @param documentsTotal documents in the collection when it started, or -1 before the first report
     */
    record Progress(String name, String keys, String started, long documentsRead, long documentsTotal) {
    }

}
