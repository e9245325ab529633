package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentCodec;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.Json;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.error.DocumentTooLargeException;
import io.tetherdb.error.TetherException;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;

/**
 * What a document may hold, at its limits, as {@link Document}'s Javadoc states it: nesting (100
 * levels in stored documents, deeper text refused without recursing), long strings against the
 * maximum document size, NaN and infinities, numbers beyond their range, text that is not valid
 * Unicode, and field names with {@code $} or {@code .}. Every refusal is typed, names the field,
 * and leaves the store exactly as it was, batches included. There is no API that takes JSON as
 * bytes, so invalid UTF-8 can only reach TetherDB as a Java string with a lone surrogate.
 */
@ExtendWith(TetherTestExtension.class)
class DocumentLimitsTests {

    private static final int DEEP = 100_000;

    @TempDir
    Path directory;

    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().path(directory.resolve("limits.db")).cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ---- nesting

    @Test
    void documentTextNested100000LevelsIsMalformedWithoutRecursing() {
        String objects = "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP);
        String arrays = "{\"a\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}";

        for (String text : List.of(objects, arrays)) {
            assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse(text))
                    .withMessageContaining("nested deeper than 100 levels (the most a document may have)");
            assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Json.parse(text))
                    .withMessageContaining("nested deeper than 1000 levels");
        }
        assertThatExceptionOfType(MalformedJsonException.class)
                .isThrownBy(() -> Json.parse("[".repeat(DEEP) + "]".repeat(DEEP)))
                .satisfies(e -> assertThat(e.column()).isEqualTo(1001));
    }

    @Test
    void filterTextNested100000LevelsIsAnInvalidQuery() {
        String ands = "{\"$and\":[".repeat(DEEP) + "{a: 1}" + "]}".repeat(DEEP);
        String fields = "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP);
        String arrays = "{a: " + "[".repeat(DEEP) + "]".repeat(DEEP) + "}";
        String nots = "{a: " + "{$not: ".repeat(DEEP) + "{$gt: 1}" + "}".repeat(DEEP) + "}";
        String elemMatches = "{a: " + "{$elemMatch: {b: ".repeat(DEEP) + "1" + "}}".repeat(DEEP) + "}";

        for (String text : List.of(ands, fields, arrays, nots, elemMatches)) {
            assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse(text))
                    .withMessageContaining("nested deeper than 1000 levels");
            assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.find(text));
        }
        // Within the text limit, the filter's own limit applies: 100 levels of $and, $or, $nor, $not, $elemMatch.
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{\"$and\":[".repeat(101) + "{a: 1}" + "]}".repeat(101)))
                .withMessage("Filter is nested deeper than 100 levels");
        assertThat(Filter.parse("{\"$and\":[".repeat(99) + "{a: 1}" + "]}".repeat(99)).matches(Document.of("a", 1)))
                .isTrue();
    }

    @Test
    void javaBuiltFilterNested100000LevelsIsAnInvalidQuery() {
        Filter filter = Filters.eq("a", 1);
        InvalidQueryException refused = null;
        for (int i = 0; i < DEEP && refused == null; i++) {
            try {
                filter = i % 3 == 0 ? Filters.not(filter) : i % 3 == 1 ? Filters.and(filter) : Filters.elemMatch("a", filter);
            } catch (InvalidQueryException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull().hasMessage("Filter is nested deeper than 100 levels");
        assertThat(filter.matches(Document.of("a", 1))).isIn(true, false);
        assertThat(Filter.of(filter.toDocument())).isEqualTo(filter);
    }

    @Test
    void javaDocumentNested100000LevelsIsRefusedOnEveryWrite() {
        Map<String, Object> deepMaps = new HashMap<>();
        Map<String, Object> inner = deepMaps;
        for (int i = 0; i < DEEP; i++) {
            Map<String, Object> next = new HashMap<>();
            inner.put("a", next);
            inner = next;
        }
        List<Object> deepLists = new ArrayList<>();
        List<Object> innerList = deepLists;
        for (int i = 0; i < DEEP; i++) {
            List<Object> next = new ArrayList<>();
            innerList.add(next);
            innerList = next;
        }
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        items.put(Map.of("_id", "x", "v", 1));

        for (Map<String, ?> document : List.of(deepMaps, Map.of("list", deepLists), cyclic)) {
            List<Consumer<Map<String, ?>>> writes = List.of(items::put, d -> items.replace("x", d), items::save,
                    d -> items.putBatch(List.of(Map.of("ok", 1), d)));
            for (Consumer<Map<String, ?>> write : writes) {
                assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> write.accept(document))
                        .withMessageContaining("nesting exceeds 100 levels");
            }
            assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.of(document))
                    .withMessageContaining("nested deeper than");
        }
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filters.eq("a", deepLists))
                .withMessageContaining("nested deeper than 1000 levels");
        assertThat(items.count()).isEqualTo(1);
        assertThat(items.get("x")).contains(Document.parse("{_id: 'x', v: 1}"));
    }

    @Test
    void exactly100LevelsAreStoredAnd101AreNot() {
        String hundred = "{a:".repeat(99) + "[1]" + "}".repeat(99);
        String hundredAndOne = "{a:".repeat(100) + "[1]" + "}".repeat(100);

        Document deepest = Document.parse(hundred);
        String id = items.put(deepest);
        assertThat(items.get(id).orElseThrow()).isEqualTo(new Document(deepest).append("_id", id));
        assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse(hundredAndOne));
        Document tooDeep = Json.parseDocument(hundredAndOne, Json.MAX_NESTING_DEPTH);
        assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(tooDeep))
                .withMessageStartingWith("Document nesting exceeds 100 levels at 'a.a.a.a");
    }

    // ---- long strings

    @Test
    void twentyMegabyteStringIsTooLargeUnderTheDefaultLimitAndStoredUnderALargerOne() {
        String big = "x".repeat(20_000_000);
        String text = "{s: '" + big + "'}";
        Document document = Document.parse(text);
        assertThat(document.getString("s")).hasSize(20_000_000);
        assertThat(Filter.parse(text).matches(document)).isTrue();

        assertThatExceptionOfType(DocumentTooLargeException.class).isThrownBy(() -> items.put(document))
                .withMessageContaining("16777216");
        assertThat(items.count()).isZero();

        try (TetherDB large = TetherDB.builder().path(directory.resolve("large.db")).maxDocumentSize(32 << 20)
                .cleanupInterval(Duration.ZERO).open()) {
            String id = large.put(document);
            assertThat(large.get(id).orElseThrow().getString("s")).isEqualTo(big);
        }
        // Any string a store can be configured to hold can also be read from JSON.
        assertThat(Json.MAX_STRING_LENGTH).isEqualTo(TetherOptions.MAX_MAX_DOCUMENT_SIZE);
    }

    // ---- NaN, infinities and numbers beyond their range

    @Test
    void nanAndInfinitiesRoundTripThroughJsonAndTheStoreAndOrderAsMongoDbDoes() {
        Document document = Document.parse("{_id: 'n', nan: NaN, inf: Infinity, minf: -Infinity, z: -0.0}");
        assertThat(document.getDouble("nan")).isNaN();
        assertThat(document.getDouble("inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(document.getDouble("minf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(document.toJson()).isEqualTo("{\"_id\":\"n\",\"nan\":NaN,\"inf\":Infinity,\"minf\":-Infinity,\"z\":-0.0}");
        assertThat(Document.parse(document.toJson())).isEqualTo(document);

        items.put(document);
        Document read = items.get("n").orElseThrow();
        assertThat(read).isEqualTo(document);
        assertThat(Double.doubleToRawLongBits(read.getDouble("z"))).isEqualTo(Double.doubleToRawLongBits(-0.0));

        List<Object> values = List.of(Double.NaN, Double.NEGATIVE_INFINITY, -1, -0.0, 0, Long.MAX_VALUE,
                Double.POSITIVE_INFINITY);
        for (int i = 0; i < values.size(); i++) {
            items.put(new Document("_id", "v" + i).append("v", values.get(i)));
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("{v: NaN}", List.of("v0"));
        expected.put("{v: {$in: [NaN]}}", List.of("v0"));
        expected.put("{v: {$gte: NaN}}", List.of("v0"));
        expected.put("{v: {$gt: NaN}}", List.of());
        expected.put("{v: {$lt: 0}}", List.of("v1", "v2"));
        expected.put("{v: {$gte: -Infinity}}", List.of("v1", "v2", "v3", "v4", "v5", "v6"));
        expected.put("{v: {$lte: Infinity}}", List.of("v1", "v2", "v3", "v4", "v5", "v6"));
        expected.put("{v: 0}", List.of("v3", "v4"));
        expected.put("{v: {$gt: 9223372036854775807}}", List.of("v6"));
        expected.put("{v: {$ne: NaN}}", List.of("n", "v1", "v2", "v3", "v4", "v5", "v6"));
        for (boolean indexed : new boolean[] {false, true}) {
            if (indexed) {
                items.createIndex("{v: 1}");
            }
            expected.forEach((filter, ids) -> assertThat(ids(items.find(filter).toList()))
                    .as("%s, indexed: %s", filter, indexed).containsExactlyInAnyOrderElementsOf(ids));
            assertThat(ids(items.find("{v: {$exists: true}}").sort(Sort.ascending("v")).toList()))
                    .as("NaN sorts below every number; -0.0 and 0 are equal").startsWith("v0", "v1", "v2")
                    .endsWith("v5", "v6");
        }
        assertThat(items.find("{v: {$lt: 0}}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(db.verify().isClean()).as(db.verify().toString()).isTrue();
    }

    @Test
    void numbersBeyondTheirRangeAreRefusedWithTheirPath() {
        assertThatExceptionOfType(MalformedJsonException.class)
                .isThrownBy(() -> Document.parse("{a: {b: [1, 123456789012345678901234567890]}}"))
                .withMessageContaining("Integer 123456789012345678901234567890 at 'a.b.1' is outside the 64-bit range");
        assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse("{x: 1e400}"))
                .withMessageContaining("Number 1e400 at 'x' is outside the range of a double");
        assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse("{x: [-1e400]}"))
                .withMessageContaining("at 'x.0'");
        assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Json.parse("1" + "0".repeat(2000)))
                .withMessageContaining("1000");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{x: {$gt: 1e400}}"))
                .withMessageContaining("at 'x.$gt'");

        Document edges = Document.parse("{max: 9223372036854775807, min: -9223372036854775808,"
                + " big: 1.2345678901234567e29}");
        assertThat(edges.get("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(edges.get("min")).isEqualTo(Long.MIN_VALUE);
        assertThat(edges.get("big")).isEqualTo(1.2345678901234567e29);

        // decimals (BigInteger is one of scale 0) are stored within Decimal128's 34 digits, never rounded
        for (Object number : List.of(new BigInteger("1" + "0".repeat(34)), new BigDecimal("1." + "0".repeat(34)))) {
            assertThatExceptionOfType(InvalidDocumentException.class)
                    .isThrownBy(() -> items.put(Map.of("n", List.of(number))))
                    .withMessageStartingWith("Decimal at 'n.0' has 35 significant digits; a decimal holds at most 34");
        }
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.put(Map.of("n", new java.util.concurrent.atomic.LongAdder())))
                .withMessage("Unsupported value type java.util.concurrent.atomic.LongAdder at 'n'");
        assertThat(items.count()).isZero();
    }

    @Test
    void numbersTooCloseToZeroForADoubleAreRefusedWithTheirPath() {
        // Before, 1e-400 was silently read as 0.0 while 1e400 was refused.
        assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse("{x: 1e-400}"))
                .withMessageContaining("Number 1e-400 at 'x' is too close to zero for a double (it would be read as 0)");
        assertThatExceptionOfType(MalformedJsonException.class)
                .isThrownBy(() -> Document.parse("{a: {b: [0, -2.5e-400]}}"))
                .withMessageContaining("Number -2.5e-400 at 'a.b.1'");
        // halfway below the smallest subnormal rounds to zero
        assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse("{x: 2e-324}"))
                .withMessageContaining("at 'x'");
        assertThatExceptionOfType(MalformedJsonException.class)
                .isThrownBy(() -> Document.parse("{x: 0.000000001E-320}")).withMessageContaining("at 'x'");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{x: {$lt: 1e-400}}"))
                .withMessageStartingWith("Malformed filter: Number 1e-400 at 'x.$lt' is too close to zero");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> Filter.parse("{x: {$in: [1, 1e-999]}}"))
                .withMessageContaining("at 'x.$in.1'");
        assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.find("{x: 1E-500}"))
                .withMessageContaining("at 'x'");

        // subnormals that are nonzero doubles, and every way of writing zero, stay accepted
        Document edges = Document.parse("{min: 4.9e-324, up: 3e-324, sub: -2.2250738585072e-310, zero: 0e-400,"
                + " zeros: 0.000e-999, negative: -0.0E-5, plain: 0.0}");
        assertThat(edges.get("min")).isEqualTo(Double.MIN_VALUE);
        assertThat(edges.get("up")).isEqualTo(Double.MIN_VALUE);
        assertThat(edges.get("sub")).isEqualTo(-2.2250738585072e-310);
        assertThat(edges.get("zero")).isEqualTo(0.0);
        assertThat(edges.get("zeros")).isEqualTo(0.0);
        assertThat(edges.get("negative")).isEqualTo(-0.0);
        assertThat(edges.get("plain")).isEqualTo(0.0);
        assertThat(Filter.parse("{x: {$gt: 0e-400}}").matches(Document.parse("{x: 4.9e-324}"))).isTrue();
        assertThat(items.count()).isZero();
    }

    // ---- text that is not valid Unicode

    @Test
    void loneSurrogatesAreRefusedOnWriteNamingTheField() {
        // Before, the codec encoded with String.getBytes(UTF_8), which stores '?' in their place.
        Map<String, Map<String, ?>> cases = new LinkedHashMap<>();
        cases.put("String at 'name' is not valid Unicode: it holds a lone surrogate \\uD800 at index 1",
                Map.of("name", "a\ud800b"));
        cases.put("String at 'tags.1' is not valid Unicode: it holds a lone surrogate \\uDC00 at index 0",
                Map.of("tags", List.of("ok", "\udc00")));
        cases.put("Field name 'sub.x\\uDBFF' is not valid Unicode: it holds a lone surrogate \\uDBFF at index 1",
                Map.of("sub", Map.of("x\udbff", 1)));
        cases.put("String at '_id' is not valid Unicode", Map.of("_id", "id\ud800"));
        cases.put("String at 'c' is not valid Unicode", Map.of("c", '\ud800'));
        cases.forEach((message, document) -> {
            assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(document))
                    .withMessageStartingWith(message).withMessageContaining("which UTF-8 cannot encode");
            assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.save(document));
        });
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.put(Map.of("a", 1), PutOptions.id("\ud800")))
                .withMessageStartingWith("String at '_id' is not valid Unicode");
        assertThat(items.count()).isZero();

        // Surrogate pairs are valid and round-trip; JSON text may hold an escaped lone surrogate, but a store may not.
        String id = items.put(Map.of("emoji", "\ud83d\ude00", "\ud83d\ude00", "key"));
        assertThat(items.get(id).orElseThrow()).containsEntry("emoji", "\ud83d\ude00").containsEntry("\ud83d\ude00", "key");
        Document escaped = Document.parse("{s: '\\ud800'}");
        assertThat(escaped.getString("s")).isEqualTo("\ud800");
        assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(escaped));
    }

    @Test
    void filterOnALoneSurrogateDoesNotMatchQuestionMarkThroughAnIndex() {
        // The index key of "\ud800" was the key of "?": an indexed find returned a document the filter does not match.
        items.put(Map.of("_id", "q", "s", "?"));
        items.put(Map.of("_id", "e", "s", "\ue000"));
        items.put(Map.of("_id", "p", "s", "\ud800\udc00"));
        items.createIndex("{s: 1}");

        assertThat(items.find("{s: '\\ud800'}").explain().stage()).isEqualTo("IXSCAN");
        assertThat(items.find("{s: '\\ud800'}").toList()).isEmpty();
        assertThat(items.count(Filter.parse("{s: '\\ud800'}"))).isZero();
        // ValueOrder puts a lone high surrogate after U+E000..U+FFFF and before the characters it would begin.
        assertThat(ids(items.find("{s: {$gt: '\\ud800'}}").toList())).containsExactly("p");
        assertThat(ids(items.find("{s: {$lt: '\\ud800'}}").toList())).containsExactlyInAnyOrder("q", "e");
    }

    @Test
    void regularExpressionTooComplexForALongStringIsAnInvalidQueryNotAStackOverflow() {
        // java.util.regex overflowed the stack on (a|b)* over 200,000 characters, and the Error escaped the find.
        items.put(Map.of("_id", "long", "s", "ab".repeat(100_000)));
        items.put(Map.of("_id", "short", "s", "abc"));

        for (String filter : List.of("{s: {$regex: '(a|b)*c'}}", "{s: {$in: [/(a|b)*c/]}}", "{s: /(?:a|b)*c/}")) {
            assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.find(filter).toList())
                    .withMessageContaining("is too complex to match a string of 200000 characters");
            assertThatExceptionOfType(InvalidQueryException.class).isThrownBy(() -> items.count(Filter.parse(filter)));
        }
        assertThat(items.query("{s: {$regex: '^[ab]*c'}}")).extracting(Document::getId).containsExactly("short");
    }

    // ---- field names

    @Test
    void dollarAndDottedFieldNamesAreRefusedEverywhere() {
        items.put(Map.of("_id", "x", "v", 1));
        List<Map<String, ?>> documents = List.of(
                Map.of("$set", 1),
                Map.of("a.b", 1),
                Map.of("sub", Map.of("$x", 1)),
                Map.of("list", List.of(Map.of("ok", 1), Map.of("k.1", 2))),
                Map.of("_tags", List.of(Map.of("$t", 1))));
        List<String> messages = List.of("Field name '$set' must not start with '$'",
                "Field name 'a.b' must not contain '.'", "Field name 'sub.$x' must not start with '$'",
                "Field name 'list.1.k.1' must not contain '.'", "Field name '_tags.0.$t' must not start with '$'");
        for (int i = 0; i < documents.size(); i++) {
            Map<String, ?> document = documents.get(i);
            String message = messages.get(i);
            assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(document))
                    .withMessage(message);
            assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.replace("x", document))
                    .withMessage(message);
            assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.save(document))
                    .withMessage(message);
            assertThatExceptionOfType(InvalidDocumentException.class)
                    .isThrownBy(() -> items.putBatch(List.of(Map.of("ok", 1), document)))
                    .withMessage("Document 1 of the batch: " + message);
        }
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.put(Map.of("_id", Map.of("a", 1))))
                .withMessageStartingWith("_id must be a string");
        assertThat(items.count()).isEqualTo(1);
        assertThat(items.get("x")).contains(Document.parse("{_id: 'x', v: 1}"));

        // $ and . are allowed inside names elsewhere, the empty name and NUL too: all round-trip.
        Map<String, Object> allowed = new LinkedHashMap<>();
        allowed.put("a$", 1);
        allowed.put("", 2);
        allowed.put("nul\u0000", 3);
        allowed.put("text", "a.b $c");
        String id = items.put(allowed);
        assertThat(items.get(id).orElseThrow()).containsAllEntriesOf(allowed);
    }

    @Test
    void emptyOrOverlongOwnIdIsAnInvalidDocument() {
        // The document's own _id broke the rule with IllegalArgumentException, unlike its other fields.
        assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(Map.of("_id", "")))
                .withMessage("_id must not be empty");
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.putBatch(List.of(Map.of("_id", "x".repeat(1025)))))
                .withMessage("Document 0 of the batch: _id must be at most 1024 characters but was 1025");
        assertThat(items.count()).isZero();
    }

    @Test
    void nonStringOrNullKeyInARawMapIsAnInvalidDocument() {
        // A raw map's keys need not be strings; the top level of a document failed with ClassCastException
        // (or NullPointerException for a null key) instead of saying so.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, ?> numberKey = (Map) new HashMap<>(Map.of(1, "one"));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, "none");

        assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(numberKey))
                .withMessage("Field name 1 is not a string");
        assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(nullKey))
                .withMessage("Field name null is not a string");
        assertThatExceptionOfType(InvalidDocumentException.class)
                .isThrownBy(() -> items.put(Map.of("sub", numberKey)))
                .withMessage("Field name 1 at 'sub' is not a string");
        assertThat(items.count()).isZero();
    }

    @Test
    void enumUuidAndCharacterValuesAreFoundByTheValuesTheyAreStoredAs() {
        // A document may hold them (stored as text), but a filter on them was an InvalidQueryException.
        java.util.UUID uuid = java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        items.put(Map.of("_id", "t", "unit", java.util.concurrent.TimeUnit.SECONDS, "uuid", uuid, "c", 'z'));

        assertThat(items.query(Filters.eq("unit", java.util.concurrent.TimeUnit.SECONDS))).hasSize(1);
        assertThat(items.query(Filters.in("uuid", uuid))).hasSize(1);
        assertThat(items.query(Map.of("c", 'z'))).hasSize(1);
        assertThat(items.get("t").orElseThrow()).containsEntry("unit", "SECONDS").containsEntry("uuid", uuid.toString());
    }

    // ---- a refused batch writes nothing

    @Test
    void batchWhoseLastDocumentIsBadLeavesTheStoreExactlyAsItWas() {
        items.createIndex("{k: 1}");
        items.createIndex(IndexDefinition.ascending("p").thenAscending("q"));
        items.createIndex(IndexDefinition.ascending("u").unique());
        for (int i = 0; i < 5; i++) {
            items.put(Map.of("_id", "d" + i, "k", i, "u", "u" + i), PutOptions.defaults().ttl(Duration.ofHours(1)));
        }
        db.flush();
        List<Document> before = snapshot();

        Map<String, Map<String, ?>> badLast = new LinkedHashMap<>();
        badLast.put("lone surrogate", Map.of("k", "\ud800"));
        badLast.put("dollar key", Map.of("$k", 1));
        badLast.put("too deep", Document.parse("{a:".repeat(99) + "1" + "}".repeat(99)).append("more",
                List.of(Document.parse("{a:".repeat(99) + "1" + "}".repeat(99)))));
        badLast.put("too large", Map.of("s", "x".repeat(17 << 20)));
        badLast.put("taken _id", Map.of("_id", "d3"));
        badLast.put("_id repeated in the batch", Map.of("_id", "n0"));
        badLast.put("unique key taken", Map.of("u", "u2"));
        badLast.put("parallel arrays", Map.of("p", List.of(1, 2), "q", List.of(3, 4)));
        badLast.forEach((problem, bad) -> {
            List<Map<String, ?>> batch = List.of(Map.of("_id", "n0", "k", 10), Map.of("_id", "n1", "k", 11), bad);
            assertThatExceptionOfType(TetherException.class).as(problem).isThrownBy(() -> items.putBatch(batch));
            assertThat(snapshot()).as(problem).isEqualTo(before);
        });
        VerifyReport report = db.verify();
        assertThat(report.isClean()).as(report.toString()).isTrue();
        assertThat(report.documents()).isEqualTo(5);

        db.close();
        db = TetherDB.builder().path(directory.resolve("limits.db")).cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(db.verify().isClean()).isTrue();
    }

    /** Every document, in id order, and what each index finds. */
    private List<Document> snapshot() {
        List<Document> state = new ArrayList<>(items.find().sort(Sort.ascending("_id")).toList());
        state.add(new Document("byK", ids(items.find("{k: {$gte: 0}}").toList())));
        state.add(new Document("byP", ids(items.find("{p: {$exists: true}, q: {$exists: true}}").toList())));
        state.add(new Document("byU", ids(items.find("{u: {$gte: ''}}").toList())));
        state.add(new Document("count", items.count()));
        return state;
    }

    private static List<String> ids(List<Document> documents) {
        return documents.stream().map(Document::getId).sorted().toList();
    }

    @Test
    void encodedDocumentsOfEveryAllowedKindDecodeToWhatWasGiven() {
        Document document = Document.parse("{a: NaN, b: [Infinity, -0.0, {c: ''}], '': null, d: 9223372036854775807}");
        assertThat(DocumentCodec.decode(DocumentCodec.encode(document))).isEqualTo(document);
    }
}
