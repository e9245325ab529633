package io.tetherdb.update;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.tetherdb.document.Document;
import io.tetherdb.query.AndNode;
import io.tetherdb.query.ElemMatchCondition;
import io.tetherdb.query.FieldCondition;
import io.tetherdb.query.Filter;
import io.tetherdb.query.FilterNode;
import io.tetherdb.query.Sort;
import io.tetherdb.query.ValueOrder;

/**
 * Applies compiled field updates to one working copy of a document, in order, and tells whether
 * anything changed. One instance per document; not thread-safe.
 */
final class UpdateApplier {

    /** Stands for a field or element that is not there (null is a value). */
    private static final Object MISSING = new Object();

    private final Document target;
    private final Filter query;
    private final Map<String, Filter> arrayFilters;
    private final Instant now;
    private final boolean insert;
    private boolean changed;

    /**
     * @param target the working copy, changed in place
     * @param query the filter that matched the document, for the positional {@code $}; may be null
     * @param arrayFilters the array filters by identifier
     * @param now the time {@code $currentDate} sets
     * @param insert whether an upsert is inserting the document ({@code $setOnInsert} applies)
     */
    UpdateApplier(Document target, Filter query, Map<String, Filter> arrayFilters, Instant now, boolean insert) {
        this.target = target;
        this.query = query;
        this.arrayFilters = arrayFilters;
        this.now = now;
        this.insert = insert;
    }

    /** @return whether the updates changed the document */
    boolean apply(List<FieldUpdate> updates) {
        Object id = target.containsKey(Document.ID) ? target.get(Document.ID) : MISSING;
        for (FieldUpdate update : updates) {
            if (update.operator() == UpdateOperator.SET_ON_INSERT && !insert) {
                continue;
            }
            if (update.operator() == UpdateOperator.RENAME) {
                rename(update);
                continue;
            }
            if (!update.path().isDynamic()) {
                applyAt(update, segments(update.path()));
            } else {
                List<String[]> concrete = new ArrayList<>();
                expand(target, update.path(), 0, new String[update.path().size()], concrete);
                for (String[] path : concrete) {
                    applyAt(update, path);
                }
            }
        }
        Object after = target.containsKey(Document.ID) ? target.get(Document.ID) : MISSING;
        if (id != MISSING && !Values.same(id, after)) {
            throw new InvalidUpdateException("Performing an update on the path '_id' would modify the immutable field"
                    + " '_id' (from " + Values.show(id) + " to " + (after == MISSING ? "nothing" : Values.show(after))
                    + ")");
        }
        return changed;
    }

    private static String[] segments(UpdatePath path) {
        String[] segments = new String[path.size()];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = path.segment(i);
        }
        return segments;
    }

    // ---- positional paths

    private void expand(Object node, UpdatePath path, int i, String[] concrete, List<String[]> out) {
        if (i == path.size()) {
            out.add(concrete.clone());
            return;
        }
        UpdatePath.Kind kind = path.kind(i);
        if (kind == UpdatePath.Kind.FIELD) {
            concrete[i] = path.segment(i);
            expand(lookup(node, path.segment(i)), path, i + 1, concrete, out);
            return;
        }
        String prefix = String.join(".", java.util.Arrays.copyOf(concrete, i));
        if (node == MISSING) {
            throw new InvalidUpdateException("The path '" + prefix + "' must exist in the document in order to apply"
                    + " array updates (" + path + ")");
        }
        if (!(node instanceof List<?> array)) {
            throw new InvalidUpdateException("Cannot apply array updates to non-array element " + prefix + ": "
                    + Values.show(node) + " (" + path + ")");
        }
        switch (kind) {
            case POSITIONAL -> {
                int position = matchedPosition(java.util.Arrays.copyOf(concrete, i), array);
                if (position < 0) {
                    throw new InvalidUpdateException("The positional operator did not find the match needed from the"
                            + " query (path '" + path + "')");
                }
                concrete[i] = Integer.toString(position);
                expand(array.get(position), path, i + 1, concrete, out);
            }
            case ALL -> {
                for (int j = 0; j < array.size(); j++) {
                    concrete[i] = Integer.toString(j);
                    expand(array.get(j), path, i + 1, concrete, out);
                }
            }
            case FILTERED -> {
                String identifier = path.identifier(i);
                Filter filter = arrayFilters.get(identifier);
                if (filter == null) {
                    throw new InvalidUpdateException("No array filter found for identifier '" + identifier
                            + "' in path '" + path + "'");
                }
                for (int j = 0; j < array.size(); j++) {
                    if (filter.matches(new Document(identifier, array.get(j)))) {
                        concrete[i] = Integer.toString(j);
                        expand(array.get(j), path, i + 1, concrete, out);
                    }
                }
            }
            case FIELD -> throw new AssertionError(kind);
        }
    }

    /**
     * Finds the element of the array at {@code prefix} that the query matched, as MongoDB's
     * positional {@code $} does: the first element that satisfies every top-level condition of the
     * query on that array.
     */
    private int matchedPosition(String[] prefix, List<?> array) {
        if (query == null || insert) {
            return -1;
        }
        List<FilterNode> conditions = new ArrayList<>();
        collectConditions(query.root(), prefix, conditions);
        if (conditions.isEmpty()) {
            return -1;
        }
        for (int j = 0; j < array.size(); j++) {
            Document probe = probe(prefix, array.get(j));
            boolean all = true;
            for (FilterNode condition : conditions) {
                if (!condition.matches(probe)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return j;
            }
        }
        return -1;
    }

    private static void collectConditions(FilterNode node, String[] prefix, List<FilterNode> out) {
        if (node instanceof AndNode and) {
            for (FilterNode child : and.children()) {
                collectConditions(child, prefix, out);
            }
        } else if (node instanceof FieldCondition condition && startsWith(condition.path().segments(), prefix)) {
            out.add(node);
        } else if (node instanceof ElemMatchCondition elemMatch && startsWith(elemMatch.path().segments(), prefix)) {
            out.add(node);
        }
    }

    private static boolean startsWith(List<String> path, String[] prefix) {
        if (path.size() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!path.get(i).equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return a document holding just one element of the array at the prefix */
    private static Document probe(String[] prefix, Object element) {
        List<Object> single = new ArrayList<>(1);
        single.add(element);
        Object value = single;
        for (int i = prefix.length - 1; i > 0; i--) {
            value = new Document(prefix[i], value);
        }
        return new Document(prefix[0], value);
    }

    // ---- applying at a concrete path

    private static Object lookup(Object node, String segment) {
        if (node instanceof Map<?, ?> map) {
            Object value = map.get(segment);
            return value != null || map.containsKey(segment) ? value : MISSING;
        }
        if (node instanceof List<?> list) {
            int index = arrayIndex(segment);
            return index >= 0 && index < list.size() ? list.get(index) : MISSING;
        }
        return MISSING;
    }

    private static int arrayIndex(String segment) {
        if (segment.isEmpty() || segment.length() > 9 || segment.length() > 1 && segment.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(segment);
    }

    @SuppressWarnings("unchecked")
    private void applyAt(FieldUpdate update, String[] path) {
        boolean creates = update.operator().createsPath();
        Object parent = target;
        for (int i = 0; i < path.length - 1; i++) {
            Object child = lookup(parent, path[i]);
            if (child instanceof Map || child instanceof List) {
                parent = child;
                continue;
            }
            if (!creates) {
                return;
            }
            if (child != MISSING) {
                throw notViable(update, path, i + 1, path[i], child);
            }
            Document created = new Document();
            if (parent instanceof List<?> list) {
                int index = arrayIndex(path[i]);
                if (index < 0) {
                    throw notViable(update, path, i, i == 0 ? path[0] : path[i - 1], list);
                }
                put((List<Object>) list, index, created);
            } else {
                ((Document) parent).put(path[i], created);
            }
            changed = true;
            parent = created;
        }
        String last = path[path.length - 1];
        if (parent instanceof List<?> list && arrayIndex(last) < 0) {
            if (!creates) {
                return;
            }
            throw notViable(update, path, path.length - 1, path.length >= 2 ? path[path.length - 2] : last, list);
        }
        Object current = lookup(parent, last);
        Object result = compute(update, current, String.join(".", path));
        if (result == MISSING) {
            return;
        }
        if (result == Removal.REMOVE) {
            if (parent instanceof List<?> list) {
                if (current != null) {
                    ((List<Object>) list).set(arrayIndex(last), null);
                    changed = true;
                }
            } else {
                ((Document) parent).remove(last);
                changed = true;
            }
            return;
        }
        if (parent instanceof List<?> list) {
            put((List<Object>) list, arrayIndex(last), result);
        } else {
            ((Document) parent).put(last, result);
        }
        changed = true;
    }

    /** Marks a field to remove. */
    private enum Removal { REMOVE }

    private static void put(List<Object> list, int index, Object value) {
        while (list.size() < index) {
            list.add(null);
        }
        if (index < list.size()) {
            list.set(index, value);
        } else {
            list.add(value);
        }
    }

    private InvalidUpdateException notViable(FieldUpdate update, String[] path, int at, String holder, Object value) {
        return new InvalidUpdateException(update.operator().keyword() + " on '" + String.join(".", path)
                + "': cannot create field '" + path[at] + "' in element {" + holder + ": " + Values.show(value) + "}");
    }

    /**
     * @return the new value, {@link #MISSING} to leave the field as it is, or {@link Removal#REMOVE}
     */
    private Object compute(FieldUpdate update, Object current, String path) {
        return switch (update.operator()) {
            case SET, SET_ON_INSERT -> Values.same(current, update.value()) ? MISSING : Values.copy(update.value());
            case UNSET -> current == MISSING ? MISSING : Removal.REMOVE;
            case INC, MUL -> arithmetic(update, current, path);
            case MIN, MAX -> {
                if (current == MISSING) {
                    yield Values.copy(update.value());
                }
                int c = ValueOrder.natural().compare(update.value(), current);
                boolean replace = update.operator() == UpdateOperator.MIN ? c < 0 : c > 0;
                yield replace ? Values.copy(update.value()) : MISSING;
            }
            case CURRENT_DATE -> Values.same(current, now) ? MISSING : now;
            case PUSH -> push(update, array(update, current, path), current);
            case ADD_TO_SET -> {
                List<Object> array = array(update, current, path);
                boolean added = false;
                for (Object value : update.values()) {
                    if (!contains(array, value)) {
                        array.add(Values.copy(value));
                        added = true;
                    }
                }
                yield added || current == MISSING ? array : MISSING;
            }
            case POP -> {
                if (current == MISSING) {
                    yield MISSING;
                }
                List<Object> array = existingArray(update, current, path);
                if (array.isEmpty()) {
                    yield MISSING;
                }
                array.remove(update.popFirst() ? 0 : array.size() - 1);
                yield array;
            }
            case PULL, PULL_ALL -> {
                if (current == MISSING) {
                    yield MISSING;
                }
                List<Object> array = existingArray(update, current, path);
                int before = array.size();
                if (update.operator() == UpdateOperator.PULL) {
                    array.removeIf(element -> update.pull().removes(element));
                } else {
                    array.removeIf(element -> contains(update.values(), element));
                }
                yield array.size() == before ? MISSING : array;
            }
            case RENAME -> throw new AssertionError("$rename is applied by rename()");
        };
    }

    private static boolean contains(List<Object> array, Object value) {
        for (Object element : array) {
            if (ValueOrder.equivalent(element, value)) {
                return true;
            }
        }
        return false;
    }

    private Object arithmetic(FieldUpdate update, Object current, String path) {
        Number operand = (Number) update.value();
        boolean inc = update.operator() == UpdateOperator.INC;
        if (current == MISSING) {
            return inc ? operand : Arithmetic.zeroLike(operand);
        }
        if (!Arithmetic.isNumber(current)) {
            throw new InvalidUpdateException("Cannot apply " + update.operator().keyword() + " to a value of"
                    + " non-numeric type: " + describeDocument() + " has the field '" + path + "' of non-numeric type "
                    + Values.typeName(current));
        }
        Number result;
        try {
            result = inc ? Arithmetic.add((Number) current, operand) : Arithmetic.multiply((Number) current, operand);
        } catch (Arithmetic.OverflowException e) {
            throw new InvalidUpdateException("Failed to apply " + update.operator().keyword() + " to the current value "
                    + Values.show(current) + " of '" + path + "' in " + describeDocument() + ": " + e.getMessage());
        }
        return Values.same(current, result) ? MISSING : result;
    }

    /** @return a copy of the array to change, or a new one when the field is missing */
    @SuppressWarnings("unchecked")
    private List<Object> array(FieldUpdate update, Object current, String path) {
        if (current == MISSING) {
            return new ArrayList<>();
        }
        return existingArray(update, current, path);
    }

    @SuppressWarnings("unchecked")
    private List<Object> existingArray(FieldUpdate update, Object current, String path) {
        if (!(current instanceof List<?> list)) {
            throw new InvalidUpdateException(update.operator().keyword() + ": the field '" + path
                    + "' must be an array but is of type " + Values.typeName(current) + " in " + describeDocument());
        }
        return new ArrayList<>((List<Object>) list);
    }

    private Object push(FieldUpdate update, List<Object> array, Object current) {
        FieldUpdate.PushModifiers modifiers = update.push();
        List<Object> values = new ArrayList<>(update.values().size());
        for (Object value : update.values()) {
            values.add(Values.copy(value));
        }
        if (modifiers == null || modifiers.position() == null) {
            array.addAll(values);
        } else {
            int position = modifiers.position();
            int at = position >= 0 ? Math.min(position, array.size()) : Math.max(0, array.size() + position);
            array.addAll(at, values);
        }
        if (modifiers != null && modifiers.sort() != null) {
            array.sort(elementOrder(modifiers.sort()));
        }
        if (modifiers != null && modifiers.slice() != null) {
            int slice = modifiers.slice();
            List<Object> kept = slice >= 0 ? array.subList(0, Math.min(slice, array.size()))
                    : array.subList(Math.max(0, array.size() + slice), array.size());
            array = new ArrayList<>(kept);
        }
        return current != MISSING && Values.same(current, array) ? MISSING : array;
    }

    @SuppressWarnings("unchecked")
    private static Comparator<Object> elementOrder(Object sort) {
        if (sort instanceof Sort byFields) {
            Document empty = new Document();
            return (a, b) -> byFields.compare(a instanceof Map<?, ?> x ? (Map<String, ?>) x : empty,
                    b instanceof Map<?, ?> y ? (Map<String, ?>) y : empty);
        }
        Comparator<Object> natural = ValueOrder.natural();
        return ((Integer) sort) > 0 ? natural : natural.reversed();
    }

    private void rename(FieldUpdate update) {
        UpdatePath source = update.path();
        Object parent = target;
        for (int i = 0; i < source.size() - 1; i++) {
            Object child = lookup(parent, source.segment(i));
            if (child instanceof List) {
                throw new InvalidUpdateException("$rename: the source field cannot be an array element: '" + source
                        + "' passes through the array '" + source.segment(i) + "'");
            }
            if (!(child instanceof Map)) {
                return;
            }
            parent = child;
        }
        String last = source.segment(source.size() - 1);
        Object value = lookup(parent, last);
        if (value == MISSING) {
            return;
        }
        // the destination is checked before the source is removed, so a failure leaves both as they were
        UpdatePath destination = update.target();
        Object node = target;
        for (int i = 0; i < destination.size() - 1 && node instanceof Map; i++) {
            node = lookup(node, destination.segment(i));
            if (node instanceof List) {
                throw new InvalidUpdateException("$rename: the destination field cannot be an array element: '"
                        + destination + "' passes through the array '" + destination.segment(i) + "'");
            }
        }
        ((Map<?, ?>) parent).remove(last);
        changed = true;
        applyAt(new FieldUpdate(UpdateOperator.SET, destination, value, null, null, null, null, false),
                segments(destination));
    }

    private String describeDocument() {
        Object id = target.get(Document.ID);
        return id == null ? "the document" : "the document {_id: " + Values.show(id) + "}";
    }
}
