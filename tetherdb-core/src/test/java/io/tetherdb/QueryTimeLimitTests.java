package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tetherdb.document.Document;
import io.tetherdb.error.QueryInterruptedException;
import io.tetherdb.error.QueryTimeoutException;
import io.tetherdb.error.TetherException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Query time limits and cancellation through the public API: catastrophic and polynomial regular
 * expressions end with {@link QueryTimeoutException} soon after the limit (only a generous upper
 * bound is asserted, never a tight time), filtered deletes that time out remove nothing, a closed
 * stream reads no further document, and an interrupted query stops with
 * {@link QueryInterruptedException}. The class timeout turns a query that never ends into a failure.
 */
@ExtendWith(TetherTestExtension.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueryTimeLimitTests {

    private static final Duration LIMIT = Duration.ofMillis(150);

    /** Far above the limit, so that a slow machine does not fail a test; a query that ignores the limit runs for years. */
    private static final Duration GENEROUS = Duration.ofSeconds(3);

    /** {@code (a+)+\1$} backtracks exponentially over this: 30 'a's that end in 'b'. */
    private static final String EXPONENTIAL = "a".repeat(30) + "b";

    /** {@code .*.*.*.*.*b} takes milliseconds over each of these, so seconds over a few thousand. */
    private static final String POLYNOMIAL = "a".repeat(20);

    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().inMemory().cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ---- catastrophic patterns, each a way of writing a regular expression

    @ParameterizedTest
    @ValueSource(strings = {
            "{f: {$regex: '(a+)+\\\\1$'}}",
            "{f: {$regex: '(a+) +\\\\1$', $options: 'x'}}",
            "{f: {$regex: '(?x)(a+) +\\\\1$'}}",
            "{f: {$regex: '\\\\Q[\\\\E(a+)+\\\\1$'}}",
            "{f: {$regularExpression: {pattern: '(a+)+\\\\1$', options: ''}}}",
            "{f: /(a+)+\\1$/}",
            "{f: {$in: ['x', /(a+)+\\1$/]}}",
            "{f: {$all: [/(a+)+\\1$/]}}",
            "{f: {$not: /(a+)+\\1$/}}",
            "{g: {$elemMatch: {$regex: '(a+)+\\\\1$'}}}",
            "{$or: [{f: 'x'}, {f: {$regex: '(a+)+\\\\1$'}}]}"})
    void catastrophicPatternOnOneDocumentEndsSoonAfterTheLimit(String filter) {
        items.put(Map.of("_id", "plain", "f", EXPONENTIAL, "g", List.of(EXPONENTIAL)));
        items.put(Map.of("_id", "bracketed", "f", "[" + EXPONENTIAL, "g", List.of("[" + EXPONENTIAL)));

        assertTimesOut(() -> items.find(filter).maxTime(LIMIT).toList(),
                "query on collection 'items' exceeded its time limit of 150 ms");
    }

    @Test
    void catastrophicPatternGivenAsAPatternObjectEndsSoonAfterTheLimit() {
        items.put(Map.of("f", EXPONENTIAL));

        assertTimesOut(() -> items.find(Map.of("f", Pattern.compile("(a+)+\\1$"))).maxTime(LIMIT).first(),
                "query on collection 'items' exceeded its time limit of 150 ms");
        assertTimesOut(() -> items.find(Filters.regex("f", "(a+) +\\1$", "x")).maxTime(LIMIT).first(),
                "exceeded its time limit");
    }

    @Test
    void polynomialPatternOverThousandsOfDocumentsEndsSoonAfterTheLimit() {
        putPolynomialDocuments(3_000);

        assertTimesOut(() -> items.find("{f: {$regex: '.*.*.*.*.*b'}}").maxTime(LIMIT).toList(),
                "query on collection 'items' exceeded its time limit of 150 ms");
    }

    @Test
    void orOfAHundredPolynomialPatternsEndsSoonAfterTheLimit() {
        putPolynomialDocuments(3_000);
        List<Filter> patterns = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            patterns.add(Filters.regex("f", ".*.*.*.*.*b" + i));
        }

        assertTimesOut(() -> items.find(Filters.or(patterns.toArray(Filter[]::new))).maxTime(LIMIT).toList(),
                "exceeded its time limit of 150 ms");
    }

    // ---- every way of running a find

    @ParameterizedTest
    @ValueSource(strings = {"toList", "first", "forEach", "stream", "explain", "count", "explainCount",
            "sorted", "countOverload", "defaultCollectionCount"})
    void everyTerminalOperationHonoursTheLimit(String call) {
        items.put(Map.of("f", EXPONENTIAL, "n", 1));
        db.put(Map.of("f", EXPONENTIAL, "n", 1));
        Filter filter = Filter.parse("{f: {$regex: '(a+)+\\\\1$'}}");
        FindQuery cursor = items.find(filter).maxTime(LIMIT);
        Map<String, ThrowingCallable> calls = Map.of(
                "toList", cursor::toList,
                "first", cursor::first,
                "forEach", () -> cursor.forEach(document -> { }),
                "stream", () -> {
                    try (Stream<Document> results = cursor.stream()) {
                        results.count();
                    }
                },
                "explain", cursor::explain,
                "count", cursor::count,
                "explainCount", cursor::explainCount,
                "sorted", () -> cursor.sort("{n: 1}").toList(),
                "countOverload", () -> items.count(filter, LIMIT),
                "defaultCollectionCount", () -> db.count(filter, LIMIT));
        String operation = call.toLowerCase().contains("count") ? "count" : "query";
        String collection = call.startsWith("default") ? TetherDB.DEFAULT_COLLECTION : "items";

        assertTimesOut(calls.get(call),
                operation + " on collection '" + collection + "' exceeded its time limit of 150 ms");
    }

    @Test
    void theLimitIsReportedByTheException() {
        items.put(Map.of("f", EXPONENTIAL));

        QueryTimeoutException e = assertTimesOut(
                () -> items.find("{f: /(a+)+\\1$/}").maxTime(Duration.ofNanos(250_000)).toList(),
                "query on collection 'items' exceeded its time limit of 0.25 ms");

        assertThat(e.limit()).isEqualTo(Duration.ofNanos(250_000));
        assertThat(e.operation()).isEqualTo("query on collection 'items'");
        assertThat(e).isInstanceOf(TetherException.class);
    }

    @Test
    void timeTheCallerHoldsAStreamedResultDoesNotCount() throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            items.put(Map.of("n", i));
        }
        List<Document> seen = new ArrayList<>();
        // 40 results held 10 ms each: 400 ms in the caller's hands, with the clock looked at every 16
        try (Stream<Document> results = items.find().maxTime(Duration.ofMillis(100)).stream()) {
            Iterator<Document> iterator = results.iterator();
            while (iterator.hasNext()) {
                seen.add(iterator.next());
                Thread.sleep(10);
            }
        }
        assertThat(seen).hasSize(40);
    }

    // ---- the store-wide default

    @Test
    void theStoreDefaultLimitsQueriesCountsAndDeletes() {
        try (TetherDB limited = TetherDB.builder().inMemory().cleanupInterval(Duration.ZERO).queryTimeout(LIMIT)
                .open()) {
            assertThat(limited.options().queryTimeout()).isEqualTo(LIMIT);
            TetherCollection c = limited.collection("c");
            c.put(Map.of("_id", "slow", "f", EXPONENTIAL));
            c.put(Map.of("_id", "fast", "f", "b"));
            limited.put(Map.of("_id", "slow", "f", EXPONENTIAL));
            Filter slow = Filter.parse("{f: /(a+)+\\1$/}");

            assertTimesOut(() -> c.find(slow).toList(), "query on collection 'c' exceeded its time limit of 150 ms");
            assertTimesOut(() -> c.count(slow), "count on collection 'c' exceeded its time limit of 150 ms");
            assertTimesOut(() -> c.deleteMany(slow), "deleteMany on collection 'c' exceeded its time limit of 150 ms");
            assertTimesOut(() -> c.deleteBatch(List.of("fast", "slow"), slow),
                    "deleteBatch on collection 'c' exceeded its time limit of 150 ms");
            assertTimesOut(() -> c.deleteIf("slow", slow), "deleteIf on collection 'c' exceeded its time limit");
            assertTimesOut(() -> c.replaceIf("slow", slow, Map.of("f", "new"), PutOptions.defaults()),
                    "replaceIf on collection 'c' exceeded its time limit");
            assertTimesOut(() -> limited.query(slow), "query on collection 'default' exceeded its time limit");
            assertTimesOut(() -> limited.deleteMany(slow),
                    "deleteMany on collection 'default' exceeded its time limit of 150 ms");

            assertThat(c.get("slow")).map(d -> d.getString("f")).contains(EXPONENTIAL);
            assertThat(c.count()).isEqualTo(2);
            assertThat(limited.count()).isEqualTo(1);
        }
    }

    @Test
    void aLimitOfTheQueryReplacesTheStoreDefault() {
        try (TetherDB limited = TetherDB.builder().inMemory().cleanupInterval(Duration.ZERO)
                .queryTimeout(Duration.ofNanos(1)).open()) {
            TetherCollection c = limited.collection("c");
            for (int i = 0; i < 100; i++) {
                c.put(Map.of("n", i, "f", "b"));
            }
            c.put(Map.of("n", -1, "f", EXPONENTIAL));

            // a nanosecond is over before the first document is read
            assertTimesOut(() -> c.find("{n: {$gte: 0}}").toList(), "exceeded its time limit of 0.000001 ms");
            assertThat(c.find("{n: {$gte: 0}}").maxTime(Duration.ZERO).toList()).hasSize(100);
            assertThat(c.count(Filters.gte("n", 0), Duration.ZERO)).isEqualTo(100);
            assertThat(c.find("{n: {$gte: 0}}").maxTime(Duration.ofMinutes(1)).count()).isEqualTo(100);
            assertTimesOut(() -> c.find("{f: /(a+)+\\1$/}").maxTime(Duration.ofMillis(120)).toList(),
                    "query on collection 'c' exceeded its time limit of 120 ms");
            assertThat(c.deleteMany(Filters.lt("n", 50), Duration.ZERO)).isEqualTo(51);
            assertThat(c.count()).isEqualTo(50);
        }
    }

    // ---- filtered deletes are all or nothing

    @Test
    void deleteManyThatTimesOutLeavesEveryDocumentInPlace() {
        putPolynomialDocuments(3_000);
        // documents the filter matches at once, read before the slow ones
        for (int i = 0; i < 10; i++) {
            items.put(Map.of("_id", "0-match-" + i, "f", "b"));
        }

        assertTimesOut(() -> items.deleteMany(Filters.regex("f", ".*.*.*.*.*b"), LIMIT),
                "deleteMany on collection 'items' exceeded its time limit of 150 ms");

        assertThat(items.count()).isEqualTo(3_010);
        assertThat(items.get("0-match-0")).isPresent();
    }

    @Test
    void conditionalDeleteBatchThatTimesOutWhileCheckingLeavesEveryDocumentInPlace() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(items.put(Map.of("f", "b")));
        }
        ids.add(items.put(Map.of("f", EXPONENTIAL)));

        // every document but the last matches quickly: the time runs out on the last check, after the
        // others have been found to match
        assertTimesOut(() -> items.deleteBatch(ids, Filter.parse("{f: /(a+)+\\1$|^b$/}"), LIMIT),
                "deleteBatch on collection 'items' exceeded its time limit of 150 ms");

        assertThat(items.count()).isEqualTo(21);
        assertThat(items.deleteBatch(ids, Filter.parse("{f: 'b'}"), LIMIT)).isEqualTo(20);
    }

    @Test
    void filteredDeletesWithinTheirLimitDeleteWhatMatches() {
        for (int i = 0; i < 50; i++) {
            items.put(Map.of("_id", "d" + i, "n", i));
            db.put(Map.of("_id", "d" + i, "n", i));
        }

        assertThat(items.deleteMany(Filters.lt("n", 10), Duration.ofSeconds(30))).isEqualTo(10);
        assertThat(db.deleteMany(Filters.gte("n", 40), Duration.ofSeconds(30))).isEqualTo(10);
        assertThat(db.deleteMany(Filters.eq("n", 20))).isEqualTo(1);
        assertThat(items.deleteBatch(List.of("d10", "d11", "d12"), Filters.gt("n", 10), Duration.ofSeconds(30)))
                .isEqualTo(2);
        assertThat(items.count()).isEqualTo(38);
        assertThat(db.count()).isEqualTo(39);
    }

    // ---- a limit does not change results

    @Test
    void aFastQueryWithALimitReturnsWhatItReturnsWithout() {
        items.createIndex("{n: 1}");
        for (int i = 0; i < 500; i++) {
            items.put(Map.of("_id", String.format("d%03d", i), "n", i % 50, "s", "item " + i));
        }
        Duration limit = Duration.ofSeconds(30);
        List<FindQuery> cursors = List.of(
                items.find("{n: {$gte: 10, $lt: 20}}"),
                items.find("{s: {$regex: '^item 1'}}").sort("{n: -1, _id: 1}").skip(5).limit(7),
                items.find("{$or: [{n: 3}, {s: /9$/}]}").projection("{n: 1}"),
                items.find());

        for (FindQuery cursor : cursors) {
            FindQuery timed = cursor.maxTime(limit);
            assertThat(timed.toList()).as("%s", cursor).isEqualTo(cursor.toList()).isNotEmpty();
            assertThat(timed.count()).as("%s", cursor).isEqualTo(cursor.count());
            assertThat(timed.first()).isEqualTo(cursor.first());
            assertThat(timed.explain().returned()).isEqualTo(cursor.explain().returned());
        }
        assertThat(items.count(Filters.lt("n", 5), limit)).isEqualTo(50);
        assertThat(items.find("{n: 7}").maxTime(limit).toString()).contains("maxTime PT30S");
    }

    // ---- cancellation

    @Test
    void closingAStreamEarlyStopsItsScan() {
        for (int i = 0; i < 1_000; i++) {
            items.put(Map.of("n", i));
        }
        assertStopsWhenClosed(items.find(), "collection scan");
        items.createIndex("{n: 1}");
        // a range narrow enough for the index: a wider one would be read by a collection scan
        assertStopsWhenClosed(items.find("{n: {$gte: 900}}"), "index scan");
        assertThat(items.find("{n: {$gte: 900}}").explain().stage()).isEqualTo("IXSCAN");
    }

    private void assertStopsWhenClosed(FindQuery cursor, String plan) {
        long before = db.statistics().documentsExamined();
        Iterator<Document> iterator;
        long atClose;
        try (Stream<Document> results = cursor.stream()) {
            iterator = results.iterator();
            for (int i = 0; i < 3; i++) {
                iterator.next();
            }
            atClose = db.statistics().documentsExamined() - before;
        }
        assertThat(atClose).as("documents examined by a %s before it was closed", plan).isBetween(3L, 10L);

        assertThat(iterator.hasNext()).as("%s after close", plan).isFalse();
        assertThat(db.statistics().documentsExamined() - before).as("documents examined by a %s after close", plan)
                .isEqualTo(atClose);
    }

    @Test
    void documentsExaminedCountsEveryDocumentAQueryTests() {
        for (int i = 0; i < 100; i++) {
            items.put(Map.of("n", i));
        }
        long before = db.statistics().documentsExamined();

        assertThat(items.find("{n: {$lt: 10}}").toList()).hasSize(10);

        assertThat(db.statistics().documentsExamined() - before).isEqualTo(100);
    }

    @Test
    void interruptingAThreadStopsItsQueryAndKeepsTheFlag() throws InterruptedException {
        putPolynomialDocuments(3_000);

        // no time limit: the scan notices the interrupt between documents
        assertInterruptStops(() -> items.find("{f: {$regex: '.*.*.*.*.*b'}}").toList(),
                "query on collection 'items' was stopped because its thread was interrupted");
        assertInterruptStops(() -> items.count(Filters.regex("f", ".*.*.*.*.*b")),
                "count on collection 'items' was stopped");
        assertInterruptStops(() -> items.deleteMany(Filters.regex("f", ".*.*.*.*.*b")),
                "deleteMany on collection 'items' was stopped");
        assertThat(items.count()).isEqualTo(3_000);

        // a time limit far away: the one catastrophic match notices the interrupt inside the regular expression
        TetherCollection one = db.collection("one");
        one.put(Map.of("f", EXPONENTIAL));
        assertInterruptStops(() -> one.find("{f: /(a+)+\\1$/}").maxTime(Duration.ofHours(1)).toList(),
                "query on collection 'one' was stopped");
    }

    private static void assertInterruptStops(ThrowingCallable query, String message) throws InterruptedException {
        List<Throwable> outcome = new ArrayList<>();
        boolean[] flagAfter = new boolean[1];
        Thread runner = new Thread(() -> {
            try {
                query.call();
            } catch (Throwable e) {
                outcome.add(e);
            }
            flagAfter[0] = Thread.currentThread().isInterrupted();
        }, "query-to-interrupt");
        runner.start();
        Thread.sleep(100);
        long start = System.nanoTime();
        runner.interrupt();
        runner.join(GENEROUS.toMillis());
        assertThat(runner.isAlive()).as("query still running %s after its interrupt", GENEROUS).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(GENEROUS);
        assertThat(outcome).singleElement().isInstanceOf(QueryInterruptedException.class)
                .extracting(Throwable::getMessage).asString().contains(message);
        assertThat(flagAfter[0]).as("interrupt flag kept").isTrue();
    }

    @Test
    void aQueryOnAThreadAlreadyInterruptedStopsAtOnceAndASingleDocumentWriteIsServed()
            throws InterruptedException {
        String id = items.put(Map.of("n", 1));
        List<Object> outcomes = new ArrayList<>();
        Thread caller = new Thread(() -> {
            Thread.currentThread().interrupt();
            outcomes.add(attempt(() -> items.find("{n: 1}").toList()));
            outcomes.add(attempt(() -> items.get(id)));
            outcomes.add(attempt(() -> items.deleteIf(id, Filters.eq("n", 2))));
            outcomes.add(Thread.currentThread().isInterrupted());
        });
        caller.start();
        caller.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(outcomes).hasSize(4);
        assertThat(outcomes.get(0)).isInstanceOf(QueryInterruptedException.class);
        assertThat(outcomes.get(1)).isInstanceOf(java.util.Optional.class);
        assertThat(outcomes.get(2)).isEqualTo(0);
        assertThat(outcomes.get(3)).isEqualTo(true);
    }

    private static Object attempt(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e;
        }
    }

    // ---- validation

    @Test
    void limitsAreValidatedWhenSet() {
        assertThat(TetherDB.builder().options().queryTimeout()).isEqualTo(Duration.ZERO);
        assertThat(TetherDB.builder().queryTimeout(Duration.ZERO).options().queryTimeout()).isEqualTo(Duration.ZERO);
        assertThatIllegalArgumentException().isThrownBy(() -> TetherDB.builder().queryTimeout(Duration.ofMillis(-1)))
                .withMessage("queryTimeout must not be negative but was PT-0.001S");
        assertThatIllegalArgumentException().isThrownBy(() -> TetherDB.builder().queryTimeout(null))
                .withMessage("queryTimeout must not be null");
        TetherOptions defaults = TetherOptions.defaults();
        assertThatIllegalArgumentException().isThrownBy(() -> new TetherOptions(null, 10, Duration.ZERO, false, 0,
                4096, true, 0, 1024, Duration.ZERO, defaults.clock(), false, TetherOptions.DEFAULT_FILE_PERMISSIONS,
                Duration.ofSeconds(-5)))
                .withMessageContaining("queryTimeout");

        FindQuery cursor = items.find();
        assertThatIllegalArgumentException().isThrownBy(() -> cursor.maxTime(Duration.ofSeconds(-1)))
                .withMessage("maxTime must not be negative but was PT-1S");
        assertThatNullPointerException().isThrownBy(() -> cursor.maxTime(null)).withMessageContaining("maxTime");
        Consumer<ThrowingCallable> rejectsNegative = call -> assertThatIllegalArgumentException().isThrownBy(call)
                .withMessageContaining("maxTime must not be negative");
        rejectsNegative.accept(() -> items.count(Filter.all(), Duration.ofMillis(-1)));
        rejectsNegative.accept(() -> items.deleteMany(Filter.all(), Duration.ofMillis(-1)));
        rejectsNegative.accept(() -> items.deleteBatch(List.of("a"), Filter.all(), Duration.ofMillis(-1)));
        rejectsNegative.accept(() -> db.deleteMany(Filter.all(), Duration.ofMillis(-1)));
    }

    // ---- helpers

    private void putPolynomialDocuments(int count) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Map.of("_id", String.format("p%05d", i), "f", POLYNOMIAL));
        }
        items.putBatch(batch);
    }

    private static QueryTimeoutException assertTimesOut(ThrowingCallable query, String message) {
        long start = System.nanoTime();
        QueryTimeoutException caught = catchThrowableOfType(QueryTimeoutException.class, query);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(caught).as("the query's QueryTimeoutException").isNotNull();
        assertThat(caught).hasMessageContaining(message);
        assertThat(took).as("time until the query stopped").isLessThan(GENEROUS);
        return caught;
    }
}
