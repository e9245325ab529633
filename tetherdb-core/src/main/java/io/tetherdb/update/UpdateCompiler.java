package io.tetherdb.update;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tetherdb.document.Document;
import io.tetherdb.query.Filter;
import io.tetherdb.query.InvalidQueryException;
import io.tetherdb.query.QueryOperator;
import io.tetherdb.query.Sort;

/**
 * Compiles an update document into checked {@link FieldUpdate}s, in the order MongoDB applies them,
 * refusing what MongoDB refuses before any document is touched. Stateless and thread-safe.
 */
final class UpdateCompiler {

    private UpdateCompiler() {
    }

    /**
     * @param update the update document, normalized; not null
     * @return the field updates, ordered by the path they write
     */
    static List<FieldUpdate> compile(Document update) {
        if (update.isEmpty()) {
            throw new InvalidUpdateException("Update must not be empty: give at least one operator, such as"
                    + " {$set: {field: value}}");
        }
        checkNotReplacement(update);
        List<FieldUpdate> updates = new ArrayList<>();
        for (Map.Entry<String, Object> entry : update.entrySet()) {
            String keyword = entry.getKey();
            UpdateOperator operator = UpdateOperator.forKeyword(keyword).orElseThrow(
                    () -> new InvalidUpdateException("Unknown update operator '" + keyword + "'; the operators are "
                            + keywords()));
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                throw new InvalidUpdateException(keyword + " takes a document of fields, such as {" + keyword
                        + ": {field: ...}}, but was given " + Values.typeName(entry.getValue()) + " "
                        + Values.show(entry.getValue()));
            }
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                String name = (String) field.getKey();
                updates.add(compile(operator, UpdatePath.parse(name, operator), field.getValue()));
            }
        }
        checkConflicts(updates);
        updates.sort((a, b) -> a.writtenPath().compareTo(b.writtenPath()));
        return updates;
    }

    /** Refuses a document of plain fields, or fields mixed with operators. */
    static void checkNotReplacement(Map<String, ?> update) {
        String operator = null;
        String field = null;
        for (String key : update.keySet()) {
            if (key.startsWith("$")) {
                operator = operator == null ? key : operator;
            } else {
                field = field == null ? key : field;
            }
        }
        if (field != null && operator != null) {
            throw new InvalidUpdateException("Update mixes operators (" + operator + ") with plain fields ('" + field
                    + "'): an update is either operators only, or, through replaceOne, a whole replacement document");
        }
        if (field != null) {
            throw new InvalidUpdateException("Update has no operators (found the plain field '" + field + "'): use"
                    + " operators such as {$set: {" + field + ": ...}}, or replaceOne to replace the whole document");
        }
    }

    private static String keywords() {
        List<String> all = new ArrayList<>();
        for (UpdateOperator operator : UpdateOperator.values()) {
            all.add(operator.keyword());
        }
        return String.join(" ", all);
    }

    private static FieldUpdate compile(UpdateOperator operator, UpdatePath path, Object operand) {
        String where = operator.keyword() + " on '" + path + "'";
        return switch (operator) {
            case SET, SET_ON_INSERT, MIN, MAX -> {
                checkStorable(operand, where);
                yield new FieldUpdate(operator, path, operand, null, null, null, null, false);
            }
            case UNSET -> new FieldUpdate(operator, path, null, null, null, null, null, false);
            case INC, MUL -> {
                if (!Arithmetic.isNumber(operand)) {
                    throw new InvalidUpdateException("Cannot " + (operator == UpdateOperator.INC ? "increment"
                            : "multiply") + " with non-numeric argument: " + where + " was given "
                            + Values.typeName(operand) + " " + Values.show(operand));
                }
                yield new FieldUpdate(operator, path, operand, null, null, null, null, false);
            }
            case RENAME -> compileRename(path, operand);
            case CURRENT_DATE -> {
                checkCurrentDate(operand, where);
                yield new FieldUpdate(operator, path, null, null, null, null, null, false);
            }
            case PUSH -> compilePush(path, operand, where);
            case ADD_TO_SET -> {
                List<Object> values;
                if (operand instanceof Map<?, ?> map && map.containsKey("$each")) {
                    if (map.size() > 1) {
                        throw new InvalidUpdateException(where + ": found unexpected fields beside $each: "
                                + Values.show(operand));
                    }
                    values = eachOf(map.get("$each"), where);
                } else {
                    checkStorable(operand, where);
                    values = List.of(operand);
                }
                yield new FieldUpdate(operator, path, null, null, values, null, null, false);
            }
            case POP -> {
                if (!(operand instanceof Number n) || !Arithmetic.isNumber(n)
                        || n.doubleValue() != 1 && n.doubleValue() != -1) {
                    throw new InvalidUpdateException("$pop expects 1 or -1 but " + where + " was given "
                            + Values.show(operand));
                }
                yield new FieldUpdate(operator, path, null, null, null, null, null, n.doubleValue() == -1);
            }
            case PULL -> new FieldUpdate(operator, path, null, null, null, null, pullCondition(operand, where), false);
            case PULL_ALL -> {
                if (!(operand instanceof List<?> list)) {
                    throw new InvalidUpdateException("$pullAll requires an array argument but " + where + " was given "
                            + Values.typeName(operand) + " " + Values.show(operand));
                }
                checkStorable(operand, where);
                yield new FieldUpdate(operator, path, null, null, new ArrayList<>(list), null, null, false);
            }
        };
    }

    private static FieldUpdate compileRename(UpdatePath source, Object operand) {
        if (!(operand instanceof String to)) {
            throw new InvalidUpdateException("The 'to' field for $rename must be a string, but '" + source + "' was given "
                    + Values.typeName(operand) + " " + Values.show(operand));
        }
        UpdatePath target = UpdatePath.parse(to, UpdateOperator.RENAME);
        if (source.isDynamic() || target.isDynamic()) {
            throw new InvalidUpdateException("$rename of '" + source + "' to '" + target
                    + "': the source and target may not be dynamic array elements ($, $[], $[ident])");
        }
        if (source.equals(target)) {
            throw new InvalidUpdateException("The source and target field for $rename must differ: '" + source + "'");
        }
        if (source.conflictWith(target) != null) {
            throw new InvalidUpdateException("The source and target field for $rename must not be on the same path: '"
                    + source + "' and '" + target + "'");
        }
        return new FieldUpdate(UpdateOperator.RENAME, source, null, target, null, null, null, false);
    }

    private static void checkCurrentDate(Object operand, String where) {
        if (operand instanceof Boolean) {
            return;
        }
        if (operand instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("$type")) {
            Object type = map.get("$type");
            if ("date".equals(type)) {
                return;
            }
            if ("timestamp".equals(type)) {
                throw new InvalidUpdateException(where + ": {$type: 'timestamp'} is not supported: TetherDB has no"
                        + " timestamp type; use true or {$type: 'date'} for a date");
            }
            throw new InvalidUpdateException(where + ": $type must be 'date' but was " + Values.show(type));
        }
        throw new InvalidUpdateException(where + " takes true or {$type: 'date'} but was given "
                + Values.show(operand));
    }

    private static FieldUpdate compilePush(UpdatePath path, Object operand, String where) {
        if (!(operand instanceof Map<?, ?> map) || !map.containsKey("$each")) {
            checkStorable(operand, where);
            return new FieldUpdate(UpdateOperator.PUSH, path, null, null, List.of(operand), null, null, false);
        }
        List<Object> values = eachOf(map.get("$each"), where);
        Integer position = null;
        Integer slice = null;
        Object sort = null;
        for (Map.Entry<?, ?> modifier : map.entrySet()) {
            String key = (String) modifier.getKey();
            Object value = modifier.getValue();
            switch (key) {
                case "$each" -> { }
                case "$position" -> position = integral(value, where + ": $position");
                case "$slice" -> slice = integral(value, where + ": $slice");
                case "$sort" -> sort = pushSort(value, where);
                default -> throw new InvalidUpdateException("Unrecognized clause in $push: " + key + " (" + where
                        + "); the clauses are $each, $position, $slice and $sort");
            }
        }
        return new FieldUpdate(UpdateOperator.PUSH, path, null, null, values,
                new FieldUpdate.PushModifiers(position, slice, sort), null, false);
    }

    private static List<Object> eachOf(Object each, String where) {
        if (!(each instanceof List<?> list)) {
            throw new InvalidUpdateException("The argument to $each in " + where + " must be an array but was "
                    + Values.typeName(each) + " " + Values.show(each));
        }
        checkStorable(list, where);
        return new ArrayList<>(list);
    }

    private static Integer integral(Object value, String where) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
            return d.intValue();
        }
        if (value instanceof BigDecimal d && d.signum() == 0) {
            return 0;
        }
        if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0
                && d.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return d.intValue();
        }
        throw new InvalidUpdateException(where + " must be a whole number but was " + Values.typeName(value) + " "
                + Values.show(value));
    }

    private static Object pushSort(Object value, String where) {
        if (value instanceof Number n && Arithmetic.isNumber(n)) {
            if (n.doubleValue() == 1 || n.doubleValue() == -1) {
                return n.intValue();
            }
        } else if (value instanceof Map<?, ?> spec && !spec.isEmpty()) {
            for (Map.Entry<?, ?> key : spec.entrySet()) {
                String field = (String) key.getKey();
                if (field.startsWith("$") || !(key.getValue() instanceof Number n) || !Arithmetic.isNumber(n)
                        || n.doubleValue() != 1 && n.doubleValue() != -1) {
                    throw new InvalidUpdateException(where + ": $sort takes 1, -1 or a document of fields with 1 or -1,"
                            + " but was given " + Values.show(value));
                }
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, ?> fields = (Map<String, ?>) spec;
                return Sort.of(fields);
            } catch (InvalidQueryException e) {
                throw new InvalidUpdateException(where + ": invalid $sort: " + e.getMessage(), e);
            }
        }
        throw new InvalidUpdateException(where + ": $sort takes 1, -1 or a document of fields with 1 or -1, but was"
                + " given " + Values.show(value));
    }

    private static FieldUpdate.PullCondition pullCondition(Object operand, String where) {
        try {
            if (operand instanceof Pattern) {
                return new FieldUpdate.PullCondition(null, Filter.of(new Document(FieldUpdate.PullCondition.FIELD,
                        operand)), true);
            }
            if (operand instanceof Map<?, ?> map && !map.isEmpty()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> condition = (Map<String, Object>) map;
                if (isValueCondition(condition)) {
                    return new FieldUpdate.PullCondition(null, Filter.of(new Document(FieldUpdate.PullCondition.FIELD,
                            condition)), true);
                }
                return new FieldUpdate.PullCondition(null, Filter.of(condition), false);
            }
        } catch (InvalidQueryException e) {
            throw new InvalidUpdateException(where + ": invalid condition: " + e.getMessage(), e);
        }
        checkStorable(operand, where);
        return new FieldUpdate.PullCondition(operand, null, false);
    }

    /** @return whether a {@code $pull} condition applies to the element itself, as {@code {$gte: 6}} does */
    private static boolean isValueCondition(Map<String, ?> condition) {
        for (String key : condition.keySet()) {
            if (QueryOperator.forKeyword(key).map(o -> o.allowedIn(QueryOperator.Place.FIELD)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** Refuses values no document can hold (patterns) so that the update fails before any write. */
    private static void checkStorable(Object value, String where) {
        if (value instanceof Pattern) {
            throw new InvalidUpdateException(where + ": a regular expression cannot be stored in a document");
        }
        if (value instanceof Map<?, ?> map) {
            for (Object element : map.values()) {
                checkStorable(element, where);
            }
        } else if (value instanceof Collection<?> list) {
            for (Object element : list) {
                checkStorable(element, where);
            }
        }
    }

    private static void checkConflicts(List<FieldUpdate> updates) {
        List<UpdatePath> paths = new ArrayList<>(updates.size() + 4);
        for (FieldUpdate update : updates) {
            paths.add(update.path());
            if (update.target() != null) {
                paths.add(update.target());
            }
        }
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                UpdatePath shorter = paths.get(i).conflictWith(paths.get(j));
                if (shorter != null) {
                    UpdatePath longer = shorter == paths.get(i) ? paths.get(j) : paths.get(i);
                    throw new InvalidUpdateException("Updating the path '" + longer + "' would create a conflict at '"
                            + shorter + "'");
                }
            }
        }
    }
}
