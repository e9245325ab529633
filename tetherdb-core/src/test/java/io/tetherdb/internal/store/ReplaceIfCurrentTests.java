package io.tetherdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tetherdb.TestStores;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.internal.index.IndexKeyEncoder;
import io.tetherdb.internal.index.KeyRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CollectionStore#replaceIfCurrent}, the one-lookup write of an update computed from a record
 * read before its write operation: it writes only over that record (the same array or equal bytes),
 * keeps the indexes in step, and is undone with a failed operation.
 */
@ExtendWith(TetherTestExtension.class)
class ReplaceIfCurrentTests {

    private final RecordFormat format = new RecordFormat(false, 256);
    private StoreEngine engine;
    private CollectionStore store;

    @BeforeEach
    void open() {
        engine = StoreEngine.open(TestStores.settings(TetherDB.builder().cleanupInterval(Duration.ZERO).options()));
        store = engine.write(mutations -> engine.createCollectionLocked(mutations, "c"));
        engine.write(mutations -> {
            store.put(mutations, "a", record(Map.of("n", 1)), DocumentCodec.lazy(encoded(Map.of("n", 1))));
            return null;
        });
        engine.createIndex("c", IndexDefinition.parse("{n: 1}"), (done, total) -> { });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void writesOverTheRecordItWasGivenAndKeepsTheIndexInStep() {
        byte[] read = store.get("a", engine.nowMillis());
        byte[] next = record(Map.of("n", 2));
        assertThat(replace("a", read, next, Map.of("n", 2), true)).isTrue();
        assertThat(store.get("a", engine.nowMillis())).isSameAs(next);
        assertThat(keys(2)).isEqualTo(1);
        assertThat(keys(1)).isZero();
    }

    @Test
    void writesOverAnEqualCopyOfTheRecord() {
        byte[] copy = store.get("a", engine.nowMillis()).clone();
        byte[] next = record(Map.of("n", 1, "m", 1));
        assertThat(replace("a", copy, next, Map.of("n", 1, "m", 1), false)).isTrue();
        assertThat(store.get("a", engine.nowMillis())).isSameAs(next);
    }

    @Test
    void writesNothingOverARecordThatChangedOrAMissingDocument() {
        byte[] stale = record(Map.of("n", 0));
        byte[] before = store.get("a", engine.nowMillis());
        assertThat(replace("a", stale, record(Map.of("n", 5)), Map.of("n", 5), true)).isFalse();
        assertThat(replace("missing", before, record(Map.of("n", 5)), Map.of("n", 5), true)).isFalse();
        assertThat(store.get("a", engine.nowMillis())).isSameAs(before);
        assertThat(store.get("missing", engine.nowMillis())).isNull();
        assertThat(keys(5)).isZero();
        assertThat(keys(1)).isEqualTo(1);
    }

    @Test
    void aFailedOperationTakesTheWriteBack() {
        byte[] before = store.get("a", engine.nowMillis());
        assertThatIllegalArgumentException().isThrownBy(() -> engine.write(mutations -> {
            store.replaceIfCurrent(mutations, "a", before, record(Map.of("n", 9)),
                    DocumentCodec.lazy(encoded(Map.of("n", 9))), this, path -> true);
            throw new IllegalArgumentException("failed after the write");
        })).withMessage("failed after the write");
        assertThat(store.get("a", engine.nowMillis())).isSameAs(before);
        assertThat(keys(9)).isZero();
        assertThat(keys(1)).isEqualTo(1);
    }

    /**
     * @param fields the new document's fields
     * @param indexedChange whether they may differ at an indexed path: if not, the index keys are kept
     */
    private boolean replace(String id, byte[] expected, byte[] next, Map<String, ?> fields, boolean indexedChange) {
        Boolean written = engine.write(mutations -> store.replaceIfCurrent(mutations, id, expected, next,
                DocumentCodec.lazy(encoded(fields)), this, path -> indexedChange));
        return written;
    }

    /** @return how many keys of the index on n hold the value */
    private long keys(int n) {
        return store.countIndexKeys("n_1", List.of(KeyRange.prefix(IndexKeyEncoder.encode(n))));
    }

    private byte[] encoded(Map<String, ?> fields) {
        return DocumentCodec.encode("a", fields, null);
    }

    private byte[] record(Map<String, ?> fields) {
        return format.pack(encoded(fields), RecordFormat.NEVER);
    }
}
