package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.tetherdb.document.Document;
import io.tetherdb.error.CorruptStoreException;

/**
 * Salvages one damaged copy of a store and checks the result, for the plain and the encrypted
 * salvage suites: the salvaged store verifies clean, every document in it is one that was written,
 * and a store missing documents has a report that says so. Not thread-safe: one use per test.
 */
final class SalvageCheck {

    /** What a salvage of a damaged copy gave. */
    enum Outcome { WHOLE, PARTIAL_AND_REPORTED, NOTHING_READABLE }

    /** Runs the salvage under test. */
    interface Salvager {
        SalvageReport salvage(Path damaged, Path target);
    }

    private SalvageCheck() {
    }

    /**
     * @param dir where the damaged copy and the salvaged store are written
     * @param damaged the damaged file's bytes
     * @param what names the damage in failure messages
     * @param written the documents written, by collection and id
     * @param salvager runs the salvage
     * @param openTarget opens the salvaged store read-only
     * @param failures receives every problem found
     * @return the outcome
     */
    static Outcome salvage(Path dir, byte[] damaged, String what, Map<String, Map<String, Document>> written,
            Salvager salvager, Function<Path, TetherDB> openTarget, List<String> failures) throws IOException {
        Path copy = dir.resolve("damaged.db");
        Path target = dir.resolve("salvaged.db");
        Files.deleteIfExists(target);
        Files.write(copy, damaged);
        SalvageReport report;
        try {
            report = salvager.salvage(copy, target);
        } catch (CorruptStoreException e) {
            assertThat(target).doesNotExist();
            return Outcome.NOTHING_READABLE;
        } catch (RuntimeException e) {
            failures.add(what + ": " + e);
            return Outcome.NOTHING_READABLE;
        }
        try (TetherDB db = openTarget.apply(target)) {
            if (!db.verify().isClean()) {
                failures.add(what + ": the salvaged store does not verify clean");
            }
            boolean missing = false;
            for (String name : written.keySet()) {
                Map<String, Document> salvaged = contents(db, name);
                for (Map.Entry<String, Document> doc : salvaged.entrySet()) {
                    if (!doc.getValue().equals(written.get(name).get(doc.getKey()))) {
                        failures.add(what + ": " + name + "/" + doc.getKey() + " salvaged as " + doc.getValue());
                    }
                }
                missing |= salvaged.size() < written.get(name).size();
            }
            if (missing && report.isComplete()) {
                failures.add(what + ": documents are missing but the report says nothing was lost: " + report);
            }
            return missing ? Outcome.PARTIAL_AND_REPORTED : Outcome.WHOLE;
        }
    }

    /** @return every document of a collection, by id */
    static Map<String, Document> contents(TetherDB db, String collection) {
        Map<String, Document> docs = new TreeMap<>();
        for (Document d : db.collection(collection).find().toList()) {
            docs.put(d.getString("_id"), d);
        }
        return docs;
    }
}
