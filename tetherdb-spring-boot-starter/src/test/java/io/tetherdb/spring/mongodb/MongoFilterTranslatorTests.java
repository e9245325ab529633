package io.tetherdb.spring.mongodb;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.document.InvalidDocumentException;
import io.tetherdb.query.Filter;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MongoFilterTranslator} and {@link BsonValues}: the server form of each filter
 * shape, and the values on the way to and from BSON.
 */
class MongoFilterTranslatorTests {

    private static String translate(String filter) {
        return MongoFilterTranslator.translate(Filter.parse(filter)).toJson();
    }

    @Test
    void anEmptyFilterIsAnEmptyDocument() {
        assertThat(translate("{}")).isEqualTo("{}");
    }

    @Test
    void fieldConditionsKeepTheirOperatorsAndAreJoinedWithAnd() {
        assertThat(translate("{a: 1}")).isEqualTo("{\"a\": {\"$eq\": 1}}");
        assertThat(translate("{a: {$gt: 1, $lt: 5}, b: 'x'}")).contains("\"$and\"", "{\"a\": {\"$gt\": 1}}",
                "{\"a\": {\"$lt\": 5}}", "{\"b\": {\"$eq\": \"x\"}}");
    }

    @Test
    void negationsUseTheServersNegatedOperatorsOrNor() {
        assertThat(translate("{a: {$ne: 1}}")).isEqualTo("{\"a\": {\"$ne\": 1}}");
        assertThat(translate("{a: {$nin: [1, 2]}}")).isEqualTo("{\"a\": {\"$nin\": [1, 2]}}");
        assertThat(translate("{a: {$exists: false}}")).isEqualTo("{\"a\": {\"$exists\": false}}");
        assertThat(translate("{a: {$not: {$gt: 3}}}")).isEqualTo("{\"$nor\": [{\"a\": {\"$gt\": 3}}]}");
    }

    @Test
    void logicalOperatorsAndElemMatchKeepTheirShape() {
        assertThat(translate("{$or: [{a: 1}, {b: 2}]}"))
            .isEqualTo("{\"$or\": [{\"a\": {\"$eq\": 1}}, {\"b\": {\"$eq\": 2}}]}");
        assertThat(translate("{xs: {$elemMatch: {$gte: 2, $lt: 4}}}"))
            .isEqualTo("{\"xs\": {\"$elemMatch\": {\"$gte\": 2, \"$lt\": 4}}}");
        assertThat(translate("{items: {$elemMatch: {qty: {$gt: 1}}}}"))
            .isEqualTo("{\"items\": {\"$elemMatch\": {\"qty\": {\"$gt\": 1}}}}");
    }

    @Test
    void regularExpressionsCarryTheirOptions() {
        assertThat(translate("{a: {$regex: '^x', $options: 'i'}}"))
            .isEqualTo("{\"a\": {\"$regex\": \"^x\", \"$options\": \"i\"}}");
    }

    @Test
    void containsIsElementEqualityOrASubstringOfTextThatIsNotAnArray() {
        assertThat(translate("{n: {$contains: 5}}")).isEqualTo("{\"n\": {\"$elemMatch\": {\"$eq\": 5}}}");
        assertThat(translate("{s: {$contains: 'a.b'}}")).isEqualTo("{\"$or\": [{\"s\": {\"$elemMatch\": {\"$eq\": "
                + "\"a.b\"}}}, {\"$and\": [{\"s\": {\"$regex\": \"a\\\\.b\"}}, {\"s\": {\"$not\": {\"$type\": "
                + "\"array\"}}}]}]}");
    }

    @Test
    void literalEscapesEveryAsciiCharacterThatIsNotALetterOrDigit() {
        String text = "a.b*(c)[d]{e}|f^g$h\\i?j+k é";
        assertThat(MongoFilterTranslator.literal(text)).isEqualTo("a\\.b\\*\\(c\\)\\[d\\]\\{e\\}\\|f\\^g\\$h\\\\i\\?j\\+k\\ é");
        assertThat(Pattern.compile(MongoFilterTranslator.literal(text)).matcher("x" + text + "y").find()).isTrue();
    }

    @Test
    void valuesBecomeBsonAndComeBack() {
        Instant at = Instant.parse("2024-05-01T10:00:00.123Z");
        Document document = Document.of("at", at)
            .append("price", new BigDecimal("19.99"))
            .append("nested", Document.of("xs", List.of(1L, "two")));
        org.bson.Document bson = BsonValues.toBson(document);
        assertThat(bson.get("at")).isEqualTo(Date.from(at));
        assertThat(bson.get("price")).isEqualTo(new Decimal128(new BigDecimal("19.99")));
        assertThat(BsonValues.fromBson(bson)).isEqualTo(document);
    }

    @Test
    void aDecimalTheEmbeddedStoreRefusesIsRefusedAlike() {
        assertThatExceptionOfType(InvalidDocumentException.class)
            .isThrownBy(() -> BsonValues.toBson(Document.of("d", new BigDecimal("1." + "1".repeat(40)))))
            .withMessageContaining("Decimal");
    }

}
