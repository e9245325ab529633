package io.tetherdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.tetherdb.TetherCollection;
import io.tetherdb.TetherDB;
import io.tetherdb.TetherTestExtension;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Sort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A property test: over random documents (arrays, arrays nested in arrays, nulls, missing fields,
 * mixed numeric types, strings, dates, nested documents, digit field names) and random filters,
 * on plain and array-index paths ({@code a.0}, {@code a.0.b}, {@code f.1}), a collection with
 * indexes returns exactly what the same collection without indexes returns, and counts the same;
 * filters on {@code _id} (read by id in both) and {@code $or} filters (index unions) return what a
 * scan of every document finds.
 */
@ExtendWith(TetherTestExtension.class)
class IndexEquivalenceTests {

    private static final long SEED = Long.getLong("tetherdb.index.seed", 20261126L);

    @Test
    void resultsAreTheSameWithAndWithoutIndexes() {
        Random random = new Random(SEED);
        System.out.println("IndexEquivalenceTests seed " + SEED);
        int compared = 0;
        int usedIndex = 0;
        int usedIndexOnPositions = 0;
        int readById = 0;
        int unions = 0;
        int elemMatches = 0;
        for (int round = 0; round < 20; round++) {
            try (TetherDB db = TetherDB.builder().cleanupInterval(Duration.ZERO).open()) {
                TetherCollection plain = db.collection("plain");
                TetherCollection indexed = db.collection("indexed");
                indexed.createIndex("{a: 1}");
                indexed.createIndex("{b: -1}");
                indexed.createIndex("{b: 1, a: -1}");
                indexed.createIndex("{'c.d': 1}");
                indexed.createIndex(IndexDefinition.ascending("e").sparse());
                indexed.createIndex("{'a.0': 1}");
                indexed.createIndex("{'a.0.b': -1}");
                indexed.createIndex("{'f.1': 1, b: 1}");
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < 150; i++) {
                    docs.add(document(random, i));
                }
                plain.putBatch(docs);
                // half before the index builds, half maintained by writes
                indexed.putBatch(docs.subList(0, 75));
                if (round % 2 == 0) {
                    indexed.dropIndex("a_1");
                    indexed.createIndex("{a: 1}");
                }
                indexed.putBatch(docs.subList(75, 150));
                // filters on _id read by id in both collections: the reference is a scan of every document
                List<Document> all = plain.find().toList();
                for (int q = 0; q < 150; q++) {
                    Document generated = filter(random);
                    if (random.nextInt(5) == 0) {
                        generated = new Document("$or", List.of(generated, filter(random)));
                    }
                    Filter filter = Filter.of(generated);
                    List<String> expected = ids(all.stream().filter(filter::matches).toList());
                    assertThat(ids(plain.query(filter))).as("plain %s", filter).isEqualTo(expected);
                    List<String> actual = ids(indexed.query(filter));
                    assertThat(actual).as("filter %s", filter).isEqualTo(expected);
                    assertThat(indexed.count(filter)).as("count %s", filter).isEqualTo(expected.size());
                    var explained = indexed.find(filter).explain();
                    if (explained.stage().equals("IXSCAN") && filter.toString().contains("$elemMatch")) {
                        elemMatches++;
                    }
                    if (explained.stage().equals("OR")) {
                        unions++;
                    }
                    if (explained.stage().startsWith("ID_")) {
                        readById++;
                    }
                    if (explained.stage().equals("IXSCAN")) {
                        usedIndex++;
                        if (explained.index().contains(".0") || explained.index().contains(".1")) {
                            usedIndexOnPositions++;
                        }
                    }
                    String sortField = new String[] {"a", "b", "a.0", "f.1"}[random.nextInt(4)];
                    Sort sort = random.nextBoolean() ? Sort.ascending(sortField) : Sort.descending(sortField);
                    int limit = 1 + random.nextInt(10);
                    List<Document> plainSorted = plain.find(filter).sort(sort).limit(limit).toList();
                    List<Document> indexedSorted = indexed.find(filter).sort(sort).limit(limit).toList();
                    assertThat(indexedSorted).as("sorted %s by %s", filter, sort).hasSameSizeAs(plainSorted);
                    // a top-k sort reads its sort values from lazily decoded records: the same order as whole documents
                    List<Document> reference = all.stream().filter(filter::matches).sorted(sort::compare).limit(limit)
                            .toList();
                    assertThat(plainSorted).as("top %d of %s by %s", limit, filter, sort).hasSameSizeAs(reference);
                    for (int i = 0; i < plainSorted.size(); i++) {
                        assertThat(sort.compare(plainSorted.get(i), reference.get(i)))
                                .as("position %d of %s sorted by %s against whole documents", i, filter, sort).isZero();
                        assertThat(sort.compare(indexedSorted.get(i), plainSorted.get(i)))
                                .as("position %d of %s sorted by %s", i, filter, sort).isZero();
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(3000);
        assertThat(usedIndex).as("filters that used an index").isGreaterThan(900);
        assertThat(readById).as("filters read by id").isGreaterThan(200);
        assertThat(unions).as("$or filters run as index unions").isGreaterThan(100);
        assertThat(elemMatches).as("$elemMatch filters that used an index").isGreaterThan(50);
        assertThat(usedIndexOnPositions).as("filters that used an index on an array position").isGreaterThan(200);
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).sorted().toList();
    }

    private static Document document(Random random, int i) {
        Document doc = new Document().append("_id", String.format("d%03d", i));
        boolean aIsArray = random.nextInt(4) == 0;
        if (random.nextInt(8) != 0) {
            doc.put("a", aIsArray ? array(random) : scalar(random));
        }
        if (random.nextInt(8) != 0) {
            doc.put("b", scalar(random));
        }
        switch (random.nextInt(5)) {
            case 0 -> doc.put("c", new Document("d", scalar(random)));
            case 1 -> doc.put("c", List.of(new Document("d", scalar(random)), new Document("d", scalar(random))));
            case 2 -> doc.put("c", scalar(random));
            case 3 -> doc.put("c", new Document());
            default -> { }
        }
        if (random.nextInt(3) == 0) {
            doc.put("e", scalar(random));
        }
        if (random.nextInt(4) != 0) {
            doc.put("f", random.nextBoolean() ? nested(random, 0) : scalar(random));
        }
        if (aIsArray && random.nextBoolean()) {
            doc.put("a", nested(random, 0));
        }
        return doc;
    }

    /**
     * Arrays nested in arrays and documents inside them, so that index paths ({@code a.0},
     * {@code a.0.b}) meet every case: a position beyond the end, a scalar, an array or a document
     * at the position, and documents that have the digit as a field name.
     */
    private static Object nested(Random random, int depth) {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (depth < 2 ? random.nextInt(6) : 0) {
                case 0 -> list.add(scalar(random));
                case 1 -> list.add(nested(random, depth + 1));
                case 2 -> list.add(new Document("b", random.nextBoolean() ? scalar(random) : nested(random, depth + 1)));
                case 3 -> list.add(new Document("0", scalar(random)).append("b", scalar(random)));
                case 4 -> list.add(new Document("a", nested(random, depth + 1)));
                default -> list.add(random.nextBoolean() ? List.of() : new Document());
            }
        }
        return list;
    }

    private static List<Object> array(Random random) {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            list.add(scalar(random));
        }
        return list;
    }

    private static Object scalar(Random random) {
        switch (random.nextInt(15)) {
            case 12: return decimal(random);
            case 13: return decimal(random);
            case 14: return random.nextBoolean() ? 0.1 : 1e300;
            case 0: return null;
            case 1: return random.nextInt(6);
            case 2: return (long) random.nextInt(6);
            case 3: return random.nextInt(12) / 2.0;
            case 4: return (1L << 53) + random.nextInt(3);
            case 5: return "s" + random.nextInt(4);
            case 6: return random.nextBoolean();
            case 7: return Instant.ofEpochSecond(random.nextInt(4));
            case 8: return new Document("x", random.nextInt(3));
            case 9: return random.nextInt(20) == 0 ? Double.NaN : -random.nextInt(3);
            case 10: return "";
            default: return random.nextInt(3) + 0.5;
        }
    }

    /**
     * Decimals equal to the ints, longs and halves above at other scales, between them, next to
     * 2<sup>53</sup>, decimal 0.1 next to binary 0.1, and beyond the range of a double.
     */
    private static Object decimal(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> BigDecimal.valueOf(random.nextInt(12) * 5L, 1).setScale(1 + random.nextInt(3));
            case 1 -> BigDecimal.valueOf(random.nextInt(60), 1);
            case 2 -> new BigDecimal(1L << 53).add(BigDecimal.valueOf(random.nextInt(30), 1));
            case 3 -> new BigDecimal(random.nextBoolean() ? "0.1" : "0.1000000000000000055511151231257828");
            case 4 -> new BigDecimal((random.nextBoolean() ? "" : "-") + (1 + random.nextInt(3)) + "E+400");
            default -> BigDecimal.valueOf(-random.nextInt(3));
        };
    }

    /** Point and range conditions on the ids d000..d149, with values beyond them and of other types. */
    private static Object idCondition(Random random) {
        Object id = random.nextInt(8) == 0 ? scalar(random) : String.format("d%03d", random.nextInt(160));
        Object other = random.nextInt(8) == 0 ? scalar(random) : "d" + random.nextInt(16);
        return switch (random.nextInt(6)) {
            case 0 -> id;
            case 1 -> new Document("$in", Arrays.asList(id, other));
            case 2 -> new Document("$gt", id);
            case 3 -> new Document("$lte", other);
            case 4 -> new Document("$gte", other).append("$lt", id);
            default -> new Document("$ne", id);
        };
    }

    private static Document filter(Random random) {
        Document filter = new Document();
        int conditions = 1 + random.nextInt(2);
        for (int i = 0; i < conditions; i++) {
            String field = new String[] {"a", "b", "c.d", "e", "a", "a.0", "a.0.b", "a.1", "a.b", "f.1", "f.0.0"}
                    [random.nextInt(11)];
            Object value = scalar(random);
            Object condition;
            switch (random.nextInt(8)) {
                case 0, 1 -> condition = value;
                case 2 -> condition = new Document("$in", Arrays.asList(scalar(random), scalar(random)));
                case 3 -> condition = new Document("$gt", value);
                case 4 -> condition = new Document("$lte", value);
                case 5 -> condition = new Document("$gte", value).append("$lt", scalar(random));
                case 6 -> condition = new Document("$ne", value);
                default -> condition = new Document("$exists", random.nextBoolean());
            }
            if (random.nextInt(6) == 0) {
                field = "_id";
                condition = idCondition(random);
            } else if (random.nextInt(8) == 0) {
                // the object form on arrays of documents (c: [{d: ...}], a: [{b: ...}]) and the value form
                boolean valueForm = random.nextBoolean();
                field = valueForm ? (random.nextBoolean() ? "a" : "b") : (random.nextBoolean() ? "c" : "a");
                Object inner = random.nextBoolean() ? value : new Document(random.nextBoolean() ? "$gte" : "$lt", value);
                condition = new Document("$elemMatch", valueForm
                        ? (inner instanceof Document d ? d : new Document("$eq", inner))
                        : new Document(field.equals("c") ? "d" : "b", inner));
            }
            if (filter.containsKey(field)) {
                filter = new Document("$and", List.of(filter, new Document(field, condition)));
            } else {
                filter.put(field, condition);
            }
        }
        return filter;
    }
}
