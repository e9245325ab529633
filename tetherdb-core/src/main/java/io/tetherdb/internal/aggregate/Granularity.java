package io.tetherdb.internal.aggregate;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The preferred number series of {@code $bucketAuto}'s {@code granularity}, which round its bucket
 * boundaries as MongoDB does: the Renard series R5 to R80, the E series E6 to E192 and 1-2-5 (each
 * a list of values in one decade, scaled by powers of ten), and the powers of two. Rounding up
 * gives the smallest value of the series strictly above a number, rounding down the largest
 * strictly below it; zero rounds to itself. Immutable and thread-safe.
 */
enum Granularity {
    R5("R5", 10, 16, 25, 40, 63),
    R10("R10", 100, 125, 160, 200, 250, 315, 400, 500, 630, 800),
    R20("R20", 100, 112, 125, 140, 160, 180, 200, 224, 250, 280, 315, 355, 400, 450, 500, 560, 630, 710, 800, 900),
    R40("R40", 100, 106, 112, 118, 125, 132, 140, 150, 160, 170, 180, 190, 200, 212, 224, 236, 250, 265, 280, 300,
            315, 335, 355, 375, 400, 425, 450, 475, 500, 530, 560, 600, 630, 670, 710, 750, 800, 850, 900, 950),
    R80("R80", 103, 109, 115, 122, 128, 136, 145, 155, 165, 175, 185, 195, 206, 218, 230, 243, 258, 272, 290, 307,
            325, 345, 365, 387, 412, 437, 462, 487, 515, 545, 575, 615, 650, 690, 730, 775, 825, 875, 925, 975),
    ONE_TWO_FIVE("1-2-5", 10, 20, 50),
    E6("E6", 10, 15, 22, 33, 47, 68),
    E12("E12", 10, 12, 15, 18, 22, 27, 33, 39, 47, 56, 68, 82),
    E24("E24", 10, 11, 12, 13, 15, 16, 18, 20, 22, 24, 27, 30, 33, 36, 39, 43, 47, 51, 56, 62, 68, 75, 82, 91),
    E48("E48", 100, 105, 110, 115, 121, 127, 133, 140, 147, 154, 162, 169, 178, 187, 196, 205, 215, 226, 237, 249,
            261, 274, 287, 301, 316, 332, 348, 365, 383, 402, 422, 442, 464, 487, 511, 536, 562, 590, 619, 649, 681,
            715, 750, 787, 825, 866, 909, 953),
    E96("E96", 100, 102, 105, 107, 110, 113, 115, 118, 121, 124, 127, 130, 133, 137, 140, 143, 147, 150, 154, 158,
            162, 165, 169, 174, 178, 182, 187, 191, 196, 200, 205, 210, 215, 221, 226, 232, 237, 243, 249, 255, 261,
            267, 274, 280, 287, 294, 301, 309, 316, 324, 332, 340, 348, 357, 365, 374, 383, 392, 402, 412, 422, 432,
            442, 453, 464, 475, 487, 499, 511, 523, 536, 549, 562, 576, 590, 604, 619, 634, 649, 665, 681, 698, 715,
            732, 750, 768, 787, 806, 825, 845, 866, 887, 909, 931, 953, 976),
    E192("E192", 100, 101, 102, 104, 105, 106, 107, 109, 110, 111, 113, 114, 115, 117, 118, 120, 121, 123, 124, 126,
            127, 129, 130, 132, 133, 135, 137, 138, 140, 142, 143, 145, 147, 149, 150, 152, 154, 156, 158, 160, 162,
            164, 165, 167, 169, 172, 174, 176, 178, 180, 182, 184, 187, 189, 191, 193, 196, 198, 200, 203, 205, 208,
            210, 213, 215, 218, 221, 223, 226, 229, 232, 234, 237, 240, 243, 246, 249, 252, 255, 258, 261, 264, 267,
            271, 274, 277, 280, 284, 287, 291, 294, 298, 301, 305, 309, 312, 316, 320, 324, 328, 332, 336, 340, 344,
            348, 352, 357, 361, 365, 370, 374, 379, 383, 388, 392, 397, 402, 407, 412, 417, 422, 427, 432, 437, 442,
            448, 453, 459, 464, 470, 475, 481, 487, 493, 499, 505, 511, 517, 523, 530, 536, 542, 549, 556, 562, 569,
            576, 583, 590, 597, 604, 612, 619, 626, 634, 642, 649, 657, 665, 673, 681, 690, 698, 706, 715, 723, 732,
            741, 750, 759, 768, 777, 787, 796, 806, 816, 825, 835, 845, 856, 866, 876, 887, 898, 909, 920, 931, 942,
            953, 965, 976, 988),
    POWERS_OF_2("POWERSOF2");

    private static final Map<String, Granularity> BY_NAME = new HashMap<>();

    static {
        for (Granularity granularity : values()) {
            BY_NAME.put(granularity.name, granularity);
        }
    }

    private final String name;
    /**
     * The series' values in one decade, as integers of two or three digits (R5's 1.6 is 16); a
     * value in the series is one of these times a power of ten. Empty for the powers of two.
     */
    private final double[] series;

    Granularity(String name, double... series) {
        this.name = name;
        this.series = series;
    }

    /** @return the series with that name, as {@code $bucketAuto} spells it */
    static Optional<Granularity> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** @return the names of all series, for messages */
    static String names() {
        return Arrays.stream(values()).map(g -> g.name).toList().toString();
    }

    /** @return the smallest value of the series above the number, or the number if it is zero */
    Number roundUp(Number number) {
        if (number.doubleValue() == 0) {
            return number;
        }
        if (this == POWERS_OF_2) {
            return powerOfTwo(number, true);
        }
        if (number instanceof BigDecimal decimal) {
            return roundUp(decimal);
        }
        double value = number.doubleValue();
        double multiplier = 1;
        double first = series[0];
        double last = series[series.length - 1];
        while (value >= last * multiplier) {
            multiplier *= 10;
        }
        while (value < first * multiplier) {
            double previousFirst = first * multiplier;
            multiplier /= 10;
            if (value >= last * multiplier) {
                // between one decade's last value and the next decade's first
                return previousFirst;
            }
        }
        for (double element : series) {
            if (value < element * multiplier) {
                return element * multiplier;
            }
        }
        throw new IllegalStateException("No value of " + name + " above " + value);
    }

    /** @return the largest value of the series below the number, or the number if it is zero */
    Number roundDown(Number number) {
        if (number.doubleValue() == 0) {
            return number;
        }
        if (this == POWERS_OF_2) {
            return powerOfTwo(number, false);
        }
        if (number instanceof BigDecimal decimal) {
            return roundDown(decimal);
        }
        double value = number.doubleValue();
        double multiplier = 1;
        double first = series[0];
        double last = series[series.length - 1];
        while (value <= first * multiplier) {
            multiplier /= 10;
        }
        while (value > last * multiplier) {
            double previousLast = last * multiplier;
            multiplier *= 10;
            if (value <= first * multiplier) {
                return previousLast;
            }
        }
        for (int i = series.length - 1; i >= 0; i--) {
            if (series[i] * multiplier < value) {
                return series[i] * multiplier;
            }
        }
        throw new IllegalStateException("No value of " + name + " below " + value);
    }

    private BigDecimal roundUp(BigDecimal value) {
        BigDecimal multiplier = BigDecimal.ONE;
        BigDecimal first = BigDecimal.valueOf((long) series[0]);
        BigDecimal last = BigDecimal.valueOf((long) series[series.length - 1]);
        while (value.compareTo(last.multiply(multiplier)) >= 0) {
            multiplier = multiplier.scaleByPowerOfTen(1);
        }
        while (value.compareTo(first.multiply(multiplier)) < 0) {
            BigDecimal previousFirst = first.multiply(multiplier);
            multiplier = multiplier.scaleByPowerOfTen(-1);
            if (value.compareTo(last.multiply(multiplier)) >= 0) {
                return previousFirst;
            }
        }
        for (double element : series) {
            BigDecimal scaled = BigDecimal.valueOf((long) element).multiply(multiplier);
            if (value.compareTo(scaled) < 0) {
                return scaled;
            }
        }
        throw new IllegalStateException("No value of " + name + " above " + value);
    }

    private BigDecimal roundDown(BigDecimal value) {
        BigDecimal multiplier = BigDecimal.ONE;
        BigDecimal first = BigDecimal.valueOf((long) series[0]);
        BigDecimal last = BigDecimal.valueOf((long) series[series.length - 1]);
        while (value.compareTo(first.multiply(multiplier)) <= 0) {
            multiplier = multiplier.scaleByPowerOfTen(-1);
        }
        while (value.compareTo(last.multiply(multiplier)) > 0) {
            BigDecimal previousLast = last.multiply(multiplier);
            multiplier = multiplier.scaleByPowerOfTen(1);
            if (value.compareTo(first.multiply(multiplier)) <= 0) {
                return previousLast;
            }
        }
        for (int i = series.length - 1; i >= 0; i--) {
            BigDecimal scaled = BigDecimal.valueOf((long) series[i]).multiply(multiplier);
            if (scaled.compareTo(value) < 0) {
                return scaled;
            }
        }
        throw new IllegalStateException("No value of " + name + " below " + value);
    }

    /**
     * The power of two above (or below) a positive number, typed as {@code $pow} types {@code 2}
     * raised to an integer: an int or long while it fits, a double for negative exponents and
     * beyond a long, a decimal for a decimal.
     */
    private static Number powerOfTwo(Number number, boolean up) {
        int exponent;
        if (number instanceof Integer || number instanceof Long) {
            long value = number.longValue();
            int highest = 63 - Long.numberOfLeadingZeros(value);
            boolean power = Long.bitCount(value) == 1;
            exponent = up ? highest + 1 : power ? highest - 1 : highest;
        } else if (number instanceof BigDecimal d) {
            double log = log2(d);
            exponent = (int) (up ? Math.floor(log) + 1 : Math.ceil(log) - 1);
        } else {
            double value = number.doubleValue();
            // floor(log2) of a normal double is its binary exponent, exact where Math.log is not
            int floor = Math.getExponent(value) >= Double.MIN_EXPONENT ? Math.getExponent(value)
                    : (int) Math.floor(Math.log(value) / Math.log(2));
            boolean power = value == Math.scalb(1.0, floor);
            exponent = up ? floor + 1 : power ? floor - 1 : floor;
        }
        if (number instanceof BigDecimal) {
            return exponent >= 0 ? BigDecimal.valueOf(2).pow(exponent)
                    : BigDecimal.ONE.divide(BigDecimal.valueOf(2).pow(-exponent));
        }
        if (exponent >= 0 && exponent < 63) {
            return Values.integral(1L << exponent, 0);
        }
        return Math.pow(2, exponent);
    }

    private static double log2(BigDecimal value) {
        // exact for powers of two, which decide whether a value rounds to itself or past it
        BigDecimal stripped = value.stripTrailingZeros();
        double log = Math.log(value.doubleValue()) / Math.log(2);
        long rounded = Math.round(log);
        if (rounded >= -1074 && rounded <= 1023 && stripped.compareTo(new BigDecimal(Math.pow(2, rounded))) == 0) {
            return rounded;
        }
        return log;
    }

    @Override
    public String toString() {
        return name;
    }
}
