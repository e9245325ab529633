package io.tetherdb.spring.mapping;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.tetherdb.TetherDB;
import io.tetherdb.document.Document;
import io.tetherdb.query.Filters;
import io.tetherdb.spring.core.TetherQuery;
import io.tetherdb.spring.core.TetherTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every Java type of the reference page's mapping table: how it is stored, that it reads back, and
 * that range queries and sorting on it follow the value's own order (three entities, low, mid and
 * high in every property). The values are chosen where a naive stored form would order wrongly:
 * offsets that reverse the text order, months 2 and 10, UUIDs whose signed order differs.
 */
class TypeMappingTests {

    private final TetherDB db = TetherDB.builder().inMemory().open();

    private final TetherConverter converter = new TetherConverter(new JsonMapper(), new TetherMappingContext());

    private final TetherTemplate template = new TetherTemplate(this.db, this.converter);

    private static final Typed LOW = new Typed("low", "apple", -5, -(1L << 40), -1.5, -0.5f, false, 'a', 1, 7L,
            Instant.parse("1969-12-31T23:59:59Z"), LocalDate.of(999, 1, 1), LocalDateTime.parse("2024-01-02T03:04"),
            OffsetDateTime.parse("2024-01-02T10:00:00+05:00"), ZonedDateTime.parse("2024-01-02T10:00:00+09:00[Asia/Tokyo]"),
            new Date(-1000), UUID.fromString("00000000-0000-0000-0000-000000000001"), Genre.ESSAY, new byte[] { 9 },
            Optional.of("a"), List.of("a"), Set.of(1), new int[] { 1 }, Map.of("k", 1), Map.of(1, "a"),
            new Nested("n1", 1), BigInteger.ONE, new BigDecimal("1.5"));

    private static final Typed MID = new Typed("mid", "banana", 0, 3, 0.25, 0.5f, false, 'm', 2, 8L,
            Instant.parse("2024-01-01T00:00:00Z"), LocalDate.of(2024, 2, 1), LocalDateTime.parse("2024-01-02T03:04:05.5"),
            OffsetDateTime.parse("2024-01-02T08:00:00+01:00"), ZonedDateTime.parse("2024-01-02T08:00:00+01:00[Europe/Oslo]"),
            new Date(0), UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"), Genre.NOVEL, new byte[] { 1, 2 },
            Optional.of("b"), List.of("b"), Set.of(2), new int[] { 2 }, Map.of("k", 2), Map.of(1, "b"),
            new Nested("n2", 2), BigInteger.TWO, new BigDecimal("2.5"));

    private static final Typed HIGH = new Typed("high", "cherry", 7, 1L << 50, 1e10, 2.5f, true, 'z', 3, 9L,
            Instant.parse("2024-01-01T00:00:00.000000001Z"), LocalDate.of(2024, 10, 1),
            LocalDateTime.parse("2024-01-02T10:00"), OffsetDateTime.parse("2024-01-02T07:30:00-01:00"),
            ZonedDateTime.parse("2024-01-02T03:30:00-05:00[America/New_York]"), new Date(1000),
            UUID.fromString("80000000-0000-0000-0000-000000000000"), Genre.POETRY, new byte[] { 0, 0, 0 },
            Optional.of("c"), List.of("c"), Set.of(3), new int[] { 3 }, Map.of("k", 3), Map.of(1, "c"),
            new Nested("n3", 3), BigInteger.TEN, new BigDecimal("10.5"));

    @BeforeEach
    void store() {
        this.template.insertAll(List.of(HIGH, LOW, MID));
    }

    @AfterEach
    void close() {
        this.db.close();
    }

    static Stream<Case> types() {
        return Stream.of(
                new Case("String", "string", Typed::string, String.class, "banana"),
                new Case("int", "intValue", Typed::intValue, Integer.class, 0),
                new Case("long", "longValue", Typed::longValue, Long.class, 3L),
                new Case("double", "doubleValue", Typed::doubleValue, Double.class, 0.25),
                new Case("float (as double)", "floatValue", Typed::floatValue, Double.class, 0.5),
                new Case("char (as a one-letter string)", "charValue", Typed::charValue, String.class, "m"),
                new Case("Integer", "boxedInt", Typed::boxedInt, Integer.class, 2),
                new Case("Long", "boxedLong", Typed::boxedLong, Long.class, 8L),
                new Case("Instant (date, ns)", "instant", Typed::instant, Instant.class, MID.instant()),
                new Case("LocalDate (ISO text)", "localDate", Typed::localDate, String.class, "2024-02-01"),
                new Case("LocalDateTime (ISO text)", "localDateTime", Typed::localDateTime, String.class,
                        "2024-01-02T03:04:05.5"),
                new Case("OffsetDateTime (date)", "offsetDateTime", Typed::offsetDateTime, Instant.class,
                        MID.offsetDateTime().toInstant()),
                new Case("ZonedDateTime (date)", "zonedDateTime", Typed::zonedDateTime, Instant.class,
                        MID.zonedDateTime().toInstant()),
                new Case("Date (date)", "date", Typed::date, Instant.class, Instant.EPOCH),
                new Case("UUID (text, unsigned order)", "uuid", Typed::uuid, String.class,
                        "7fffffff-ffff-ffff-ffff-ffffffffffff"),
                new Case("enum (name)", "genre", Typed::genre, String.class, "NOVEL"),
                new Case("byte[] (binary: length, then bytes)", "bytes", Typed::bytes, byte[].class,
                        new byte[] { 1, 2 }),
                new Case("Optional (its value)", "optional", Typed::optional, String.class, "b"),
                new Case("List (array)", "list", Typed::list, List.class, "b"),
                new Case("Set (array)", "set", Typed::set, List.class, 2),
                new Case("int[] (array)", "array", Typed::array, List.class, 2),
                new Case("Map, String keys (document)", "stringKeys.k", Typed::stringKeys, Integer.class, 2),
                new Case("Map, Integer keys (document, keys as text)", "intKeys.1", Typed::intKeys, String.class, "b"),
                new Case("nested record (document)", "nested.rank", Typed::nested, Integer.class, 2),
                new Case("BigDecimal (decimal)", "bigDecimal", Typed::bigDecimal, BigDecimal.class,
                        new BigDecimal("2.50")),
                new Case("BigInteger (decimal, scale 0)", "bigInteger", Typed::bigInteger, BigDecimal.class,
                        2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void readsBackAndOrdersByValue(Case type) {
        Map<String, Typed> read = Map.of("low", read("low"), "mid", read("mid"), "high", read("high"));
        for (Typed original : List.of(LOW, MID, HIGH)) {
            assertThat(sameValue(type.getter().apply(read.get(original.id())), type.getter().apply(original)))
                .as("%s of %s reads back", type.name(), original.id())
                .isTrue();
        }

        Document stored = this.db.collection("Typed").get("mid").orElseThrow();
        Object storedValue = io.tetherdb.document.DocumentPath.parse(type.field()).head().equals(type.field())
                ? stored.get(type.field()) : ((Map<?, ?>) stored.get(type.field().split("\\.")[0]))
                    .get(type.field().split("\\.")[1]);
        assertThat(storedValue).as("stored form").isInstanceOf(type.storedAs());

        Object probe = type.probe();
        assertThat(ids(TetherQuery.of(Filters.gt(type.field(), probe)))).as("> mid").containsExactly("high");
        assertThat(ids(TetherQuery.of(Filters.lt(type.field(), probe)))).as("< mid").containsExactly("low");
        assertThat(ids(TetherQuery.of(Filters.gte(type.field(), probe)).with(Sort.by(type.field()))))
            .as(">= mid, ascending").containsExactly("mid", "high");
        assertThat(ids(TetherQuery.all().with(Sort.by(Sort.Direction.DESC, type.field()))))
            .as("descending").containsExactly("high", "mid", "low");
    }

    @Test
    void aQueryArgumentIsConvertedAsThePropertyIsStored() {
        Object offset = this.converter.toDocumentValue(OffsetDateTime.parse("2024-01-02T08:00:00+01:00"));
        Object zoned = this.converter.toDocumentValue(ZonedDateTime.parse("2024-01-02T08:00:00+01:00[Europe/Oslo]"));

        assertThat(ids(TetherQuery.of(Filters.eq("offsetDateTime", offset)))).containsExactly("mid");
        assertThat(ids(TetherQuery.of(Filters.eq("zonedDateTime", zoned)))).containsExactly("mid");
        assertThat(ids(TetherQuery.of(Filters.eq("localDate", this.converter.toDocumentValue(LocalDate.of(2024, 2, 1))))))
            .containsExactly("mid");
        assertThat(ids(TetherQuery.of(Filters.eq("genre", this.converter.toDocumentValue(Genre.NOVEL)))))
            .containsExactly("mid");
    }

    @Test
    void booleanAndDecimalsReadBack() {
        assertThat(read("high").flag()).isTrue();
        assertThat(read("low").flag()).isFalse();
        assertThat(ids(TetherQuery.all().with(Sort.by("flag", "id")))).as("false sorts before true")
            .containsExactly("low", "mid", "high");
        assertThat(read("high").bigInteger()).isEqualTo(BigInteger.TEN);
        assertThat(read("high").bigDecimal()).isEqualTo(new BigDecimal("10.5"));
        assertThat(this.db.collection("Typed").get("low").orElseThrow().get("bigInteger"))
            .as("a BigInteger is a decimal of scale 0, whatever its size").isEqualTo(BigDecimal.ONE);
    }

    @Test
    void zonedValuesReadBackAtUtcAsTheSameInstant() {
        Typed mid = read("mid");

        assertThat(mid.offsetDateTime()).isEqualTo(OffsetDateTime.parse("2024-01-02T07:00:00Z"));
        assertThat(mid.zonedDateTime()).isEqualTo(ZonedDateTime.parse("2024-01-02T07:00:00Z"));
    }

    @Test
    void zonedValuesStoredAsTextByEarlierVersionsStillRead() {
        Document old = this.db.collection("Typed").get("mid").orElseThrow();
        old.put("offsetDateTime", "2024-01-02T08:00:00+01:00");
        old.put("zonedDateTime", "2024-01-02T08:00:00+01:00[Europe/Oslo]");

        Typed read = this.converter.read(Typed.class, old);

        assertThat(read.offsetDateTime()).isEqualTo(OffsetDateTime.parse("2024-01-02T07:00:00Z"));
        assertThat(read.zonedDateTime()).isEqualTo(ZonedDateTime.parse("2024-01-02T07:00:00Z"));
    }

    @Test
    void decimalsStoredAsTextByEarlierVersionsStillRead() {
        Document old = this.db.collection("Typed").get("mid").orElseThrow();
        old.put("bigDecimal", "2.50");
        old.put("bigInteger", "2");

        Typed read = this.converter.read(Typed.class, old);

        assertThat(read.bigDecimal()).isEqualTo(new BigDecimal("2.50"));
        assertThat(read.bigInteger()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void localDatesOutsideSortableYearsAreRefused() {
        assertThatExceptionOfType(MappingException.class)
            .isThrownBy(() -> this.converter.write(new Dated("x", LocalDate.MAX, null)))
            .withMessageContaining("LocalDate +999999999-12-31 cannot be stored")
            .withMessageContaining("outside 0000..9999");
        assertThatExceptionOfType(MappingException.class)
            .isThrownBy(() -> this.converter.toDocumentValue(LocalDateTime.of(-1, 1, 1, 0, 0)))
            .withMessageContaining("LocalDateTime -0001-01-01T00:00 cannot be stored");
        assertThat(this.converter.write(new Dated("y", LocalDate.of(9999, 12, 31), null)).get("day"))
            .isEqualTo("9999-12-31");
    }

    private Typed read(String id) {
        return this.template.findById(id, Typed.class).orElseThrow();
    }

    private List<String> ids(TetherQuery query) {
        return this.template.find(query, Typed.class).stream().map(Typed::id).toList();
    }

    private static boolean sameValue(Object actual, Object expected) {
        if (actual instanceof OffsetDateTime a && expected instanceof OffsetDateTime e) {
            return a.isEqual(e);
        }
        if (actual instanceof ZonedDateTime a && expected instanceof ZonedDateTime e) {
            return a.isEqual(e);
        }
        return Objects.deepEquals(actual, expected);
    }

    record Case(String name, String field, Function<Typed, Object> getter, Class<?> storedAs, Object probe) {

        @Override
        public String toString() {
            return this.name;
        }

    }

    enum Genre {

        NOVEL, POETRY, ESSAY

    }

    record Nested(String name, int rank) {
    }

    record Typed(@Id String id, String string, int intValue, long longValue, double doubleValue, float floatValue,
            boolean flag, char charValue, Integer boxedInt, Long boxedLong, Instant instant, LocalDate localDate,
            LocalDateTime localDateTime, OffsetDateTime offsetDateTime, ZonedDateTime zonedDateTime, Date date,
            UUID uuid, Genre genre, byte[] bytes, Optional<String> optional, List<String> list, Set<Integer> set,
            int[] array, Map<String, Integer> stringKeys, Map<Integer, String> intKeys, Nested nested,
            BigInteger bigInteger, BigDecimal bigDecimal) {
    }

    record Dated(@Id String id, LocalDate day, LocalDateTime at) {
    }

}
