package io.tetherdb.internal.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.document.DocumentPath;
import io.tetherdb.document.Json;
import io.tetherdb.index.IndexDefinition;
import io.tetherdb.index.IndexStatus;
import io.tetherdb.internal.index.IndexKeyEncoder;
import io.tetherdb.internal.index.KeyRange;
import io.tetherdb.query.AndNode;
import io.tetherdb.query.ElemMatchCondition;
import io.tetherdb.query.FieldCondition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.FilterNode;
import io.tetherdb.query.Operator;
import io.tetherdb.query.OrNode;
import io.tetherdb.query.Sort;
import io.tetherdb.query.ValueOrder;

/**
 * Chooses how to run a find. An index serves the top-level conditions of a filter that are
 * {@code $eq} or {@code $in} on its leading fields (each value one point) and then one range
 * ({@code $gt/$gte/$lt/$lte}, bounds on the same field merged, within the operand's type as
 * MongoDB brackets types); it also serves a sort on its fields, read in index order, which with a
 * limit saves reading the whole collection. For a multikey index only its first field is used and
 * range bounds are not merged, since different array elements may meet different bounds.
 * Everything else is left to the filter, which is re-checked on every fetched document: an index
 * only narrows which documents are read, so results never depend on the plan.
 *
 * <p>Ids are strings and the primary map is keyed by them, so a top-level {@code _id} equality or
 * {@code $in} of strings is planned as point lookups (ahead of any index), and string bounds on
 * {@code _id} as a scan of that id range (ahead of an index unless an index has an equality or
 * serves the sort too).
 *
 * <p>A top-level {@code $or} that no single index serves, each of whose branches an index does,
 * is planned as an index union: each branch's keys are scanned and the ids united. The conditions
 * inside an {@code $elemMatch} can choose and bound an index on the array's fields.
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1
 */
public final class QueryPlanner {

    /** Most point lookups a plan may expand to (the product of {@code $in} sizes). */
    static final int MAX_POINTS = 4096;

    /** The score of an id range: that of an index range, which it beats on a tie (no index to read). */
    private static final int ID_RANGE_SCORE = 5;

    private static final DocumentPath ID = DocumentPath.parse(Document.ID);

    private QueryPlanner() {
    }

    /**
     * @param filter the filter; not null
     * @param sort the requested order; not null
     * @param limited whether the find has a limit
     * @param indexes the collection's indexes; not null
     * @return the chosen plan
     */
    public static QueryPlan plan(Filter filter, Sort sort, boolean limited, List<IndexStatus> indexes) {
        List<FilterNode> conjuncts = conjuncts(filter.root());
        QueryPlan byId = idPlan(conjuncts);
        if (byId != null && byId.ids().lookups()) {
            return byId;
        }
        QueryPlan best = QueryPlan.COLLECTION_SCAN;
        int bestScore = 0;
        List<FilterNode> planning = withElemMatchFields(conjuncts);
        for (IndexStatus index : indexes) {
            Candidate candidate = candidate(index, planning, sort, limited);
            if (candidate != null && candidate.score > bestScore) {
                best = candidate.plan;
                bestScore = candidate.score;
            }
        }
        if (byId != null && bestScore <= ID_RANGE_SCORE) {
            return byId;
        }
        if (bestScore == 0 && !indexes.isEmpty()) {
            QueryPlan union = unionPlan(conjuncts, indexes);
            if (union != null) {
                return union;
            }
        }
        return best;
    }

    /**
     * @return an index union for a top-level {@code $or} every branch of which an index serves, or
     *         null
     */
    private static QueryPlan unionPlan(List<FilterNode> conjuncts, List<IndexStatus> indexes) {
        for (FilterNode node : conjuncts) {
            if (!(node instanceof OrNode or) || or.children().isEmpty()) {
                continue;
            }
            List<QueryPlan> branches = new ArrayList<>();
            for (FilterNode child : or.children()) {
                List<FilterNode> branchConjuncts = withElemMatchFields(conjuncts(child));
                QueryPlan branch = null;
                int branchScore = 0;
                for (IndexStatus index : indexes) {
                    Candidate candidate = candidate(index, branchConjuncts, Sort.unsorted(), false);
                    if (candidate != null && candidate.score > branchScore) {
                        branch = candidate.plan;
                        branchScore = candidate.score;
                    }
                }
                if (branch == null) {
                    break;
                }
                branches.add(branch);
            }
            if (branches.size() == or.children().size()) {
                return QueryPlan.union(branches);
            }
        }
        return null;
    }

    /**
     * Adds the field conditions inside each {@code $elemMatch} on their full paths ({@code items.sku}
     * for {@code {items: {$elemMatch: {sku: 'a'}}}}), so that an index on them, multikey over the
     * array, can narrow the documents read: a document with an element that satisfies the whole
     * condition has that element's keys in the index. They only choose and bound an index: the
     * {@code $elemMatch} itself stays a condition no index meets exactly, so counts never come from
     * keys alone, and the filter is re-checked on every document. Paths with array positions are
     * left out, since a position in an index path means one element, not each.
     */
    private static List<FilterNode> withElemMatchFields(List<FilterNode> conjuncts) {
        List<FilterNode> result = null;
        for (FilterNode node : conjuncts) {
            if (!(node instanceof ElemMatchCondition elemMatch) || hasPosition(elemMatch.path())) {
                continue;
            }
            for (FilterNode inner : conjuncts(elemMatch.condition())) {
                if (!(inner instanceof FieldCondition condition)) {
                    continue;
                }
                FieldCondition derived = elemMatch.isValueForm() ? condition
                        : hasPosition(condition.path()) ? null : condition.under(elemMatch.path());
                if (derived != null) {
                    if (result == null) {
                        result = new ArrayList<>(conjuncts);
                    }
                    result.add(derived);
                }
            }
        }
        return result == null ? conjuncts : result;
    }

    private static boolean hasPosition(DocumentPath path) {
        for (int i = 0; i < path.size(); i++) {
            if (path.arrayPosition(i) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return point lookups for a string {@code _id} equality or {@code $in}, else a scan of the id
     *         range that string bounds on {@code _id} allow, else null
     */
    private static QueryPlan idPlan(List<FilterNode> conjuncts) {
        String lower = null;
        boolean lowerInclusive = false;
        String upper = null;
        boolean upperInclusive = false;
        for (FilterNode node : conjuncts) {
            if (!(node instanceof FieldCondition condition) || !condition.path().equals(ID)) {
                continue;
            }
            List<String> points = stringPoints(condition);
            if (points != null) {
                return QueryPlan.byId(new IdSelection(points, null, null), "_id: " + (points.size() == 1
                        ? "[" + Json.write(points.get(0)) + ", " + Json.write(points.get(0)) + "]"
                        : "in " + Json.write(points)));
            }
            if (!(condition.operand() instanceof String value)) {
                // ids are strings: other operands match nothing, which the filter's re-check decides
                continue;
            }
            boolean inclusive = condition.operator() == Operator.GTE || condition.operator() == Operator.LTE;
            if (condition.operator() == Operator.GT || condition.operator() == Operator.GTE) {
                int c = lower == null ? 1 : ValueOrder.compareStrings(value, lower);
                if (c > 0 || c == 0 && !inclusive) {
                    lower = value;
                    lowerInclusive = inclusive;
                }
            } else if (condition.operator() == Operator.LT || condition.operator() == Operator.LTE) {
                int c = upper == null ? -1 : ValueOrder.compareStrings(value, upper);
                if (c < 0 || c == 0 && !inclusive) {
                    upper = value;
                    upperInclusive = inclusive;
                }
            }
        }
        if (lower == null && upper == null) {
            return null;
        }
        String bounds = "_id: " + (lower == null ? "[string min" : (lowerInclusive ? "[" : "(") + Json.write(lower))
                + ", " + (upper == null ? "string max]" : Json.write(upper) + (upperInclusive ? "]" : ")"));
        return QueryPlan.byId(new IdSelection(null, lower == null ? null : mapLowerBound(lower),
                upper == null ? null : mapUpperBound(upper, upperInclusive)), bounds);
    }

    /** @return the distinct ids, in the map's order, that a condition looks up, or null */
    private static List<String> stringPoints(FieldCondition condition) {
        Collection<?> operands;
        if (condition.operator() == Operator.EQ) {
            operands = Collections.singletonList(condition.operand());
        } else if (condition.operator() == Operator.IN) {
            operands = (Collection<?>) condition.operand();
        } else {
            return null;
        }
        TreeSet<String> points = new TreeSet<>();
        for (Object operand : operands) {
            if (!(operand instanceof String id)) {
                return null;
            }
            points.add(id);
        }
        return points.isEmpty() ? null : List.copyOf(points);
    }

    /*
     * The primary map orders ids by String.compareTo (UTF-16 units), queries by code point: the two
     * agree up to the first unit at or above U+D800 (a surrogate or U+E000..U+FFFF), so a bound is cut
     * there and the range widened to every id starting with the part before, never narrowed.
     */

    /** @return the first id in map order that a code-point lower bound may admit */
    static String mapLowerBound(String lower) {
        int cut = firstAmbiguousUnit(lower);
        return cut < 0 ? lower : lower.substring(0, cut);
    }

    /** @return the first id in map order past every id a code-point upper bound admits, or null */
    static String mapUpperBound(String upper, boolean inclusive) {
        int cut = firstAmbiguousUnit(upper);
        if (cut < 0) {
            return inclusive ? upper + '\0' : upper;
        }
        if (cut == 0) {
            return null;
        }
        // every unit before the cut is below U+D800, so the last one can be raised
        char[] prefix = upper.substring(0, cut).toCharArray();
        prefix[cut - 1]++;
        return new String(prefix);
    }

    private static int firstAmbiguousUnit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= Character.MIN_SURROGATE) {
                return i;
            }
        }
        return -1;
    }

    private static List<FilterNode> conjuncts(FilterNode root) {
        List<FilterNode> result = new ArrayList<>();
        List<FilterNode> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            FilterNode node = pending.remove(pending.size() - 1);
            if (node instanceof AndNode and) {
                pending.addAll(and.children());
            } else {
                result.add(node);
            }
        }
        return result;
    }

    private record Candidate(QueryPlan plan, int score) {
    }

    private static Candidate candidate(IndexStatus status, List<FilterNode> conjuncts, Sort sort, boolean limited) {
        IndexDefinition definition = status.definition();
        boolean multikey = status.multikey();
        List<IndexDefinition.Field> fields = definition.fields();
        List<byte[]> prefixes = new ArrayList<>(List.of(new byte[0]));
        List<FilterNode> used = new ArrayList<>();
        StringBuilder bounds = new StringBuilder();
        int singlePointFields = 0;
        int equalityFields = 0;
        boolean exact = !multikey;
        Range range = null;
        int rangeField = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (multikey && i > 0) {
                break;
            }
            IndexDefinition.Field field = fields.get(i);
            FieldCondition equality = null;
            List<FieldCondition> ranges = new ArrayList<>();
            for (FilterNode node : conjuncts) {
                if (node instanceof FieldCondition condition && condition.path().equals(field.path())) {
                    List<Object> points = pointOperands(condition);
                    // a sparse index has no key for a missing field, which {f: null} matches
                    if (equality == null && points != null && !(definition.isSparse() && points.contains(null))) {
                        equality = condition;
                    } else if (isRange(condition)) {
                        ranges.add(condition);
                    }
                }
            }
            if (equality != null) {
                List<Object> points = pointOperands(equality);
                if (points.isEmpty() || (long) points.size() * prefixes.size() > MAX_POINTS) {
                    break;
                }
                List<byte[]> encoded = distinctSorted(points, !field.ascending());
                List<byte[]> next = new ArrayList<>();
                for (byte[] prefix : prefixes) {
                    for (byte[] point : encoded) {
                        next.add(concat(prefix, point));
                    }
                }
                prefixes = next;
                used.add(equality);
                equalityFields++;
                if (encoded.size() == 1 && singlePointFields == i) {
                    singlePointFields++;
                }
                appendBounds(bounds, field.path(), points.size() == 1 ? "[" + Json.write(points.get(0)) + ", "
                        + Json.write(points.get(0)) + "]" : "in " + Json.write(points));
                continue;
            }
            if (!ranges.isEmpty()) {
                range = Range.of(ranges, multikey);
                used.addAll(range.conditions);
                exact &= range.lower != null;
                rangeField = i;
                appendBounds(bounds, field.path(), range.describe());
            }
            break;
        }
        // Ranges are disjoint and scanned in key order, and the leading single-point fields are fixed
        // to one value each, so the index order is the order of the fields after them.
        Boolean sortDirection = sortDirection(sort, fields, singlePointFields, multikey);
        boolean providesSort = sortDirection != null;
        if (equalityFields == 0 && range == null) {
            if (sortDirection == null || !limited || definition.isSparse()) {
                return null;
            }
            return new Candidate(new QueryPlan(definition, List.of(KeyRange.ALL), !sortDirection, true, false,
                    multikey, "sort by " + definition.keys().toJson()), 1);
        }
        List<KeyRange> keyRanges = new ArrayList<>();
        for (byte[] prefix : prefixes) {
            keyRanges.add(range == null ? KeyRange.prefix(prefix)
                    : range.keyRange(prefix, !fields.get(rangeField).ascending()));
        }
        keyRanges.sort((a, b) -> Arrays.compareUnsigned(a.start(), b.start()));
        exact &= used.size() == conjuncts.size();
        for (FilterNode node : used) {
            exact &= exactCondition((FieldCondition) node);
        }
        int score = equalityFields * 10 + (range == null ? 0 : 5) + (providesSort ? 3 : 0)
                + (definition.isUnique() && equalityFields == fields.size() && prefixes.size() == 1 ? 100 : 0);
        return new Candidate(new QueryPlan(definition, keyRanges, providesSort && !sortDirection, providesSort,
                exact, multikey, bounds.toString()), score);
    }

    /**
     * @return true to read the index forwards for the sort, false backwards, or null if the index
     *         order is not the sort order
     */
    private static Boolean sortDirection(Sort sort, List<IndexDefinition.Field> fields, int from, boolean multikey) {
        if (sort.isUnsorted() || multikey) {
            return null;
        }
        List<Sort.Key> keys = sort.keys();
        if (from + keys.size() > fields.size()) {
            return null;
        }
        Boolean forward = null;
        for (int i = 0; i < keys.size(); i++) {
            IndexDefinition.Field field = fields.get(from + i);
            Sort.Key key = keys.get(i);
            if (!field.path().equals(key.path())) {
                return null;
            }
            boolean same = field.ascending() == key.ascending();
            if (forward == null) {
                forward = same;
            } else if (forward != same) {
                return null;
            }
        }
        return forward;
    }

    private static void appendBounds(StringBuilder bounds, DocumentPath path, String text) {
        if (bounds.length() > 0) {
            bounds.append(", ");
        }
        bounds.append(path).append(": ").append(text);
    }

    /** @return the values an equality or $in looks up, or null if the condition is not indexable */
    private static List<Object> pointOperands(FieldCondition condition) {
        if (condition.operator() == Operator.EQ) {
            return indexableValue(condition.operand()) ? Collections.singletonList(condition.operand()) : null;
        }
        if (condition.operator() == Operator.IN) {
            List<Object> values = new ArrayList<>();
            for (Object value : (Collection<?>) condition.operand()) {
                if (!indexableValue(value)) {
                    return null;
                }
                values.add(value);
            }
            return values;
        }
        return null;
    }

    private static boolean indexableValue(Object value) {
        // arrays match whole-array equality, which multikey keys (the elements) cannot find
        return !(value instanceof Collection) && !(value instanceof Pattern)
                && !(value instanceof Map<?, ?> map && hasOperatorKey(map));
    }

    private static boolean hasOperatorKey(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (String.valueOf(key).startsWith("$")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRange(FieldCondition condition) {
        Operator op = condition.operator();
        if (op != Operator.GT && op != Operator.GTE && op != Operator.LT && op != Operator.LTE) {
            return false;
        }
        Object operand = condition.operand();
        int rank = ValueOrder.typeRank(operand);
        return rank == ValueOrder.NUMBER && !(operand instanceof Double d && d.isNaN())
                || rank == ValueOrder.STRING || rank == ValueOrder.DATE || rank == ValueOrder.BOOLEAN
                || rank == ValueOrder.BINARY;
    }

    private static boolean exactCondition(FieldCondition condition) {
        if (condition.operator() == Operator.EQ) {
            return !(condition.operand() instanceof Map) && !(condition.operand() instanceof Double d && d.isNaN());
        }
        if (condition.operator() == Operator.IN) {
            for (Object value : (Collection<?>) condition.operand()) {
                if (value instanceof Map || value instanceof Double d && d.isNaN()) {
                    return false;
                }
            }
            return true;
        }
        return true;
    }

    private static List<byte[]> distinctSorted(List<Object> values, boolean descending) {
        List<byte[]> encoded = new ArrayList<>();
        for (Object value : values) {
            byte[] bytes = IndexKeyEncoder.encode(value, descending);
            boolean seen = false;
            for (byte[] other : encoded) {
                seen |= Arrays.equals(other, bytes);
            }
            if (!seen) {
                encoded.add(bytes);
            }
        }
        encoded.sort(Arrays::compareUnsigned);
        return encoded;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** Merged range bounds on one field, within one type. */
    private static final class Range {
        final List<FieldCondition> conditions = new ArrayList<>();
        Object lower;
        boolean lowerInclusive;
        Object upper;
        boolean upperInclusive;
        int typeRank;

        static Range of(List<FieldCondition> candidates, boolean multikey) {
            Range range = new Range();
            range.typeRank = ValueOrder.typeRank(candidates.get(0).operand());
            for (FieldCondition condition : candidates) {
                if (ValueOrder.typeRank(condition.operand()) != range.typeRank) {
                    continue;
                }
                boolean isLower = condition.operator() == Operator.GT || condition.operator() == Operator.GTE;
                if (multikey && !range.conditions.isEmpty()) {
                    // bounds met by different elements of an array cannot be intersected
                    break;
                }
                boolean inclusive = condition.operator() == Operator.GTE || condition.operator() == Operator.LTE;
                Object value = condition.operand();
                if (isLower) {
                    int c = range.lower == null ? 1 : ValueOrder.natural().compare(value, range.lower);
                    if (c > 0 || c == 0 && !inclusive) {
                        range.lower = value;
                        range.lowerInclusive = inclusive;
                    }
                } else {
                    int c = range.upper == null ? -1 : ValueOrder.natural().compare(value, range.upper);
                    if (c < 0 || c == 0 && !inclusive) {
                        range.upper = value;
                        range.upperInclusive = inclusive;
                    }
                }
                range.conditions.add(condition);
            }
            return range;
        }

        KeyRange keyRange(byte[] prefix, boolean descending) {
            byte[] type = IndexKeyEncoder.typePrefix(typeRank);
            // NaN sorts first among numbers but is never inside a numeric range
            byte[] low = lower == null ? (typeRank == ValueOrder.NUMBER ? new byte[] {(byte) typeRank, 1} : type)
                    : IndexKeyEncoder.encode(lower);
            boolean lowInclusive = lower == null || lowerInclusive;
            byte[] high = upper == null ? type : IndexKeyEncoder.encode(upper);
            boolean highInclusive = upper == null || upperInclusive;
            if (!descending) {
                return KeyRange.between(concat(prefix, low), lowInclusive, concat(prefix, high), highInclusive);
            }
            return KeyRange.between(concat(prefix, IndexKeyEncoder.invert(high)), highInclusive,
                    concat(prefix, IndexKeyEncoder.invert(low)), lowInclusive);
        }

        String describe() {
            return (lower == null ? "[" + typeName() + " min" : (lowerInclusive ? "[" : "(") + Json.write(lower))
                    + ", " + (upper == null ? typeName() + " max]" : Json.write(upper) + (upperInclusive ? "]" : ")"));
        }

        private String typeName() {
            switch (typeRank) {
                case ValueOrder.NUMBER: return "number";
                case ValueOrder.STRING: return "string";
                case ValueOrder.DATE: return "date";
                case ValueOrder.BOOLEAN: return "bool";
                default: return "binData";
            }
        }
    }
}
