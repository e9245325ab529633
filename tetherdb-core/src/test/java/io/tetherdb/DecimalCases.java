package io.tetherdb;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Random;

/**
 * Generates decimals for the randomized tests, weighted to the hard cases: values equal to an int
 * or a double at another scale, values next to a double or a long (one unit of the 34th digit
 * away), the ends of Decimal128's range, beyond the range of a double, and {@link BigInteger}s.
 * Every value is within Decimal128's limits. Thread-safe and stateless.
 */
public final class DecimalCases {

    private static final MathContext DIGITS_34 = new MathContext(34);

    private DecimalCases() {
    }

    /**
     * @param random the source; not null
     * @return a decimal ({@link BigDecimal}, or now and then a {@link BigInteger})
     */
    public static Number decimal(Random random) {
        return switch (random.nextInt(9)) {
            // a small value at scale 0..3, so that it often equals an int or a half
            case 0 -> BigDecimal.valueOf(random.nextInt(41) - 20, 1).setScale(1 + random.nextInt(3));
            case 1 -> nearDouble(random, random.nextBoolean() ? random.nextInt(13) / 4.0 - 1.5
                    : Double.longBitsToDouble(random.nextLong()));
            case 2 -> nearLong(random);
            case 3 -> new BigDecimal(new BigInteger(113, random).mod(BigInteger.TEN.pow(34))
                    .multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)), random.nextInt(12288) - 6111);
            case 4 -> edge(random);
            case 5 -> BigInteger.valueOf(random.nextInt(9) - 4).multiply(BigInteger.TEN.pow(random.nextInt(33)));
            case 6 -> nearDouble(random, (random.nextBoolean() ? 1 : -1) * Double.MAX_VALUE);
            case 7 -> nearDouble(random, (random.nextBoolean() ? 1 : -1) * Double.MIN_VALUE * (1 + random.nextInt(3)));
            default -> new BigDecimal(random.nextInt(2001) - 1000).scaleByPowerOfTen(-random.nextInt(5));
        };
    }

    /** The double itself as a decimal where it has at most 34 digits, else its value rounded to 34, give or take. */
    private static BigDecimal nearDouble(Random random, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            d = 1.0;
        }
        BigDecimal exact = new BigDecimal(d).round(DIGITS_34);
        BigDecimal unit = exact.ulp();
        BigDecimal near = switch (random.nextInt(3)) {
            case 0 -> exact;
            case 1 -> exact.add(unit);
            default -> exact.subtract(unit);
        };
        // the rounding can carry into a 35th digit, or push the scale past the smallest exponent
        near = near.round(DIGITS_34);
        return near.scale() > 6176 ? near.setScale(6176, java.math.RoundingMode.HALF_EVEN) : near;
    }

    private static BigDecimal nearLong(Random random) {
        long l = switch (random.nextInt(3)) {
            case 0 -> (1L << 53) + random.nextInt(8) - 4;
            case 1 -> Long.MAX_VALUE - random.nextInt(4);
            default -> Long.MIN_VALUE + random.nextInt(4);
        };
        return BigDecimal.valueOf(l).add(BigDecimal.valueOf(random.nextInt(5) - 2, 1));
    }

    private static BigDecimal edge(Random random) {
        String[] edges = {"0", "0.00", "0E+6111", "0E-6176", "1E-6176", "-1E-6176", "9.999999999999999999999999999999999E+6144",
            "-9.999999999999999999999999999999999E+6144", "1E+6111", "1E+308", "1.797693134862315708145274237317044E+308",
            "1.797693134862315808145274237317044E+308", "4.9E-324", "5E-325", "2.5E-324", "12.50", "12.5", "0.1",
            "0.1000000000000000055511151231257827", "9223372036854775808", "-9223372036854775809", "9007199254740993"};
        return new BigDecimal(edges[random.nextInt(edges.length)]);
    }
}
