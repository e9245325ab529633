package io.tetherdb.update;

import java.util.Arrays;
import java.util.Objects;

import io.tetherdb.document.DocumentPath;

/**
 * The path of one field update, such as {@code "items.$[i].qty"}: a dotted path whose segments may
 * be the positional {@code $}, the all-elements {@code $[]} or a filtered {@code $[ident]}.
 * Immutable and thread-safe.
 */
final class UpdatePath implements Comparable<UpdatePath> {

    /** What a segment stands for. */
    enum Kind {
        /** A field name or an array position. */
        FIELD,
        /** {@code $}: the array element the query matched. */
        POSITIONAL,
        /** {@code $[]}: every element of the array. */
        ALL,
        /** {@code $[ident]}: the elements an array filter matches. */
        FILTERED
    }

    private final String text;
    private final String[] segments;
    private final Kind[] kinds;
    /** Per segment: the identifier of a {@code $[ident]}, else null. */
    private final String[] identifiers;

    private UpdatePath(String text, String[] segments, Kind[] kinds, String[] identifiers) {
        this.text = text;
        this.segments = segments;
        this.kinds = kinds;
        this.identifiers = identifiers;
    }

    /**
     * @param text the path as written in the update
     * @param operator the operator it belongs to, for messages
     * @return the parsed path
     * @throws InvalidUpdateException if it is empty, has an empty segment, too many segments, more
     *         than one {@code $}, a malformed {@code $[...]} or another segment starting with {@code $}
     */
    static UpdatePath parse(String text, UpdateOperator operator) {
        Objects.requireNonNull(text, "path");
        String[] segments;
        try {
            segments = DocumentPath.parse(text).segments().toArray(new String[0]);
        } catch (DocumentPath.InvalidPathException e) {
            throw new InvalidUpdateException(operator.keyword() + ": " + e.getMessage(), e);
        }
        Kind[] kinds = new Kind[segments.length];
        String[] identifiers = new String[segments.length];
        int positionals = 0;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("$")) {
                kinds[i] = Kind.POSITIONAL;
                positionals++;
            } else if (segment.equals("$[]")) {
                kinds[i] = Kind.ALL;
            } else if (segment.startsWith("$[") && segment.endsWith("]")) {
                String identifier = segment.substring(2, segment.length() - 1);
                if (!isIdentifier(identifier)) {
                    throw new InvalidUpdateException(operator.keyword() + ": the array filter identifier '" + identifier
                            + "' in path '" + text + "' must begin with a lowercase letter and hold only letters and"
                            + " digits");
                }
                kinds[i] = Kind.FILTERED;
                identifiers[i] = identifier;
            } else if (segment.startsWith("$")) {
                throw new InvalidUpdateException(operator.keyword() + ": the dollar ($) prefixed field '" + segment
                        + "' in '" + text + "' is not valid");
            } else {
                kinds[i] = Kind.FIELD;
            }
            if (i == 0 && kinds[i] != Kind.FIELD) {
                throw new InvalidUpdateException(operator.keyword() + ": path '" + text
                        + "' cannot start with a positional operator");
            }
        }
        if (positionals > 1) {
            throw new InvalidUpdateException(operator.keyword() + ": too many positional (i.e. '$') elements found in"
                    + " path '" + text + "'");
        }
        return new UpdatePath(text, segments, kinds, identifiers);
    }

    private static boolean isIdentifier(String identifier) {
        if (identifier.isEmpty() || identifier.charAt(0) < 'a' || identifier.charAt(0) > 'z') {
            return false;
        }
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return segments.length;
    }

    String segment(int i) {
        return segments[i];
    }

    Kind kind(int i) {
        return kinds[i];
    }

    String identifier(int i) {
        return identifiers[i];
    }

    /** @return whether any segment is {@code $}, {@code $[]} or {@code $[ident]} */
    boolean isDynamic() {
        for (Kind kind : kinds) {
            if (kind != Kind.FIELD) {
                return true;
            }
        }
        return false;
    }

    boolean isId() {
        return segments.length >= 1 && segments[0].equals("_id");
    }

    /**
     * @param other another path
     * @return the shorter path when one path is a prefix of the other (a positional segment standing
     *         for any element), else null
     */
    UpdatePath conflictWith(UpdatePath other) {
        int n = Math.min(segments.length, other.segments.length);
        for (int i = 0; i < n; i++) {
            boolean wildcard = kinds[i] != Kind.FIELD || other.kinds[i] != Kind.FIELD;
            if (!wildcard && !segments[i].equals(other.segments[i])) {
                return null;
            }
        }
        return segments.length <= other.segments.length ? this : other;
    }

    /** Orders paths as MongoDB 5.0 applies them: field by field, numeric names numerically. */
    @Override
    public int compareTo(UpdatePath other) {
        int n = Math.min(segments.length, other.segments.length);
        for (int i = 0; i < n; i++) {
            int c = compareSegments(segments[i], other.segments[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.length, other.segments.length);
    }

    private static int compareSegments(String a, String b) {
        boolean na = isNumeric(a);
        boolean nb = isNumeric(b);
        if (na && nb) {
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
        if (s.isEmpty() || s.length() > 1 && s.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdatePath other && Arrays.equals(segments, other.segments);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segments);
    }

    @Override
    public String toString() {
        return text;
    }
}
