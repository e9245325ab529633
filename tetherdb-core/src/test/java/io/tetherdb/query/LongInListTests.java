package io.tetherdb.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long {@code $in} (from eight operands on, the text ones are looked up in a hash set) matches
 * exactly what the same operands matched one by one match: text, numbers of every type, patterns,
 * null, arrays and documents, on scalar and array fields.
 */
class LongInListTests {

    private static final Object[] POOL = { "a", "b", "B", "ab", "", "x1", "x2", 1, 2L, 3.0, 4.5f, null, true,
        List.of("a", "z"), Map.of("k", "a"), new byte[] { 1 } };

    @Test
    void aLongInMatchesAsItsOperandsOneByOne() {
        Random random = new Random(20261203);
        for (int round = 0; round < 400; round++) {
            List<Object> operands = new ArrayList<>();
            int size = 1 + random.nextInt(16);
            for (int i = 0; i < size; i++) {
                operands.add(random.nextInt(8) == 0 ? Pattern.compile("^x") : POOL[random.nextInt(POOL.length)]);
            }
            Filter in = Filters.in("f", operands);
            List<Filter> oneByOne = new ArrayList<>();
            for (Object operand : operands) {
                oneByOne.add(Filters.in("f", Arrays.asList(operand)));
            }
            Filter any = Filters.or(oneByOne.toArray(new Filter[0]));
            for (int d = 0; d < 20; d++) {
                Map<String, Object> document = new HashMap<>();
                int shape = random.nextInt(4);
                if (shape == 1) {
                    document.put("f", POOL[random.nextInt(POOL.length)]);
                } else if (shape == 2) {
                    document.put("f", Arrays.asList(POOL[random.nextInt(POOL.length)], POOL[random.nextInt(POOL.length)]));
                } else if (shape == 3) {
                    document.put("f", random.nextBoolean() ? "x" + random.nextInt(4) : (double) random.nextInt(4));
                }
                assertThat(in.matches(document)).as("%s on %s", operands, document).isEqualTo(any.matches(document));
            }
        }
    }

    @Test
    void textNumbersAndPatternsInOneLongList() {
        Filter in = Filter.parse("{f: {$in: ['a', 'b', 'c', 'd', 'e', 'g', 'h', 2, /^zz/]}}");
        assertThat(in.matches(Map.of("f", "h"))).isTrue();
        assertThat(in.matches(Map.of("f", "zz top"))).isTrue();
        assertThat(in.matches(Map.of("f", 2.0))).isTrue();
        assertThat(in.matches(Map.of("f", List.of("q", "e")))).isTrue();
        assertThat(in.matches(Map.of("f", "H"))).isFalse();
        assertThat(in.matches(Map.of("f", "2"))).isFalse();
        assertThat(in.matches(Map.of("g", "a"))).isFalse();
    }

}
