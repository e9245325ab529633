package io.tetherdb.sample.reading;

import java.util.List;
import java.util.Map;

import io.tetherdb.query.InvalidQueryException;

/**
 * Refuses {@code $regex} patterns in a client's filter that repeat a group, such as
 * {@code (a+)+$} or {@code (x|xy)*z}. Java's regular expressions backtrack, and such patterns can
 * take exponential time on a short string that almost matches, which would hold a request thread
 * for as long as an attacker likes: the store has no time limit on a query. Patterns without a
 * repeated group ({@code ^green}, {@code temp$}, {@code [0-9]+-x.*}) are allowed.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
final class RegexGuard {

    private RegexGuard() {
    }

    /**
     * Checks every {@code $regex} operand in a filter, at any depth.
     *
     * @param filter the filter as parsed from JSON; not null
     * @throws InvalidQueryException if a pattern repeats a group
     */
    static void check(Object filter) {
        if (filter instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if ("$regex".equals(entry.getKey()) && entry.getValue() instanceof String pattern
                        && repeatsAGroup(pattern)) {
                    throw new InvalidQueryException("$regex '" + pattern + "' repeats a group ('(...)+', '(...)*' or"
                            + " '(...){n,m}'); such patterns can take exponential time and are refused here");
                }
                check(entry.getValue());
            }
        }
        else if (filter instanceof List<?> list) {
            list.forEach(RegexGuard::check);
        }
    }

    /**
     * @param pattern a regular expression; not null
     * @return whether a quantifier other than {@code ?} follows the end of a group
     */
    static boolean repeatsAGroup(String pattern) {
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            }
            else if (inClass) {
                inClass = c != ']';
            }
            else if (c == '[') {
                inClass = true;
            }
            else if (c == ')' && i + 1 < pattern.length() && "*+{".indexOf(pattern.charAt(i + 1)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
