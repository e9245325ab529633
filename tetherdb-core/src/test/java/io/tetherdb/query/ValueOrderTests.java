package io.tetherdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.tetherdb.document.Document;

class ValueOrderTests {

    private final ValueOrder order = ValueOrder.natural();

    @Test
    void ordersTypesAsMongoDbDoes() {
        List<Object> values = new ArrayList<>(List.of(Instant.EPOCH, true, new byte[] { 1 }, List.of(1),
                Document.parse("{a: 1}"), "a", 1, Pattern.compile("x")));
        values.add(null);
        Collections.shuffle(values, new java.util.Random(7));

        values.sort(order);

        assertThat(values).extracting(ValueOrder::typeRank).containsExactly(ValueOrder.NULL, ValueOrder.NUMBER,
                ValueOrder.STRING, ValueOrder.OBJECT, ValueOrder.ARRAY, ValueOrder.BINARY, ValueOrder.BOOLEAN,
                ValueOrder.DATE, ValueOrder.REGEX);
    }

    @Test
    void comparesNumbersExactlyAcrossTypes() {
        assertThat(order.compare(1, 1L)).isZero();
        assertThat(order.compare(1, 1.0)).isZero();
        assertThat(order.compare(1L, 1.5)).isNegative();
        assertThat(order.compare(-0.0, 0)).isZero();
        assertThat(order.compare(9_007_199_254_740_993L, 9_007_199_254_740_992.0)).isPositive();
        assertThat(order.compare(9_007_199_254_740_992.0, 9_007_199_254_740_993L)).isNegative();
        assertThat(order.compare(Long.MAX_VALUE, 0x1p63)).isNegative();
        assertThat(order.compare(Long.MIN_VALUE, -0x1p63)).isZero();
        assertThat(order.compare(Long.MIN_VALUE, Double.NEGATIVE_INFINITY)).isPositive();
        assertThat(order.compare(Double.NaN, Double.NEGATIVE_INFINITY)).isNegative();
        assertThat(order.compare(Double.NaN, Long.MIN_VALUE)).isNegative();
        assertThat(order.compare(Double.NaN, Double.NaN)).isZero();
        assertThat(order.compare(-2.5, -2L)).isNegative();
    }

    @Test
    void comparesStringsByCodePoint() {
        assertThat(order.compare("a", "b")).isNegative();
        assertThat(order.compare("B", "a")).isNegative();
        assertThat(order.compare("ab", "a")).isPositive();
        // U+1F600 is above U+FFFD by code point, although its first UTF-16 unit is below it.
        assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
        assertThat(order.compare("\uD83D\uDE00", "\uFFFD")).isPositive();
        assertThat(order.compare("\uFFFD", "\uD83D\uDE00")).isNegative();
    }

    @Test
    void comparesObjectsFieldByFieldAndArraysElementByElement() {
        assertThat(order.compare(Document.parse("{a: 1}"), Document.parse("{a: 2}"))).isNegative();
        assertThat(order.compare(Document.parse("{a: 1}"), Document.parse("{b: 0}"))).isNegative();
        assertThat(order.compare(Document.parse("{a: 1}"), Document.parse("{a: 1, b: 0}"))).isNegative();
        assertThat(order.compare(Document.parse("{a: 1, b: 2}"), Document.parse("{b: 2, a: 1}"))).isNotZero();
        assertThat(order.compare(Document.parse("{b: 1}"), Document.parse("{a: 'x'}"))).isNegative();
        assertThat(order.compare(Document.parse("{a: 1}"), Map.of("a", 1.0))).isZero();
        assertThat(order.compare(List.of(1, 2), List.of(1, 3))).isNegative();
        assertThat(order.compare(List.of(1, 2), List.of(1))).isPositive();
        assertThat(order.compare(List.of(), List.of(1))).isNegative();
    }

    @Test
    void comparesBinaryByLengthThenUnsignedBytes() {
        assertThat(order.compare(new byte[] { 9 }, new byte[] { 0, 0 })).isNegative();
        assertThat(order.compare(new byte[] { (byte) 0xFF }, new byte[] { 1 })).isPositive();
        assertThat(order.compare(new byte[] { 1, 2 }, new byte[] { 1, 2 })).isZero();
    }

    @Test
    void comparesBooleansAndDates() {
        assertThat(order.compare(false, true)).isNegative();
        assertThat(order.compare(Instant.EPOCH, Instant.EPOCH.plusMillis(1))).isNegative();
        assertThat(order.compare(new java.util.Date(0), Instant.EPOCH)).isZero();
    }

    @Test
    void exposesEquivalenceAndTypeRanks() {
        assertThat(ValueOrder.equivalent(1, 1.0)).isTrue();
        assertThat(ValueOrder.equivalent(1, "1")).isFalse();
        assertThat(ValueOrder.equivalent(null, null)).isTrue();
        assertThat(ValueOrder.typeRank(3L)).isEqualTo(ValueOrder.NUMBER);
        assertThat(ValueOrder.typeRank(List.of())).isEqualTo(ValueOrder.ARRAY);
        assertThatIllegalArgumentException().isThrownBy(() -> ValueOrder.typeRank(new Object()))
                .withMessageContaining("Unsupported value type");
    }

    /** Against BigDecimal's own order of exact values: the nearest-double shortcut must never decide wrongly. */
    @Test
    void decimalsCompareAsTheirExactValues() {
        io.tetherdb.RandomCases.run("decimalsCompareAsTheirExactValues", 2000, random -> {
            Number a = io.tetherdb.DecimalCases.decimal(random);
            Number b = switch (random.nextInt(5)) {
                case 0 -> io.tetherdb.DecimalCases.decimal(random);
                case 1 -> random.nextLong();
                case 2 -> random.nextInt(7) - 3;
                case 3 -> a instanceof java.math.BigDecimal d ? d.doubleValue() : random.nextDouble();
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (b instanceof Double d && (d.isNaN() || d.isInfinite())) {
                b = 0.5;
            }
            int expected = Integer.signum(exact(a).compareTo(exact(b)));
            assertThat(Integer.signum(ValueOrder.compareNumbers(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
            assertThat(Integer.signum(ValueOrder.compareNumbers(b, a))).as("%s vs %s", b, a).isEqualTo(-expected);
        });
    }

    private static java.math.BigDecimal exact(Number n) {
        if (n instanceof java.math.BigDecimal d) {
            return d;
        }
        if (n instanceof java.math.BigInteger i) {
            return new java.math.BigDecimal(i);
        }
        return n instanceof Double d ? new java.math.BigDecimal(d) : java.math.BigDecimal.valueOf(n.longValue());
    }
}
