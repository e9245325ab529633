package de.bwaldvogel.mongo.backend;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Test access to mongo-java-server's update engine, used only as an oracle by
 * {@code io.tetherdb.update.UpdateDifferentialTests}: it calls the engine's own entry point for
 * computing an updated document, which is private to its collection base class, on an instance
 * made without a database (that method reads nothing of the collection but its id field name).
 * Not thread-safe; nothing of mongo-java-server is copied here.
 */
public final class UpdateOracle {

    private final AbstractMongoCollection<Object> collection;
    private final Method calculate;

    public UpdateOracle() {
        try {
            Field unsafeField = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            unsafeField.setAccessible(true);
            Object unsafe = unsafeField.get(null);
            Method allocate = unsafe.getClass().getMethod("allocateInstance", Class.class);
            @SuppressWarnings("unchecked")
            AbstractMongoCollection<Object> made = (AbstractMongoCollection<Object>) allocate.invoke(unsafe,
                    OracleCollection.class);
            collection = made;
            calculate = AbstractMongoCollection.class.getDeclaredMethod("calculateUpdateDocument", Document.class,
                    Document.class, ArrayFilters.class, Integer.class, boolean.class);
            calculate.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mongo-java-server's update engine is not reachable", e);
        }
    }

    /**
     * @param document the document to update; not changed
     * @param update the update document
     * @param arrayFilters the array filters, maybe empty
     * @param upsert whether the document is being inserted by an upsert
     * @return the updated document
     * @throws RuntimeException the engine's error for an update it refuses
     */
    public Document apply(Document document, Document update, List<Document> arrayFilters, boolean upsert) {
        try {
            ArrayFilters filters = ArrayFilters.parse(new Document("arrayFilters", arrayFilters), update);
            return (Document) calculate.invoke(collection, document, update, filters, null, upsert);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A collection made only to call the update engine; it stores nothing. */
    static final class OracleCollection extends AbstractMongoCollection<Object> {

        private OracleCollection() {
            super(null, null, null, null);
        }

        @Override
        protected String getIdField() {
            return "_id";
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
                int batchSize, Document fieldSelector) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected Document getDocument(Object position) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void updateDataSize(int sizeDelta) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected int getDataSize() {
            throw new UnsupportedOperationException();
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void removeDocument(Object position) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int count() {
            throw new UnsupportedOperationException();
        }
    }
}
