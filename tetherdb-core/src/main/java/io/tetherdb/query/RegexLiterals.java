package io.tetherdb.query;

/**
 * Rewrites the regular expression literals of MongoDB's shell syntax ({@code /^be/i}) in filter
 * text into extended JSON ({@code {"$regularExpression": {"pattern": "^be", "options": "i"}}}),
 * which JSON parsers understand, so that {@code {tags: {$in: [/^be/, /^st/]}}} can be written as
 * in MongoDB's documentation. A literal is recognised only where a value starts (after {@code :},
 * {@code [} or {@code ,}), never inside a string, and never as a comment ({@code //} or
 * {@code /*}).
 *
 * <p>Thread-safe and stateless.
 */
final class RegexLiterals {

    private RegexLiterals() {
    }

    /**
     * @param text filter text; not null
     * @return the text with every regular expression literal rewritten; the same instance if there
     *         is none
     * @throws InvalidQueryException if a literal is not terminated
     */
    static String rewrite(String text) {
        if (text.indexOf('/') < 0) {
            return text;
        }
        StringBuilder out = null;
        char quote = 0;
        char previous = 0;
        int i = 0;
        int copiedUpTo = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                    previous = c;
                }
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                i++;
                continue;
            }
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) != '/' && text.charAt(i + 1) != '*'
                    && (previous == ':' || previous == '[' || previous == ',')) {
                int end = literalEnd(text, i);
                int flagsEnd = end + 1;
                while (flagsEnd < text.length() && Character.isLetter(text.charAt(flagsEnd))) {
                    flagsEnd++;
                }
                if (out == null) {
                    out = new StringBuilder(text.length() + 64);
                }
                out.append(text, copiedUpTo, i);
                out.append("{\"$regularExpression\": {\"pattern\": ");
                appendJsonString(out, text.substring(i + 1, end));
                out.append(", \"options\": ");
                appendJsonString(out, text.substring(end + 1, flagsEnd));
                out.append("}}");
                copiedUpTo = flagsEnd;
                i = flagsEnd;
                previous = '}';
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previous = c;
            }
            i++;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copiedUpTo, text.length()).toString();
    }

    /** @return the index of the slash that closes the literal opened at {@code start} */
    private static int literalEnd(String text, int start) {
        boolean inClass = false;
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                return i;
            } else if (c == '\n') {
                break;
            }
        }
        throw new InvalidQueryException("Unterminated regular expression literal at offset " + start + ": "
                + text.substring(start, Math.min(text.length(), start + 30)));
    }

    private static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
