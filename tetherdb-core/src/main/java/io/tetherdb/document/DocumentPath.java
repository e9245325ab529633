package io.tetherdb.document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.tetherdb.error.TetherException;

/**
 * A dotted path to a field inside a document, such as {@code "a.b.0"}, parsed once into its
 * segments. A segment made only of ASCII digits, without a leading zero, may address an array
 * position ({@code tags.0}) as well as a field of that name. The {@linkplain #root() root path} has no segments and names a
 * value itself; it cannot be parsed from text.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class DocumentPath {

    /** Most segments a path may have: as many as the deepest nesting a JSON document may have. */
    public static final int MAX_SEGMENTS = Json.MAX_NESTING_DEPTH;

    private static final DocumentPath ROOT = new DocumentPath(new String[0], new int[0], "");

    private final String[] segments;
    private final int[] positions;
    private final String text;

    private DocumentPath(String[] segments, int[] positions, String text) {
        this.segments = segments;
        this.positions = positions;
        this.text = text;
    }

    /**
     * Parses a dotted path.
     *
     * @param path the path, such as {@code "items.0.qty"}; not null
     * @return the parsed path
     * @throws InvalidPathException if the path is empty, has an empty segment (as in
     *         {@code "a..b"}, {@code ".a"} or {@code "a."}) or has more than {@link #MAX_SEGMENTS}
     *         segments
     */
    public static DocumentPath parse(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new InvalidPathException("Field path must not be empty");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (true) {
            int dot = path.indexOf('.', start);
            int end = dot < 0 ? path.length() : dot;
            if (end == start) {
                throw new InvalidPathException("Field path '" + path + "' has an empty segment at offset " + start);
            }
            parts.add(path.substring(start, end));
            if (parts.size() > MAX_SEGMENTS) {
                throw new InvalidPathException("Field path has more than " + MAX_SEGMENTS + " segments");
            }
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return create(parts.toArray(new String[0]), path);
    }

    /**
     * Creates a path from segments that are taken literally (a segment may not contain a dot).
     *
     * @param segments the segments, at least one; not null, no element null or empty
     * @return the path
     * @throws InvalidPathException if there is no segment, or a segment is empty or contains a dot
     */
    public static DocumentPath of(String... segments) {
        Objects.requireNonNull(segments, "segments");
        if (segments.length == 0) {
            throw new InvalidPathException("Field path must have at least one segment");
        }
        if (segments.length > MAX_SEGMENTS) {
            throw new InvalidPathException("Field path has more than " + MAX_SEGMENTS + " segments");
        }
        for (String segment : segments) {
            if (segment == null || segment.isEmpty() || segment.indexOf('.') >= 0) {
                throw new InvalidPathException("Invalid field path segment '" + segment + "'");
            }
        }
        return create(segments.clone(), String.join(".", segments));
    }

    /** @return the path with no segments, which names the value it is applied to */
    public static DocumentPath root() {
        return ROOT;
    }

    private static DocumentPath create(String[] segments, String text) {
        int[] positions = new int[segments.length];
        for (int i = 0; i < segments.length; i++) {
            positions[i] = arrayPosition(segments[i]);
        }
        return new DocumentPath(segments, positions, text);
    }

    private static int arrayPosition(String segment) {
        // Nine digits always fit an int; longer numbers cannot address an element of any real list.
        // As in MongoDB, only the canonical form names a position: "01" and "00" are field names.
        if (segment.length() > 9 || (segment.length() > 1 && segment.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** @return the number of segments; 0 only for the root path */
    public int size() {
        return segments.length;
    }

    /** @return whether this is the root path, which has no segments */
    public boolean isRoot() {
        return segments.length == 0;
    }

    /**
     * @param index 0-based segment index
     * @return the segment at that index
     * @throws IndexOutOfBoundsException if there is no such segment
     */
    public String segment(int index) {
        return segments[index];
    }

    /** @return the segments, as an unmodifiable list */
    public List<String> segments() {
        return Collections.unmodifiableList(Arrays.asList(segments));
    }

    /**
     * @return the first segment, which names a top-level field of a document
     * @throws IllegalStateException for the root path
     */
    public String head() {
        if (segments.length == 0) {
            throw new IllegalStateException("The root path has no segments");
        }
        return segments[0];
    }

    /**
     * @param index 0-based segment index
     * @return the array position the segment denotes when it is made of digits only (at most nine,
     *         with no leading zero unless it is {@code 0} itself), otherwise -1
     */
    public int arrayPosition(int index) {
        return positions[index];
    }

    /**
     * @param segment the segment to append, taken literally; not null, not empty, without a dot
     * @return a new path with the segment appended
     */
    public DocumentPath child(String segment) {
        if (segment == null || segment.isEmpty() || segment.indexOf('.') >= 0) {
            throw new InvalidPathException("Invalid field path segment '" + segment + "'");
        }
        String[] longer = Arrays.copyOf(segments, segments.length + 1);
        longer[segments.length] = segment;
        return of(longer);
    }

    /**
     * @param other another path; not null
     * @return whether the segments of {@code other} are a prefix of (or equal to) this path's
     */
    public boolean startsWith(DocumentPath other) {
        if (other.segments.length > segments.length) {
            return false;
        }
        for (int i = 0; i < other.segments.length; i++) {
            if (!segments[i].equals(other.segments[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof DocumentPath other && Arrays.equals(segments, other.segments));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(segments);
    }

    /** @return the dotted form of this path; empty for the root path */
    @Override
    public String toString() {
        return text;
    }

    /**
     * Thrown when text is not a valid field path.
     *
     * @since 0.1
     */
    public static final class InvalidPathException extends TetherException {

        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong with the path; never null
         */
        public InvalidPathException(String message) {
            super(message);
        }
    }
}
