package io.tetherdb;

import java.util.Map;
import java.util.Objects;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.update.Update;
import io.tetherdb.update.UpdateOptions;

/**
 * One write of a {@link TetherCollection#bulkWrite(java.util.List) bulkWrite}: an insert, an
 * update, a replacement or a delete. Build them with the static methods, such as
 * {@code WriteModel.updateOne(Filter.parse("{_id: 'a'}"), Updates.inc("n", 1))}. Immutable and
 * thread-safe (the documents given are copied when the model is made).
 *
 * @since 0.2
 */
public sealed interface WriteModel {

    /**
     * @param document the document to insert; not null
     * @return an insert with the default options
     */
    static WriteModel insertOne(Map<String, ?> document) {
        return new InsertOne(new Document(Objects.requireNonNull(document, "document must not be null")),
                PutOptions.defaults());
    }

    /**
     * @param document the document to insert; not null
     * @param options its id, expiry and tags; not null
     * @return an insert
     */
    static WriteModel insertOne(Map<String, ?> document, PutOptions options) {
        return new InsertOne(new Document(Objects.requireNonNull(document, "document must not be null")),
                Objects.requireNonNull(options, "options must not be null"));
    }

    /**
     * @param filter which document to update; not null
     * @param update the update; not null
     * @return an update of the first matching document
     */
    static WriteModel updateOne(Filter filter, Update update) {
        return new UpdateOne(filter, update, UpdateOptions.defaults());
    }

    /**
     * @param filter which document to update; not null
     * @param update the update; not null
     * @param options upsert, array filters, expiry, order; not null
     * @return an update of the first matching document
     */
    static WriteModel updateOne(Filter filter, Update update, UpdateOptions options) {
        return new UpdateOne(filter, update, options);
    }

    /**
     * @param filter which documents to update; not null
     * @param update the update; not null
     * @return an update of every matching document
     */
    static WriteModel updateMany(Filter filter, Update update) {
        return new UpdateMany(filter, update, UpdateOptions.defaults());
    }

    /**
     * @param filter which documents to update; not null
     * @param update the update; not null
     * @param options upsert, array filters, expiry; not null
     * @return an update of every matching document
     */
    static WriteModel updateMany(Filter filter, Update update, UpdateOptions options) {
        return new UpdateMany(filter, update, options);
    }

    /**
     * @param filter which document to replace; not null
     * @param replacement the new content; not null
     * @return a replacement of the first matching document
     */
    static WriteModel replaceOne(Filter filter, Map<String, ?> replacement) {
        return replaceOne(filter, replacement, UpdateOptions.defaults());
    }

    /**
     * @param filter which document to replace; not null
     * @param replacement the new content; not null
     * @param options upsert, expiry, order; not null
     * @return a replacement of the first matching document
     */
    static WriteModel replaceOne(Filter filter, Map<String, ?> replacement, UpdateOptions options) {
        Update.checkReplacement(replacement);
        return new ReplaceOne(filter, new Document(replacement), options);
    }

    /**
     * @param filter which document to delete; not null
     * @return a delete of the first matching document
     */
    static WriteModel deleteOne(Filter filter) {
        return new DeleteOne(filter);
    }

    /**
     * @param filter which documents to delete; not null
     * @return a delete of every matching document
     */
    static WriteModel deleteMany(Filter filter) {
        return new DeleteMany(filter);
    }

    /**
     * Inserts a document.
     *
     * @param document the document
     * @param options its id, expiry and tags
     */
    record InsertOne(Document document, PutOptions options) implements WriteModel {
        public InsertOne {
            Objects.requireNonNull(document, "document must not be null");
            Objects.requireNonNull(options, "options must not be null");
        }
    }

    /**
     * Updates the first matching document.
     *
     * @param filter which document
     * @param update the update
     * @param options upsert, array filters, expiry, order
     */
    record UpdateOne(Filter filter, Update update, UpdateOptions options) implements WriteModel {
        public UpdateOne {
            Objects.requireNonNull(filter, "filter must not be null");
            Objects.requireNonNull(update, "update must not be null");
            Objects.requireNonNull(options, "options must not be null");
        }
    }

    /**
     * Updates every matching document.
     *
     * @param filter which documents
     * @param update the update
     * @param options upsert, array filters, expiry
     */
    record UpdateMany(Filter filter, Update update, UpdateOptions options) implements WriteModel {
        public UpdateMany {
            Objects.requireNonNull(filter, "filter must not be null");
            Objects.requireNonNull(update, "update must not be null");
            Objects.requireNonNull(options, "options must not be null");
        }
    }

    /**
     * Replaces the first matching document.
     *
     * @param filter which document
     * @param replacement the new content, without operators
     * @param options upsert, expiry, order
     */
    record ReplaceOne(Filter filter, Document replacement, UpdateOptions options) implements WriteModel {
        public ReplaceOne {
            Objects.requireNonNull(filter, "filter must not be null");
            Objects.requireNonNull(replacement, "replacement must not be null");
            Objects.requireNonNull(options, "options must not be null");
        }
    }

    /**
     * Deletes the first matching document.
     *
     * @param filter which document
     */
    record DeleteOne(Filter filter) implements WriteModel {
        public DeleteOne {
            Objects.requireNonNull(filter, "filter must not be null");
        }
    }

    /**
     * Deletes every matching document.
     *
     * @param filter which documents
     */
    record DeleteMany(Filter filter) implements WriteModel {
        public DeleteMany {
            Objects.requireNonNull(filter, "filter must not be null");
        }
    }
}
