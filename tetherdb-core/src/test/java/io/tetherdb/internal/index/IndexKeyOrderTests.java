package io.tetherdb.internal.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.tetherdb.DecimalCases;
import io.tetherdb.RandomCases;
import io.tetherdb.query.ValueOrder;
import org.junit.jupiter.api.Test;

/**
 * Index keys order exactly as {@link ValueOrder} orders values, so that an index scan and a full
 * scan agree: for random values, with the hard cases mixed in (NaN, -0.0, infinities, longs near
 * 2<sup>63</sup> next to doubles, strings with NUL, supplementary characters and lone
 * surrogates, nested arrays and documents), the unsigned order of the encodings is the value
 * order, equal encodings mean equal values, a descending encoding reverses the order, and
 * encodings concatenate into compound keys (here ascending, descending) that order field by field.
 * Not thread-safe; the value generator is a private method over {@link Random}.
 *
 * <p>Each randomized check runs {@value #CASES} cases through {@link RandomCases}, from a fixed
 * base seed so that CI runs are repeatable. Run more locally with {@code -Dtetherdb.fuzz.scale=100}
 * (100 times as many cases) and other inputs with {@code -Dtetherdb.fuzz.seed=S}; a failure names
 * its case's seed, which {@code -Dtetherdb.fuzz.replay=SEED} runs alone, for example
 * {@code mvn -pl tetherdb-core test -Dtest=IndexKeyOrderTests -Dtetherdb.fuzz.replay=SEED}.
 */
class IndexKeyOrderTests {

    private static final int CASES = 1000;

    /** Numbers on the boundaries of int, long and double, and where a long and a double are close. */
    private static final Object[] EDGE_NUMBERS = {Double.NaN, -0.0, 0.0, 0, 0L, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0x1p63,
        -0x1p63, Math.nextDown(0x1p63), Math.nextUp(-0x1p63), 0x1p53, (1L << 53) + 1, 9007199254740993.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.5, 1, 2L, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Double.longBitsToDouble(0x7ff8000000000001L)};

    /** NUL, ASCII, the edges of the BMP below and above the surrogates, and surrogates alone and paired. */
    private static final char[] STRING_CHARS = {'a', 'b', '\u0000', '?', '\u00e9', '\ud7ff', '\ue000', '\uffff',
        '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00'};

    @Test
    void encodingsOrderAsValues() {
        RandomCases.run("encodingsOrderAsValues", CASES, random -> {
            Object a = value(random, 3);
            Object b = random.nextInt(8) == 0 ? a : value(random, 3); // equal values as well
            int expected = Integer.signum(ValueOrder.natural().compare(a, b));

            assertThat(Integer.signum(Arrays.compareUnsigned(IndexKeyEncoder.encode(a), IndexKeyEncoder.encode(b))))
                    .as("%s vs %s", a, b).isEqualTo(expected);
            assertThat(Integer.signum(Arrays.compareUnsigned(IndexKeyEncoder.encode(a, true),
                    IndexKeyEncoder.encode(b, true)))).as("descending %s vs %s", a, b).isEqualTo(-expected);
        });
    }

    @Test
    void compoundKeysOrderFieldByField() {
        RandomCases.run("compoundKeysOrderFieldByField", CASES, random -> {
            Object a1 = value(random, 3);
            Object a2 = value(random, 3);
            // often the same first field, so that the descending second field decides
            Object b1 = random.nextInt(4) == 0 ? a1 : value(random, 3);
            Object b2 = value(random, 3);
            int first = ValueOrder.natural().compare(a1, b1);
            // The second field is descending.
            int expected = Integer.signum(first != 0 ? first : -ValueOrder.natural().compare(a2, b2));

            assertThat(Integer.signum(Arrays.compareUnsigned(concat(a1, a2), concat(b1, b2))))
                    .as("(%s, %s) vs (%s, %s)", a1, a2, b1, b2).isEqualTo(expected);
        });
    }

    @Test
    void loneSurrogatesHaveKeysOfTheirOwnInStringOrder() {
        // getBytes(UTF_8) turned every lone surrogate into '?', so a filter on "\ud800" read the key of "?".
        List<String> ordered = List.of("?", "\ud7ff", "\ue000", "\uffff", "\ud800", "\ud800a", "\ud800\udc00",
                "\ud83d", "\ud83d\ude00", "\udbff\udfff", "\udc00", "\udfff");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            String low = ordered.get(i);
            String high = ordered.get(i + 1);
            assertThat(ValueOrder.compareStrings(low, high)).isNegative();
            assertThat(Arrays.compareUnsigned(IndexKeyEncoder.encode(low), IndexKeyEncoder.encode(high)))
                    .as("%s < %s", escape(low), escape(high)).isNegative();
        }
    }

    @Test
    void equalNumbersOfEveryTypeShareOneKey() {
        // the planner looks up an equality by the operand's key: 12, 12L, 12.0 and 12.00 must meet
        byte[] twelve = IndexKeyEncoder.encode(12);
        for (Object same : List.of(12L, 12.0, 12.0f, new java.math.BigDecimal("12.00"), new java.math.BigDecimal("1.2E+1"),
                java.math.BigInteger.valueOf(12))) {
            assertThat(IndexKeyEncoder.encode(same)).as("%s", same).isEqualTo(twelve);
        }
        assertThat(IndexKeyEncoder.encode(new java.math.BigDecimal("9007199254740993")))
                .isEqualTo(IndexKeyEncoder.encode((1L << 53) + 1));
        assertThat(IndexKeyEncoder.encode(new java.math.BigDecimal("0.1"))).isNotEqualTo(IndexKeyEncoder.encode(0.1));
        assertThat(IndexKeyEncoder.encode(new java.math.BigDecimal("0.5"))).isEqualTo(IndexKeyEncoder.encode(0.5));
    }

    @Test
    void decimalsBetweenNeighbouringDoublesAndLongsEncodeInOrder() {
        List<Object> ordered = List.of(Double.NEGATIVE_INFINITY, new java.math.BigDecimal("-1E+6144"),
                new java.math.BigDecimal("-1E+309"), -Double.MAX_VALUE, -0.1, new java.math.BigDecimal("-0.1"),
                new java.math.BigDecimal("-1E-6176"), 0, new java.math.BigDecimal("1E-6176"), Double.MIN_VALUE,
                new java.math.BigDecimal("0.1"), 0.1, 1L << 53, new java.math.BigDecimal("9007199254740992.5"),
                (1L << 53) + 1, new java.math.BigDecimal("9223372036854775807.5"), 0x1p63, Double.MAX_VALUE,
                new java.math.BigDecimal("1E+309"), new java.math.BigDecimal("9.999999999999999999999999999999999E+6144"),
                Double.POSITIVE_INFINITY);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            // binary 0.1 is a little above decimal 0.1
            assertThat(ValueOrder.natural().compare(ordered.get(i), ordered.get(i + 1)))
                    .as("%s < %s", ordered.get(i), ordered.get(i + 1)).isNegative();
            assertThat(Arrays.compareUnsigned(IndexKeyEncoder.encode(ordered.get(i)),
                    IndexKeyEncoder.encode(ordered.get(i + 1)))).as("%s < %s", ordered.get(i), ordered.get(i + 1))
                    .isNegative();
        }
    }

    @Test
    void specialDoublesEncodeInNumberOrder() {
        List<Object> ordered = List.of(Double.NaN, Double.NEGATIVE_INFINITY, Long.MIN_VALUE, -1.5, -1, 0,
                Long.MAX_VALUE, 0x1p63, Double.MAX_VALUE, Double.POSITIVE_INFINITY);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(Arrays.compareUnsigned(IndexKeyEncoder.encode(ordered.get(i)),
                    IndexKeyEncoder.encode(ordered.get(i + 1)))).as("%s < %s", ordered.get(i), ordered.get(i + 1))
                    .isNegative();
        }
        assertThat(IndexKeyEncoder.encode(-0.0)).isEqualTo(IndexKeyEncoder.encode(0));
        assertThat(IndexKeyEncoder.encode(Double.longBitsToDouble(0x7ff8000000000001L)))
                .isEqualTo(IndexKeyEncoder.encode(Double.NaN));
    }

    private static byte[] concat(Object first, Object second) {
        byte[] a = IndexKeyEncoder.encode(first);
        byte[] b = IndexKeyEncoder.encode(second, true);
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    // ---- generators

    /** Numbers 4 in 11, strings 3, other types 2, arrays and objects 1 each while depth remains. */
    private static Object value(Random random, int depth) {
        int pick = depth == 0 ? random.nextInt(3) * 4 : random.nextInt(11);
        if (pick < 4) {
            return number(random);
        }
        if (pick < 7) {
            return string(random);
        }
        if (pick < 9) {
            return other(random);
        }
        int size = random.nextInt(4);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(value(random, depth - 1));
        }
        if (pick == 9) {
            return values;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            map.put(i % 2 == 0 ? "k" + i : "\ud800" + i, values.get(i));
        }
        return map;
    }

    /** An edge number, or any int, long, double (every bit pattern, so NaNs with payloads too) or decimal. */
    private static Object number(Random random) {
        return switch (random.nextInt(7)) {
            case 5, 6 -> DecimalCases.decimal(random);
            case 0 -> EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)];
            case 1 -> random.nextInt();
            case 2 -> switch (random.nextInt(3)) {
                case 0 -> random.nextLong();
                // where doubles stop holding every long: next to 2^63 and to 2^53
                case 1 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(4096) : Long.MIN_VALUE + random.nextInt(4096);
                default -> (random.nextBoolean() ? 1L : -1L) * ((1L << 53) + random.nextInt(64) - 32);
            };
            case 3 -> random.nextBoolean() ? (double) random.nextLong() // a double next to some long
                    : (random.nextDouble() - 0.5) * Math.pow(2, random.nextInt(140) - 10); // up to about 2^129
            default -> Double.longBitsToDouble(random.nextLong());
        };
    }

    /** Up to 5 characters, half the time of the hard ones, half the time of all of UTF-16. */
    private static String string(Random random) {
        char[] chars = new char[random.nextInt(6)];
        boolean hard = random.nextBoolean();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = hard ? STRING_CHARS[random.nextInt(STRING_CHARS.length)]
                    : (char) random.nextInt(Character.MAX_VALUE + 1);
        }
        return new String(chars);
    }

    /** Null, a boolean, up to 3 bytes, or an instant within about 3,000 years of the epoch. */
    private static Object other(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> {
                byte[] bytes = new byte[random.nextInt(4)];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> {
                long seconds = (long) ((random.nextDouble() * 2 - 1) * 100_000_000_000L);
                yield Instant.ofEpochSecond(seconds, Math.floorMod(seconds, 1_000_000_000L));
            }
        };
    }
}
