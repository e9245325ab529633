package io.tetherdb.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.query.Filters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tetherdb migrate FILE mongodb://...}: copies collections with their indexes and expiry to a
 * MongoDB server in batches, resumably, and verifies a count and a {@link DocumentChecksum} per
 * collection on both sides. Opens the store read-only. Not thread-safe.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copies every collection (or those named) to a MongoDB server: indexes first (unique, sparse,"
                + " compound, multikey), then the documents in _id order, in batches, each document's expiry in the"
                + " field " + MigrateCommand.EXPIRY_FIELD + " under a TTL index (expireAfterSeconds: 0). Opens the"
                + " store read-only.",
            "Resumable: after each batch the last copied _id is recorded in the target database's collection "
                + MigrateCommand.PROGRESS_COLLECTION + "; a re-run continues after it (and copies documents added"
                + " since). At the end each collection's count and checksum are compared on both sides; a mismatch"
                + " ends with exit code 1."})
class MigrateCommand extends StoreCommand {

    /** The target field that holds a document's expiry, under a TTL index; the MongoDB backend uses the same. */
    static final String EXPIRY_FIELD = "_expiresAt";

    /** The target collection that records how far each collection was copied. */
    static final String PROGRESS_COLLECTION = "_tetherdb_migrate";

    /** The database used when neither --database nor the URI names one. */
    static final String DEFAULT_DATABASE = "tetherdb";

    /**
     * Documents that expire within this time of a verification are left out of it on both sides:
     * either side may drop them while the other is read.
     */
    static final long VERIFY_MARGIN_MILLIS = TimeUnit.MINUTES.toMillis(10);

    static final int MAX_BATCH_SIZE = 100_000;

    // held so that its level outlives a garbage collection
    private static final Logger DRIVER_LOG = Logger.getLogger("org.mongodb.driver");

    @Parameters(index = "1", paramLabel = "URI", description = "The MongoDB connection string, mongodb://..."
            + " or mongodb+srv://...")
    String uri;

    @Option(names = "--collections", paramLabel = "a,b", split = ",",
            description = "Copy only these collections (default: all).")
    List<String> collections;

    @Option(names = "--database", paramLabel = "NAME", description = "The target database (default: the URI's,"
            + " else " + DEFAULT_DATABASE + ").")
    String database;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "Documents per batch written and recorded (default: ${DEFAULT-VALUE}).")
    int batchSize;

    /** Simulates an interrupted run in tests: stops after this many batches, as a killed run would. */
    @Option(names = "--stop-after-batches", hidden = true, paramLabel = "K")
    int stopAfterBatches;

    private int batchesWritten;

    @Override
    int run() {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw CliFailure.usage("--batch-size must be 1 to " + MAX_BATCH_SIZE + " but was " + batchSize);
        }
        // without SLF4J (the jar has none) the driver logs only a JUL warning that it logs nothing
        DRIVER_LOG.setLevel(Level.SEVERE);
        ConnectionString connection;
        try {
            connection = new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("not a MongoDB connection string: " + uri + " (" + e.getMessage() + ")");
        }
        String databaseName = database != null ? database
                : connection.getDatabase() != null ? connection.getDatabase() : DEFAULT_DATABASE;
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connection);
        if (!uri.contains("serverSelectionTimeoutMS")) {
            // the driver's 30 s makes a mistyped host look like a hang
            settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS));
        }
        String target = String.join(",", connection.getHosts()) + "/" + databaseName;
        try (TetherDB db = openReadOnly(); MongoClient client = MongoClients.create(settings.build())) {
            List<String> names = selectedCollections(db);
            MongoDatabase mongo = client.getDatabase(databaseName);
            MongoCollection<org.bson.Document> progress = mongo.getCollection(PROGRESS_COLLECTION);
            for (String name : names) {
                if (!copy(db.collection(name), mongo.getCollection(name), progress)) {
                    out().printf("stopped after %,d batch%s as asked (--stop-after-batches); run again to resume%n",
                            batchesWritten, batchesWritten == 1 ? "" : "es");
                    return ExitCodes.PROBLEMS;
                }
            }
            int mismatches = 0;
            for (String name : names) {
                mismatches += verify(db.collection(name), mongo.getCollection(name)) ? 0 : 1;
            }
            if (mismatches > 0) {
                err().printf("tetherdb migrate: %d of %d collection%s differ%s on %s; to copy such a collection"
                        + " afresh, drop it there, delete its record from %s, and run again%n", mismatches,
                        names.size(), names.size() == 1 ? "" : "s", mismatches == 1 ? "s" : "", target,
                        PROGRESS_COLLECTION);
                return ExitCodes.PROBLEMS;
            }
            out().printf("migrated %d collection%s to %s: counts and checksums match%n", names.size(),
                    names.size() == 1 ? "" : "s", target);
            return ExitCodes.OK;
        } catch (MongoException e) {
            throw new CliFailure(ExitCodes.STORE, "MongoDB at " + target + ": " + e.getMessage(), e);
        }
    }

    private List<String> selectedCollections(TetherDB db) {
        List<String> all = db.collectionNames();
        if (all.contains(PROGRESS_COLLECTION)) {
            throw CliFailure.usage("the store has a collection named " + PROGRESS_COLLECTION
                    + ", the name migrate records its progress under on the server");
        }
        if (collections == null) {
            return all;
        }
        List<String> names = new ArrayList<>();
        for (String name : collections) {
            existingCollection(db, name);
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** @return false if the run stopped early (--stop-after-batches) */
    private boolean copy(TetherCollection source, MongoCollection<org.bson.Document> target,
            MongoCollection<org.bson.Document> progress) {
        String name = source.name();
        if (source.count(Filters.exists(EXPIRY_FIELD)) > 0) {
            throw new CliFailure(ExitCodes.STORE, "collection '" + name + "' has documents with a field "
                    + EXPIRY_FIELD + ", which migrate writes each document's expiry into; rename that field first");
        }
        org.bson.Document marker = progress.find(com.mongodb.client.model.Filters.eq("_id", name)).first();
        String lastId = marker == null ? null : marker.getString("lastId");
        if (marker == null && target.find().limit(1).first() != null) {
            throw new CliFailure(ExitCodes.STORE, "collection '" + name + "' on the server already holds documents"
                    + " that no migrate run copied; drop it or choose another --database");
        }
        createIndexes(source, target);
        if (marker == null) {
            progress.insertOne(new org.bson.Document("_id", name).append("lastId", null).append("copied", 0L)
                    .append("done", false).append("startedAt", new Date()));
        }
        long total = source.count();
        long copied = 0;
        long batches = 0;
        boolean subMillisecondDates = false;
        List<WriteModel<org.bson.Document>> batch = new ArrayList<>(Math.min(batchSize, 10_000));
        String batchLastId = null;
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        try (Progress bar = progress("Migrating " + name, total, null, 1);
                Stream<Document> documents = (lastId == null ? source.find()
                        : source.find(Filters.gte("_id", resumeBound(lastId)))).stream()) {
            var iterator = documents.iterator();
            while (iterator.hasNext()) {
                Document document = iterator.next();
                if (!(document.get("_id") instanceof String id)) {
                    throw new IllegalStateException("collection '" + name + "' holds a document whose _id is not a"
                            + " string: " + document.get("_id"));
                }
                Optional<Instant> expiresAt = liveExpiry(source, id);
                if (expiresAt != null) {
                    subMillisecondDates |= BsonValues.hasSubMillisecondDate(document);
                    batch.add(new ReplaceOneModel<>(com.mongodb.client.model.Filters.eq("_id", id),
                            bson(name, document, expiresAt.orElse(null)), upsert));
                }
                batchLastId = id;
                if (batch.size() == batchSize || !iterator.hasNext()) {
                    copied += write(target, progress, name, batch, batchLastId);
                    batches++;
                    bar.stepTo(copied);
                    batch.clear();
                    if (stopAfterBatches > 0 && ++batchesWritten == stopAfterBatches) {
                        return false;
                    }
                }
            }
        }
        progress.updateOne(com.mongodb.client.model.Filters.eq("_id", name),
                Updates.combine(Updates.set("done", true), Updates.set("finishedAt", new Date())));
        out().printf("%s: copied %,d document%s in %,d batch%s%s%n", name, copied, copied == 1 ? "" : "s", batches,
                batches == 1 ? "" : "es", lastId == null ? "" : " (resumed after _id '" + lastId + "')");
        if (subMillisecondDates) {
            out().printf("%s: some dates had sub-millisecond parts; MongoDB keeps whole milliseconds%n", name);
        }
        return true;
    }

    /**
     * @return the document's expiry (empty if it never expires), or null if it expired since it was
     *         read: that one is not copied, as it would otherwise arrive without its expiry
     */
    private static Optional<Instant> liveExpiry(TetherCollection source, String id) {
        Optional<Instant> expiresAt = source.expiresAt(id);
        if (expiresAt.isPresent() || source.get(id).isPresent()) {
            return expiresAt;
        }
        return null;
    }

    private static org.bson.Document bson(String collection, Document document, Instant expiresAt) {
        try {
            return BsonValues.toBson(document, EXPIRY_FIELD, expiresAt);
        } catch (NumberFormatException e) {
            // a decimal that Decimal128 cannot hold exactly
            throw new CliFailure(ExitCodes.STORE, "document '" + document.get("_id") + "' of collection '"
                    + collection + "' holds a value MongoDB cannot store exactly: " + e.getMessage());
        }
    }

    /**
     * The lower bound a re-run starts from (inclusive). The store's id order and MongoDB's (code
     * points) differ only from the first UTF-16 unit at or above U+D800, so the id is cut there:
     * the re-run then copies a few documents again, which the upserts make harmless.
     */
    static String resumeBound(String lastId) {
        for (int i = 0; i < lastId.length(); i++) {
            if (lastId.charAt(i) >= Character.MIN_SURROGATE) {
                return lastId.substring(0, i);
            }
        }
        return lastId + '\0';
    }

    /** Upserts one batch, then records it; a batch written but not recorded is written again on resume. */
    private static long write(MongoCollection<org.bson.Document> target, MongoCollection<org.bson.Document> progress,
            String name, List<WriteModel<org.bson.Document>> batch, String lastId) {
        if (!batch.isEmpty()) {
            target.bulkWrite(batch, new BulkWriteOptions().ordered(false));
        }
        progress.updateOne(com.mongodb.client.model.Filters.eq("_id", name),
                Updates.combine(Updates.set("lastId", lastId), Updates.inc("copied", (long) batch.size()),
                        Updates.set("updatedAt", new Date())));
        return batch.size();
    }

    /** Creates every index of the source on the target, and the TTL index on the expiry field. */
    private static void createIndexes(TetherCollection source, MongoCollection<org.bson.Document> target) {
        for (IndexStatus status : source.listIndexes()) {
            IndexDefinition definition = status.definition();
            org.bson.Document keys = new org.bson.Document();
            definition.keys().forEach(keys::append);
            // MongoDB makes an index multikey by itself when it meets an array
            target.createIndex(keys, new IndexOptions().name(definition.name()).unique(definition.isUnique())
                    .sparse(definition.isSparse()));
        }
        // the starter's MongoDB backend creates this same index, by this name: a server refuses one key
        // under two names, so a migrated collection and the backend must agree
        target.createIndex(new org.bson.Document(EXPIRY_FIELD, 1),
                new IndexOptions().name(EXPIRY_FIELD + "_1").expireAfter(0L, TimeUnit.SECONDS));
    }

    /** @return whether both sides agree; prints one line for the collection */
    private boolean verify(TetherCollection source, MongoCollection<org.bson.Document> target) {
        long cutoff = System.currentTimeMillis() + VERIFY_MARGIN_MILLIS;
        DocumentChecksum expected = new DocumentChecksum();
        try (Stream<Document> documents = source.find().stream()) {
            documents.forEach(document -> {
                Optional<Instant> expiresAt = liveExpiry(source, (String) document.get("_id"));
                if (expiresAt == null || expiresAt.isPresent() && expiresAt.get().toEpochMilli() <= cutoff) {
                    return;
                }
                Map<String, Object> withExpiry = new LinkedHashMap<>(document);
                expiresAt.ifPresent(instant -> withExpiry.put(EXPIRY_FIELD, instant));
                expected.add(withExpiry);
            });
        }
        DocumentChecksum actual = new DocumentChecksum();
        try (MongoCursor<org.bson.Document> cursor = target.find(com.mongodb.client.model.Filters.or(
                com.mongodb.client.model.Filters.exists(EXPIRY_FIELD, false),
                com.mongodb.client.model.Filters.gt(EXPIRY_FIELD, new Date(cutoff)))).iterator()) {
            cursor.forEachRemaining(actual::add);
        }
        List<String> missingIndexes = missingIndexes(source, target);
        boolean same = expected.count() == actual.count() && expected.hex().equals(actual.hex())
                && missingIndexes.isEmpty();
        String name = source.name();
        if (same) {
            out().printf("%s: verified %,d document%s, checksum %s%n", name, expected.count(),
                    expected.count() == 1 ? "" : "s", expected.hex());
        } else {
            out().printf("%s: MISMATCH: store %,d document%s, checksum %s; server %,d, checksum %s%s%n", name,
                    expected.count(), expected.count() == 1 ? "" : "s", expected.hex(), actual.count(), actual.hex(),
                    missingIndexes.isEmpty() ? "" : "; indexes missing on the server: " + missingIndexes);
        }
        return same;
    }

    private static List<String> missingIndexes(TetherCollection source, MongoCollection<org.bson.Document> target) {
        List<String> present = new ArrayList<>();
        target.listIndexes().forEach(index -> present.add(index.getString("name")));
        List<String> missing = new ArrayList<>();
        for (IndexStatus status : source.listIndexes()) {
            if (!present.contains(status.definition().name())) {
                missing.add(status.definition().name());
            }
        }
        if (!present.contains(EXPIRY_FIELD + "_1")) {
            missing.add(EXPIRY_FIELD + "_1");
        }
        return missing;
    }
}
