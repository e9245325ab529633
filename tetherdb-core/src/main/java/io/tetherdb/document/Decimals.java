package io.tetherdb.document;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The limits of TetherDB's decimal values, which are MongoDB's Decimal128 values held as
 * {@link BigDecimal}: at most {@value #MAX_DIGITS} significant digits in the coefficient (the
 * unscaled value, trailing zeros included) and an exponent ({@code -scale}) from
 * {@value #MIN_EXPONENT} to {@value #MAX_EXPONENT}. A decimal within them is stored exactly, scale
 * included, so that {@code 12.50} reads back as {@code 12.50}; one outside them is refused, never
 * rounded. Thread-safe and stateless.
 *
 * @since 0.2
 */
public final class Decimals {

    /** Most significant digits a decimal may have, as in Decimal128. */
    public static final int MAX_DIGITS = 34;
    /** Smallest exponent ({@code -scale}) of a decimal, as in Decimal128: {@code 1E-6176}. */
    public static final int MIN_EXPONENT = -6176;
    /** Largest exponent ({@code -scale}) of a decimal, as in Decimal128. */
    public static final int MAX_EXPONENT = 6111;

    /**
     * Longest text {@link #parse} reads: a coefficient of 34 digits written with all its zeros at
     * the smallest exponent, and a sign, a point and an exponent to spare. Longer text cannot be a
     * decimal within the limits, and is refused before it is parsed.
     */
    static final int MAX_TEXT_LENGTH = 6300;

    /** 10^34 needs 113 bits; a coefficient of more bits has more than 34 digits. */
    private static final int MAX_COEFFICIENT_BITS = 113;

    private Decimals() {
    }

    /**
     * @param value a decimal; not null
     * @return null if the value is within the limits, else what is wrong with it, as a phrase that
     *         follows the value's description ("has 35 significant digits; ...")
     */
    public static String problem(BigDecimal value) {
        BigInteger coefficient = value.unscaledValue();
        if (coefficient.bitLength() > MAX_COEFFICIENT_BITS || value.precision() > MAX_DIGITS) {
            // precision() of a coefficient with millions of digits is slow; past the bit count the
            // message needs no exact count
            String digits = coefficient.bitLength() > 4 * MAX_COEFFICIENT_BITS ? "more than " + MAX_DIGITS
                    : Integer.toString(value.precision());
            return "has " + digits + " significant digits; a decimal holds at most " + MAX_DIGITS
                    + " (round it with BigDecimal.round(MathContext.DECIMAL128) to store it rounded)";
        }
        long exponent = -(long) value.scale();
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            return "has exponent " + exponent + " (scale " + value.scale() + "); a decimal's exponent is between "
                    + MIN_EXPONENT + " and " + MAX_EXPONENT;
        }
        return null;
    }

    /**
     * Converts a {@link BigInteger} to the decimal that documents and filters hold in its place:
     * the same value with scale 0.
     *
     * @param value an integer; not null
     * @return the decimal; {@link #problem} says whether it is within the limits
     */
    public static BigDecimal of(BigInteger value) {
        return new BigDecimal(value);
    }

    /**
     * Reads the text of a decimal as Extended JSON's {@code $numberDecimal} holds it, such as
     * {@code "12.50"}, {@code "-1E+3"} or {@code "0.001"}, keeping its scale.
     *
     * @param text the text; not null
     * @return the decimal, within the limits
     * @throws IllegalArgumentException saying what is wrong if the text is not a decimal, is
     *         {@code NaN} or an infinity (which {@link BigDecimal} cannot hold), or is outside the limits
     */
    public static BigDecimal parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("is " + text.length() + " characters long, longer than any decimal of at"
                    + " most " + MAX_DIGITS + " digits");
        }
        String bare = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (bare.equalsIgnoreCase("NaN") || bare.equalsIgnoreCase("Infinity") || bare.equalsIgnoreCase("Inf")) {
            throw new IllegalArgumentException("is " + text + ", which TetherDB's decimals (BigDecimal) cannot hold;"
                    + " use a double for NaN and infinities");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a decimal number");
        }
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("'" + text + "' " + problem);
        }
        return value;
    }
}
