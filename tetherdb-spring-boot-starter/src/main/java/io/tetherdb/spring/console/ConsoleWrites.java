package io.tetherdb.spring.console;

import java.util.Objects;

import io.tetherdb.CopyResult;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.spring.backup.TetherDbBackups;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the console writes, once the caller has checked that writes are allowed: documents
 * inserted, replaced (keeping their expiry) and deleted, indexes created (with their progress in {@link IndexBuilds}) and
 * dropped, an expiry sweep, a backup.
 *
 * <p>Thread-safe: holds no state of its own.
 */
final class ConsoleWrites {

    private final IndexBuilds builds;

    private final @Nullable TetherDbBackups backups;

    ConsoleWrites(IndexBuilds builds, @Nullable TetherDbBackups backups) {
        this.builds = builds;
        this.backups = backups;
    }

    Written insert(TetherCollection collection, String text) {
        Document document = ConsoleJson.document(text);
        return new Written(collection.put(document), 1);
    }

    Written replace(TetherCollection collection, String id, String text) {
        Document document = ConsoleJson.document(text);
        Object given = document.get("_id");
        if (given != null && !Objects.equals(given.toString(), id)) {
            throw ConsoleProblem.badRequest("The document's _id '" + given + "' is not the _id of the document edited, '"
                    + id + "': insert a new document to change an _id").with("field", "document");
        }
        // replaceOne, not replace: an edit keeps the document's expiry
        if (collection.replaceOne(Filters.eq("_id", id), document).matchedCount() == 0) {
            throw ConsoleProblem.notFound("No document with _id '" + id + "' in " + collection.name()
                    + ": it was deleted or has expired");
        }
        return new Written(id, 1);
    }

    Written delete(TetherCollection collection, String id) {
        if (collection.delete(id) == 0) {
            throw ConsoleProblem.notFound("No document with _id '" + id + "' in " + collection.name());
        }
        return new Written(id, 1);
    }

    IndexCreated createIndex(String store, TetherCollection collection, JsonNode request) {
        String keys = request.path("keys").asString("");
        if (keys.isBlank()) {
            throw ConsoleProblem.badRequest("An index needs its keys, such as {age: 1}").with("field", "keys");
        }
        IndexDefinition definition;
        try {
            definition = IndexDefinition.parse(keys);
        }
        catch (InvalidQueryException ex) {
            throw ConsoleJson.invalid("keys", keys, ex.getMessage(), ex);
        }
        if (request.path("unique").asBoolean(false)) {
            definition = definition.unique();
        }
        if (request.path("sparse").asBoolean(false)) {
            definition = definition.sparse();
        }
        String name = request.path("name").asString("");
        if (!name.isBlank()) {
            definition = definition.named(name.trim());
        }
        try {
            boolean created = this.builds.build(store, collection, definition);
            return new IndexCreated(definition.name(), created);
        }
        catch (IllegalArgumentException ex) {
            throw new ConsoleProblem(409, "Index conflict", ex.getMessage(), ex).with("field", "keys");
        }
    }

    Written dropIndex(TetherCollection collection, String name) {
        if (!collection.dropIndex(name)) {
            throw ConsoleProblem.notFound("No index named '" + name + "' on " + collection.name());
        }
        return new Written(name, 1);
    }

    Written cleanup(TetherDB db) {
        return new Written(null, db.cleanup());
    }

    Backup backup(String store) {
        if (this.backups == null) {
            throw new ConsoleProblem(409, "No backup directory",
                    "Backups are off: set tetherdb.backup.directory to take them from the console");
        }
        CopyResult result = this.backups.backup(store);
        return new Backup(result.file().toString(), result.documents(), result.bytes());
    }

    /**
     * @param id the document or index written, or null
     * @param count how many were written or removed
     */
    record Written(@Nullable String id, long count) {
    }

    record IndexCreated(String name, boolean created) {
    }

    record Backup(String file, long documents, long bytes) {
    }

}
