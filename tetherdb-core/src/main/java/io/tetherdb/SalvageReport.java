package io.tetherdb;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@linkplain TetherDB#salvage(Path, Path, CopyOptions) salvage} recovered from a damaged
 * store and what it could not read. Immutable and thread-safe.
 *
 * @param file the new store written; never null
 * @param collections per collection in name order, what was recovered and lost; never null
 * @param problems what could not be read or written, in words (at most about a hundred); never null
 * @since 0.2
 */
public record SalvageReport(Path file, Map<String, CollectionSalvage> collections, List<String> problems) {

    public SalvageReport {
        collections = Map.copyOf(new java.util.TreeMap<>(collections));
        problems = List.copyOf(problems);
    }

    /**
     * What a salvage recovered and lost of one collection.
     *
     * @param recovered documents written to the new store
     * @param unreadableDocuments documents found but not readable (their records do not decode) or
     *        not writable
     * @param unreadablePages pages of documents that could not be read at all
     * @param documentsInUnreadablePages documents those pages held as far as their parent pages say,
     *        or -1 when that is unknown (a collection whose documents could not be read at all)
     */
    public record CollectionSalvage(long recovered, long unreadableDocuments, long unreadablePages,
            long documentsInUnreadablePages) {

        /** @return whether nothing of the collection was found unreadable */
        public boolean isComplete() {
            return unreadableDocuments == 0 && unreadablePages == 0 && documentsInUnreadablePages == 0;
        }
    }

    /** @return documents written to the new store, over all collections */
    public long recovered() {
        return collections.values().stream().mapToLong(CollectionSalvage::recovered).sum();
    }

    /** @return whether everything readable was found readable: no problem at all */
    public boolean isComplete() {
        return problems.isEmpty() && collections.values().stream().allMatch(CollectionSalvage::isComplete);
    }
}
