package io.tetherdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.document.MalformedJsonException;
import io.tetherdb.error.DuplicateKeyException;
import io.tetherdb.query.Filter;
import io.tetherdb.query.Filters;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.Sort;
import io.tetherdb.query.ValueOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decimals through the public API: {@link BigDecimal} values stored exactly with their scale
 * within Decimal128's limits, compared by value with every other number in filters, sorts and
 * indexes, and written and read as {@code {"$numberDecimal": "..."}} in JSON.
 */
@ExtendWith(TetherTestExtension.class)
class DecimalTests {

    @TempDir
    Path directory;

    private TetherDB db;
    private TetherCollection items;

    @BeforeEach
    void open() {
        db = TetherDB.builder().path(directory.resolve("decimals.db")).cleanupInterval(Duration.ZERO).open();
        items = db.collection("items");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    // ---- storing

    @Test
    void decimalsAreStoredExactlyWithTheirScaleAndSurviveReopening() {
        Document doc = new Document().append("price", dec("12.50"))
                .append("widest", dec("-1234567890123456789012345678901234"))
                .append("smallest", dec("1E-6176"))
                .append("largest", dec("9.999999999999999999999999999999999E+6144"))
                .append("zero", dec("-0.00"))
                .append("nested", new Document("amounts", List.of(dec("1.0"), dec("1E+3"))));
        items.put(doc, PutOptions.id("a"));

        Document read = items.get("a").orElseThrow();
        assertThat(read.get("price")).isEqualTo(dec("12.50"));
        assertThat(read.getDecimal("price").toPlainString()).isEqualTo("12.50");
        assertThat(read.get("widest")).isEqualTo(dec("-1234567890123456789012345678901234"));
        assertThat(read.get("smallest")).isEqualTo(dec("1E-6176"));
        assertThat(read.get("largest")).isEqualTo(dec("9.999999999999999999999999999999999E+6144"));
        // BigDecimal has no negative zero: -0.00 is 0.00, which Decimal128 compares equal anyway
        assertThat(read.get("zero")).isEqualTo(dec("0.00"));
        assertThat(((Document) read.get("nested")).getList("amounts")).containsExactly(dec("1.0"), dec("1E+3"));

        db.close();
        db = TetherDB.open(directory.resolve("decimals.db"));
        items = db.collection("items");
        assertThat(items.get("a")).contains(read);
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void bigIntegersAreStoredAsDecimalsOfScaleZero() {
        BigInteger big = BigInteger.TEN.pow(33).add(BigInteger.ONE);
        items.put(Map.of("n", big, "small", BigInteger.valueOf(7)), PutOptions.id("a"));

        assertThat(items.get("a").orElseThrow().get("n")).isEqualTo(new BigDecimal(big));
        assertThat(items.get("a").orElseThrow().get("small")).isEqualTo(BigDecimal.valueOf(7));
        assertThat(items.count(Filters.eq("small", 7))).isOne();
        assertThat(items.count(Filters.eq("n", big))).isOne();
    }

    @Test
    void decimalsOutsideDecimal128AreRefusedNamingTheirPathAndNothingIsWritten() {
        items.put(Map.of("keep", 1), PutOptions.id("kept"));
        Map<String, Map<String, ?>> cases = new LinkedHashMap<>();
        cases.put("Decimal at 'price' has 35 significant digits; a decimal holds at most 34",
                Map.of("price", dec("1.234567890123456789012345678901234" + "5")));
        cases.put("Decimal at 'a.b.1' has 35 significant digits",
                Map.of("a", Map.of("b", List.of(1, dec("12345678901234567890123456789012.340")))));
        cases.put("Decimal at 'big' has exponent 6112 (scale -6112); a decimal's exponent is between -6176 and 6111",
                Map.of("big", dec("1E+6112")));
        cases.put("Decimal at 'tiny' has exponent -6177 (scale 6177)", Map.of("tiny", dec("1E-6177")));
        cases.put("Decimal at 'n' has 35 significant digits", Map.of("n", BigInteger.TEN.pow(34)));
        cases.put("Decimal at 'huge' has more than 34 significant digits",
                Map.of("huge", new BigDecimal(BigInteger.TEN.pow(1000))));

        for (Map.Entry<String, Map<String, ?>> c : cases.entrySet()) {
            assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> items.put(c.getValue()))
                    .withMessageStartingWith(c.getKey());
            assertThatExceptionOfType(InvalidDocumentException.class)
                    .isThrownBy(() -> items.putBatch(List.of(Map.of("ok", 1), c.getValue())))
                    .withMessageContaining(c.getKey());
            assertThatExceptionOfType(InvalidDocumentException.class)
                    .isThrownBy(() -> items.replace("kept", c.getValue()))
                    .withMessageStartingWith(c.getKey());
        }
        assertThat(items.count()).isOne();
        assertThat(items.get("kept").orElseThrow().get("keep")).isEqualTo(1);
    }

    // ---- comparing

    @Test
    void decimalsCompareByExactValueWithEveryNumber() {
        // each row: a, b, the sign of compare(a, b)
        Object[][] table = {
            {dec("12.5"), dec("12.50"), 0},
            {dec("12.50"), 12.5, 0},
            {dec("12.50"), 12.5f, 0},
            {dec("12.00"), 12, 0},
            {dec("12.00"), 12L, 0},
            {dec("1.2E+1"), 12.0, 0},
            {dec("12.5"), 12, 1},
            {dec("-12.5"), -12L, -1},
            // binary 0.1 is 0.1000000000000000055511151231257827..., above decimal 0.1
            {dec("0.1"), 0.1, -1},
            {dec("0.1000000000000000055511151231257827021181583404541015625").round(java.math.MathContext.DECIMAL128),
                0.1, -1},
            {dec("0.1"), 0.1f, -1},
            {dec("0.5"), 0.5, 0},
            {dec("0"), -0.0, 0},
            {dec("-0.00"), 0, 0},
            {dec("1E-6176"), 0.0, 1},
            {dec("1E-6176"), Double.MIN_VALUE, -1},
            {dec("9223372036854775807"), Long.MAX_VALUE, 0},
            {dec("9223372036854775808"), Long.MAX_VALUE, 1},
            {dec("9223372036854775808"), 0x1p63, 0},
            {dec("9007199254740993"), 9007199254740992.0, 1},
            {dec("9007199254740993"), (1L << 53) + 1, 0},
            {dec("1E+309"), Double.MAX_VALUE, 1},
            {dec("9.999999999999999999999999999999999E+6144"), Double.POSITIVE_INFINITY, -1},
            {dec("-9.999999999999999999999999999999999E+6144"), Double.NEGATIVE_INFINITY, 1},
            {dec("-9.999999999999999999999999999999999E+6144"), Double.NaN, 1},
            {dec("1"), BigInteger.ONE, 0},
        };
        for (Object[] row : table) {
            int expected = (Integer) row[2];
            assertThat(Integer.signum(ValueOrder.natural().compare(row[0], row[1]))).as("%s vs %s", row[0], row[1])
                    .isEqualTo(expected);
            assertThat(Integer.signum(ValueOrder.natural().compare(row[1], row[0]))).as("%s vs %s", row[1], row[0])
                    .isEqualTo(-expected);
        }
        // decimals sort with the numbers, below strings
        assertThat(ValueOrder.natural().compare(dec("1E+6144"), "")).isNegative();
        assertThat(ValueOrder.natural().compare(null, dec("-1E+6144"))).isNegative();
    }

    @Test
    void queryOperatorsTreatDecimalsAsNumbers() {
        items.put(Map.of("v", 12), PutOptions.id("int"));
        items.put(Map.of("v", 12.5), PutOptions.id("double"));
        items.put(Map.of("v", dec("12.50")), PutOptions.id("decimal"));
        items.put(Map.of("v", dec("12.000")), PutOptions.id("decimal12"));
        items.put(Map.of("v", 0.1), PutOptions.id("binaryTenth"));
        items.put(Map.of("v", dec("0.1")), PutOptions.id("decimalTenth"));
        items.put(Map.of("v", List.of(dec("12.5"), 1L)), PutOptions.id("array"));
        items.put(Map.of("v", "12.5"), PutOptions.id("string"));
        items.put(Map.of("v", Double.NaN), PutOptions.id("nan"));

        assertThat(ids(Filters.eq("v", dec("12.5")))).containsExactly("array", "decimal", "double");
        assertThat(ids(Filters.eq("v", 12.5f))).containsExactly("array", "decimal", "double");
        assertThat(ids(Filters.eq("v", 12))).containsExactly("decimal12", "int");
        assertThat(ids(Filters.eq("v", dec("0.1")))).containsExactly("decimalTenth");
        assertThat(ids(Filters.eq("v", 0.1))).containsExactly("binaryTenth");
        assertThat(ids(Filters.gt("v", new BigDecimal("12")))).containsExactly("array", "decimal", "double");
        assertThat(ids(Filters.gte("v", dec("12.0")))).containsExactly("array", "decimal", "decimal12", "double", "int");
        assertThat(ids(Filters.lt("v", dec("0.1000000000000000055511151231257828"))))
                .containsExactly("binaryTenth", "decimalTenth");
        assertThat(ids(Filters.lte("v", dec("0.1")))).containsExactly("decimalTenth");
        assertThat(ids(Filters.in("v", dec("12"), "x"))).containsExactly("decimal12", "int");
        assertThat(ids(Filters.nin("v", dec("12.5"), 12))).containsExactly("binaryTenth", "decimalTenth", "nan", "string");
        assertThat(ids(Filters.ne("v", dec("12.5")))).doesNotContain("array", "decimal", "double").contains("int");
        assertThat(ids(Filters.mod("v", 5, 2))).containsExactly("array", "decimal", "decimal12", "double", "int");
        assertThat(ids(Filter.parse("{v: {$mod: [{$numberDecimal: '5.9'}, {$numberDecimal: '2'}]}}")))
                .containsExactly("array", "decimal", "decimal12", "double", "int");
        assertThat(ids(Filters.all("v", dec("12.500"), 1))).containsExactly("array");
        assertThat(ids(Filters.contains("v", dec("1.0")))).containsExactly("array");
        // whole-array equality compares element by element by value
        assertThat(ids(Filters.eq("v", List.of(12.5, dec("1.00"))))).containsExactly("array");
        assertThat(ids(Filter.parse("{v: {$elemMatch: {$gt: {$numberDecimal: '12.4'}, $lt: 13}}}")))
                .containsExactly("array");
        assertThat(ids(Filters.type("v", "decimal"))).containsExactly("array", "decimal", "decimal12", "decimalTenth");
        assertThat(ids(Filters.type("v", 19))).containsExactly("array", "decimal", "decimal12", "decimalTenth");
        assertThat(ids(Filters.type("v", "number"))).doesNotContain("string").hasSize(8);
        assertThat(ids(Filters.type("v", "double"))).containsExactly("binaryTenth", "double", "nan");
        assertThat(ids(Filters.size("v", 2))).containsExactly("array");
        assertThat(ids(Filter.parse("{v: {$size: {$numberDecimal: '2.0'}}}"))).containsExactly("array");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{v: {$size: {$numberDecimal: '2.0000000000000000001'}}}"))
                .withMessageContaining("$size on field 'v' needs a whole number, not 2.0000000000000000001");
    }

    @Test
    void sortingMixesDecimalsWithTheOtherNumbersByValue() {
        List<Object> values = List.of("text", dec("12.50"), 12, Double.NaN, dec("-1E+400"), Double.NEGATIVE_INFINITY,
                0.1, dec("0.1"), Long.MAX_VALUE, dec("9223372036854775807.5"), dec("1E+400"),
                Double.POSITIVE_INFINITY, 12.25, dec("12.000"));
        for (int i = 0; i < values.size(); i++) {
            items.put(Map.of("v", values.get(i)), PutOptions.id(String.format("d%02d", i)));
        }
        List<Object> ascending = new ArrayList<>();
        items.find(Filter.all()).sort(Sort.ascending("v")).toList().forEach(d -> ascending.add(d.get("v")));

        assertThat(ascending).hasSize(values.size());
        List<Object> expected = List.of(Double.NaN, Double.NEGATIVE_INFINITY, dec("-1E+400"), dec("0.1"), 0.1, 12,
                dec("12.000"), 12.25, dec("12.50"), Long.MAX_VALUE, dec("9223372036854775807.5"), dec("1E+400"),
                Double.POSITIVE_INFINITY, "text");
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ValueOrder.natural().compare(ascending.get(i), expected.get(i))).as("position %d", i).isZero();
        }
        // 12 and 12.000 tie; the tie keeps both, in either order
        assertThat(ascending.subList(5, 7)).containsExactlyInAnyOrder(12, dec("12.000"));
    }

    // ---- indexes

    @Test
    void anIndexOverMixedNumbersAnswersAsTheScanDoes() {
        TetherCollection plain = db.collection("plain");
        items.createIndex("{v: 1}");
        items.createIndex("{w: -1, v: 1}");
        List<Object> values = List.of(12, 12L, 12.0, dec("12.00"), dec("12.5"), 12.5, dec("12.4999999999999999999"),
                0.1, dec("0.1"), dec("0.10"), 9007199254740993L, dec("9007199254740992.5"), 9007199254740992.0,
                dec("1E+400"), Double.POSITIVE_INFINITY, Double.NaN, dec("-1E-6176"), -0.0, 0, dec("0E-10"),
                BigInteger.valueOf(-3), "12");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            docs.add(new Document("_id", String.format("d%02d", i)).append("v", values.get(i)).append("w", i % 3));
        }
        items.putBatch(docs);
        plain.putBatch(docs);

        List<Filter> filters = List.of(Filters.eq("v", 12), Filters.eq("v", dec("12.0000")), Filters.eq("v", 0.1),
                Filters.eq("v", dec("0.1")), Filters.gt("v", dec("12")), Filters.gte("v", 12.0),
                Filters.lt("v", dec("12.5")), Filters.lte("v", dec("0.1")), Filters.gt("v", dec("9007199254740992")),
                Filters.in("v", dec("0"), dec("12.5"), 9007199254740993L), Filters.gt("v", 1e308),
                Filters.and(Filters.gte("v", dec("-1E-6176")), Filters.lt("v", dec("1E-6176"))),
                Filter.parse("{w: 0, v: {$gte: {$numberDecimal: '0.1'}, $lt: {$numberDecimal: '12.5'}}}"),
                Filter.parse("{v: {$gt: {$numberDecimal: '12.4999999999999999999'}}}"));
        for (Filter filter : filters) {
            assertThat(items.find(filter).explain().stage()).as("%s", filter).isEqualTo("IXSCAN");
            assertThat(ids(items, filter)).as("%s", filter).isEqualTo(ids(plain, filter)).isNotEmpty();
        }
        assertThat(ids(items, Filters.eq("v", 12))).containsExactly("d00", "d01", "d02", "d03");
        assertThat(items.find(Filters.gte("v", dec("0"))).sort(Sort.descending("v")).toList())
                .extracting(d -> d.get("v")).first().isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(db.verify().isClean()).isTrue();
    }

    @Test
    void aUniqueIndexTreatsEqualNumbersOfAnyTypeAsOneKey() {
        items.createIndex(io.tetherdb.index.IndexDefinition.ascending("v").unique());
        items.put(Map.of("v", dec("12.50")));
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> items.put(Map.of("v", 12.5)));
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> items.put(Map.of("v", dec("12.5"))));
        items.put(Map.of("v", dec("12.50000000000000000001")));
        assertThat(items.count()).isEqualTo(2);
    }

    // ---- JSON and filters

    @Test
    void jsonReadsAndWritesNumberDecimal() {
        Document doc = Document.parse("{price: {$numberDecimal: '12.50'}, list: [1, {\"$numberDecimal\": \"-1E+3\"}],"
                + " zero: {$numberDecimal: '-0'}, plain: 12.50}");
        assertThat(doc.get("price")).isEqualTo(dec("12.50"));
        assertThat(doc.getList("list")).containsExactly(1, dec("-1E+3"));
        assertThat(doc.get("zero")).isEqualTo(BigDecimal.ZERO);
        assertThat(doc.get("plain")).as("a JSON number with a point is a double").isEqualTo(12.5);
        assertThat(doc.toJson()).isEqualTo("{\"price\":{\"$numberDecimal\":\"12.50\"},\"list\":[1,"
                + "{\"$numberDecimal\":\"-1E+3\"}],\"zero\":{\"$numberDecimal\":\"0\"},\"plain\":12.5}");
        assertThat(Document.parse(doc.toJson())).isEqualTo(doc);
        items.put(doc, PutOptions.id("a"));
        assertThat(items.get("a").orElseThrow().toJson()).isEqualTo("{\"_id\":\"a\"," + doc.toJson().substring(1));
        assertThat(new Document("n", BigInteger.TEN).toJson()).isEqualTo("{\"n\":{\"$numberDecimal\":\"10\"}}");
    }

    @Test
    void malformedNumberDecimalIsRefusedWithItsPath() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{price: {$numberDecimal: 'NaN'}}", "$numberDecimal at 'price' is NaN, which TetherDB's decimals"
                + " (BigDecimal) cannot hold");
        cases.put("{a: [0, {$numberDecimal: '-Infinity'}]}", "$numberDecimal at 'a.1' is -Infinity");
        cases.put("{a: {b: {$numberDecimal: '12,5'}}}", "$numberDecimal at 'a.b' '12,5' is not a decimal number");
        cases.put("{a: {$numberDecimal: 12.5}}", "$numberDecimal at 'a' needs the decimal as a string");
        cases.put("{a: {$numberDecimal: '1', x: 2}}", "$numberDecimal at 'a' must be the only field of its object");
        cases.put("{a: {x: 2, $numberDecimal: '1'}}", "$numberDecimal at 'a' must be the only field of its object");
        cases.put("{a: {$numberDecimal: '12345678901234567890123456789012345'}}",
                "$numberDecimal at 'a' '12345678901234567890123456789012345' has 35 significant digits");
        cases.put("{a: {$numberDecimal: '1E+6112'}}", "$numberDecimal at 'a' '1E+6112' has exponent 6112");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> Document.parse(c.getKey()))
                    .withMessageContaining(c.getValue());
        }
        assertThatExceptionOfType(MalformedJsonException.class)
                .isThrownBy(() -> Document.parse("{$numberDecimal: '1'}"))
                .withMessageContaining("Expected a JSON object but found a decimal");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.parse("{price: {$gt: {$numberDecimal: 'abc'}}}"))
                .withMessageContaining("$numberDecimal at 'price.$gt' 'abc' is not a decimal number");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filters.gt("price", dec("1E+7000")))
                .withMessageContaining("Decimal 1E+7000 in the operand of $gt on field 'price' has exponent 7000");
        assertThatExceptionOfType(InvalidQueryException.class)
                .isThrownBy(() -> Filter.of(Map.of("price", Map.of("$numberDecimal", "NaN"))))
                .withMessageContaining("$numberDecimal in field 'price' is NaN");
    }

    @Test
    void filtersTakeDecimalsAsTextAsMapsAndThroughTheBuilder() {
        items.put(Map.of("price", dec("9.99")), PutOptions.id("cheap"));
        items.put(Map.of("price", dec("15.00")), PutOptions.id("fifteen"));
        items.put(Map.of("price", dec("15.01")), PutOptions.id("dear"));

        Filter text = Filter.parse("{price: {$gt: {$numberDecimal: '15'}}}");
        Filter built = Filters.gt("price", new BigDecimal("15"));
        Filter map = Filter.of(Map.of("price", Map.of("$gt", Map.of("$numberDecimal", "15"))));
        for (Filter filter : List.of(text, built, map)) {
            assertThat(ids(filter)).as("%s", filter).containsExactly("dear");
        }
        assertThat(text).isEqualTo(built).isEqualTo(map);
        assertThat(ids(Filter.parse("{price: {$numberDecimal: '15'}}"))).containsExactly("fifteen");
        assertThat(ids(Filter.of(Map.of("price", Map.of("$numberDecimal", "15.000"))))).containsExactly("fifteen");
        assertThat(ids(Filters.eq("price", 15))).containsExactly("fifteen");
        // a filter renders its decimals back as $numberDecimal, and the text parses to the same filter
        assertThat(text.toString()).contains("{\"$numberDecimal\":\"15\"}");
        assertThat(Filter.of(text.toDocument())).isEqualTo(text);
        assertThat(Filter.parse(text.toDocument().toJson())).isEqualTo(text);
    }

    @Test
    void theReadmeExampleRunsAsWritten() {
        String a = items.put(Map.of("sku", "a", "price", new BigDecimal("12.50")));
        items.put(Document.parse("{sku: 'b', price: {$numberDecimal: '15.99'}}"));
        items.createIndex("{price: 1}");
        assertThat(items.query(Filters.gt("price", new BigDecimal("15")))).extracting(d -> d.get("sku"))
                .containsExactly("b");
        assertThat(items.query("{price: {$gte: {$numberDecimal: '12.5'}, $lt: 16}}")).extracting(d -> d.get("sku"))
                .containsExactly("a", "b");
        assertThat(items.get(a).orElseThrow().getDecimal("price").toString()).isEqualTo("12.50");
        assertThat(items.get(a).orElseThrow().toJson())
                .contains("\"price\":{\"$numberDecimal\":\"12.50\"}");
    }

    private List<String> ids(Filter filter) {
        return ids(items, filter);
    }

    private static List<String> ids(TetherCollection collection, Filter filter) {
        return collection.query(filter).stream().map(Document::getId).sorted().toList();
    }
}
