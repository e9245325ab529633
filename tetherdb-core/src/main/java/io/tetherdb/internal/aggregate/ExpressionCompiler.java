package io.tetherdb.internal.aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.tetherdb.document.Document;
import io.tetherdb.query.InvalidQueryException;

/**
 * Compiles aggregation expressions (field paths, {@code $$variables}, literals, object and array
 * expressions, and the operators of {@link ExpressionOperator}) into {@link Expression} trees,
 * checking every operand's shape up front so that a bad pipeline fails before it reads a document.
 * Stateless and thread-safe.
 */
public final class ExpressionCompiler {

    private ExpressionCompiler() {
    }

    /**
     * @param spec the expression as parsed from JSON
     * @param where where it stands, for messages, such as {@code "$group field 'total'"}
     * @return the compiled expression
     * @throws InvalidQueryException if it is not a valid expression
     */
    public static Expression compile(Object spec, String where) {
        return compile(spec, Set.of(), where);
    }

    static Expression compile(Object spec, Set<String> scope, String where) {
        if (spec instanceof String s && s.startsWith("$")) {
            return fieldPath(s, scope, where);
        }
        if (spec instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.startsWith("$")) {
                    return operator(key, map.get(key), scope, where);
                }
            }
            return object(map, scope, where);
        }
        if (spec instanceof List<?> list) {
            List<Expression> elements = new ArrayList<>();
            for (Object element : list) {
                elements.add(compile(element, scope, where));
            }
            return variables -> {
                List<Object> values = new ArrayList<>(elements.size());
                for (Expression element : elements) {
                    Object value = element.evaluate(variables);
                    values.add(value == Values.MISSING ? null : value);
                }
                return values;
            };
        }
        Object literal = spec;
        return variables -> literal;
    }

    private static Expression object(Map<?, ?> map, Set<String> scope, String where) {
        Map<String, Expression> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (name.startsWith("$")) {
                throw new InvalidQueryException("Unknown expression operator or misplaced field name '" + name
                        + "' in " + where + ": an expression object holds either one operator or field names");
            }
            if (name.contains(".")) {
                throw new InvalidQueryException("Field name '" + name + "' in " + where + " must not contain '.'");
            }
            fields.put(name, compile(entry.getValue(), scope, where + "." + name));
        }
        return variables -> {
            Document result = new Document();
            for (Map.Entry<String, Expression> field : fields.entrySet()) {
                Object value = field.getValue().evaluate(variables);
                if (value != Values.MISSING) {
                    result.put(field.getKey(), value);
                }
            }
            return result;
        };
    }

    private static Expression fieldPath(String text, Set<String> scope, String where) {
        if (text.startsWith("$$")) {
            String body = text.substring(2);
            int dot = body.indexOf('.');
            String variable = dot < 0 ? body : body.substring(0, dot);
            if (variable.isEmpty()) {
                throw new InvalidQueryException("Empty variable name '" + text + "' in " + where);
            }
            if ("REMOVE".equals(variable)) {
                return variables -> Values.MISSING;
            }
            if (!"ROOT".equals(variable) && !"CURRENT".equals(variable) && !scope.contains(variable)) {
                throw new InvalidQueryException("Use of undefined variable '" + variable + "' in " + where);
            }
            String[] segments = dot < 0 ? new String[0] : segments(body.substring(dot + 1), text, where);
            return variables -> FieldPaths.get(variables.get(variable), segments, 0);
        }
        String[] segments = segments(text.substring(1), text, where);
        return variables -> FieldPaths.get(variables.root(), segments, 0);
    }

    private static String[] segments(String path, String text, String where) {
        if (path.isEmpty()) {
            throw new InvalidQueryException("Field path '" + text + "' in " + where + " is empty");
        }
        String[] segments = path.split("\\.", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.startsWith("$")) {
                throw new InvalidQueryException("Invalid field path '" + text + "' in " + where);
            }
        }
        return segments;
    }

    private static Expression operator(String keyword, Object operand, Set<String> scope, String where) {
        ExpressionOperator operator = ExpressionOperator.forKeyword(keyword).orElseThrow(
                () -> new InvalidQueryException("Unsupported expression operator '" + keyword + "' in " + where));
        String at = keyword + " in " + where;
        switch (operator) {
            case LITERAL:
                return variables -> operand;
            case ADD:
            case MULTIPLY:
                return Arithmetic.variadic(operator, arguments(operand, scope, at, 0, Integer.MAX_VALUE), at);
            case SUBTRACT:
            case DIVIDE:
            case MOD:
            case POW: {
                List<Expression> args = arguments(operand, scope, at, 2, 2);
                return Arithmetic.binary(operator, args.get(0), args.get(1), at);
            }
            case ABS:
            case CEIL:
            case FLOOR:
            case SQRT:
            case EXP:
            case LN:
            case LOG10:
                return Arithmetic.unary(operator, arguments(operand, scope, at, 1, 1).get(0), at);
            case ROUND:
            case TRUNC: {
                List<Expression> args = arguments(operand, scope, at, 1, 2);
                return Arithmetic.round(operator == ExpressionOperator.ROUND ? RoundingMode.HALF_EVEN
                        : RoundingMode.DOWN, args.get(0), args.size() > 1 ? args.get(1) : null, at);
            }
            case EQ:
            case NE:
            case GT:
            case GTE:
            case LT:
            case LTE:
            case CMP: {
                List<Expression> args = arguments(operand, scope, at, 2, 2);
                Expression a = args.get(0);
                Expression b = args.get(1);
                return variables -> {
                    int c = Values.compare(a.evaluate(variables), b.evaluate(variables));
                    switch (operator) {
                        case EQ: return c == 0;
                        case NE: return c != 0;
                        case GT: return c > 0;
                        case GTE: return c >= 0;
                        case LT: return c < 0;
                        case LTE: return c <= 0;
                        default: return Integer.signum(c);
                    }
                };
            }
            case AND:
            case OR: {
                List<Expression> args = arguments(operand, scope, at, 0, Integer.MAX_VALUE);
                boolean and = operator == ExpressionOperator.AND;
                return variables -> {
                    for (Expression arg : args) {
                        if (Values.truthy(arg.evaluate(variables)) != and) {
                            return !and;
                        }
                    }
                    return and;
                };
            }
            case NOT: {
                Expression arg = arguments(operand, scope, at, 1, 1).get(0);
                return variables -> !Values.truthy(arg.evaluate(variables));
            }
            case COND:
                return cond(operand, scope, at);
            case IF_NULL: {
                List<Expression> args = arguments(operand, scope, at, 2, Integer.MAX_VALUE);
                return variables -> {
                    for (int i = 0; i < args.size() - 1; i++) {
                        Object value = args.get(i).evaluate(variables);
                        if (!Values.isNullish(value)) {
                            return value;
                        }
                    }
                    return args.get(args.size() - 1).evaluate(variables);
                };
            }
            case SWITCH:
                return switchExpression(operand, scope, at);
            case CONCAT:
            case SUBSTR_CP:
            case TO_LOWER:
            case TO_UPPER:
            case SPLIT:
            case STR_LEN_CP:
                return StringExpressions.compile(operator, arguments(operand, scope, at, 0, Integer.MAX_VALUE), at);
            case REGEX_MATCH:
                return regexMatch(operand, scope, at);
            case SIZE:
            case ARRAY_ELEM_AT:
            case IN:
            case SLICE:
                return ArrayExpressions.compile(operator, arguments(operand, scope, at, 0, Integer.MAX_VALUE), at);
            case FILTER:
            case MAP:
                return ArrayExpressions.iterate(operator, options(operand, at, operator == ExpressionOperator.MAP
                        ? Set.of("input", "as", "in") : Set.of("input", "as", "cond", "limit"),
                        operator == ExpressionOperator.MAP ? Set.of("input", "in") : Set.of("input", "cond")),
                        scope, at);
            case SUM:
            case AVG:
            case MIN:
            case MAX: {
                List<Expression> args = arguments(operand, scope, at, 1, Integer.MAX_VALUE);
                String accumulator = operator.keyword();
                boolean single = !(operand instanceof List);
                return variables -> {
                    Accumulator acc = AccumulatorOperator.forKeyword(accumulator).get().newAccumulator();
                    for (Expression arg : args) {
                        Object value = arg.evaluate(variables);
                        if (single && value instanceof List<?> list) {
                            for (Object element : list) {
                                acc.add(element);
                            }
                        } else {
                            acc.add(value);
                        }
                    }
                    return acc.result();
                };
            }
            case TYPE: {
                Expression arg = arguments(operand, scope, at, 1, 1).get(0);
                return variables -> Values.typeName(arg.evaluate(variables));
            }
            case CONVERT: {
                Map<String, Object> spec = options(operand, at, Set.of("input", "to", "onError", "onNull"),
                        Set.of("input", "to"));
                Expression input = compile(spec.get("input"), scope, at);
                Expression to = compile(spec.get("to"), scope, at);
                Expression onError = spec.containsKey("onError") ? compile(spec.get("onError"), scope, at) : null;
                Expression onNull = spec.containsKey("onNull") ? compile(spec.get("onNull"), scope, at) : null;
                return variables -> Conversions.convert(input.evaluate(variables), to.evaluate(variables),
                        onError == null ? null : () -> onError.evaluate(variables),
                        onNull == null ? null : () -> onNull.evaluate(variables), at);
            }
            case TO_STRING:
            case TO_INT:
            case TO_LONG:
            case TO_DOUBLE:
            case TO_DECIMAL:
            case TO_BOOL:
            case TO_DATE: {
                Expression arg = arguments(operand, scope, at, 1, 1).get(0);
                String target = switch (operator) {
                    case TO_STRING -> "string";
                    case TO_INT -> "int";
                    case TO_LONG -> "long";
                    case TO_DOUBLE -> "double";
                    case TO_DECIMAL -> "decimal";
                    case TO_BOOL -> "bool";
                    default -> "date";
                };
                return variables -> Conversions.convert(arg.evaluate(variables), target, null, null, at);
            }
            case DATE_TRUNC:
            case DATE_TO_STRING:
            case DATE_FROM_STRING:
            case YEAR:
            case MONTH:
            case DAY_OF_MONTH:
            case HOUR:
            case MINUTE:
            case SECOND:
            case MILLISECOND:
            case DAY_OF_WEEK:
            case DAY_OF_YEAR:
                return DateExpressions.compile(operator, operand, scope, at);
            case LET:
                return let(operand, scope, at);
            default:
                throw new IllegalStateException("Unhandled operator " + operator);
        }
    }

    private static Expression cond(Object operand, Set<String> scope, String at) {
        Expression test;
        Expression then;
        Expression otherwise;
        if (operand instanceof List) {
            List<Expression> args = arguments(operand, scope, at, 3, 3);
            test = args.get(0);
            then = args.get(1);
            otherwise = args.get(2);
        } else {
            Map<String, Object> spec = options(operand, at, Set.of("if", "then", "else"), Set.of("if", "then", "else"));
            test = compile(spec.get("if"), scope, at);
            then = compile(spec.get("then"), scope, at);
            otherwise = compile(spec.get("else"), scope, at);
        }
        return variables -> Values.truthy(test.evaluate(variables)) ? then.evaluate(variables)
                : otherwise.evaluate(variables);
    }

    private static Expression switchExpression(Object operand, Set<String> scope, String at) {
        Map<String, Object> spec = options(operand, at, Set.of("branches", "default"), Set.of("branches"));
        if (!(spec.get("branches") instanceof List<?> branchList)) {
            throw new InvalidQueryException(at + ": 'branches' must be an array");
        }
        List<Expression[]> branches = new ArrayList<>();
        for (Object branch : branchList) {
            Map<String, Object> b = options(branch, at + " branch", Set.of("case", "then"), Set.of("case", "then"));
            branches.add(new Expression[] {compile(b.get("case"), scope, at), compile(b.get("then"), scope, at)});
        }
        Expression fallback = spec.containsKey("default") ? compile(spec.get("default"), scope, at) : null;
        return variables -> {
            for (Expression[] branch : branches) {
                if (Values.truthy(branch[0].evaluate(variables))) {
                    return branch[1].evaluate(variables);
                }
            }
            if (fallback == null) {
                throw new InvalidQueryException(at + " could not find a matching branch for an input, and no"
                        + " default was specified");
            }
            return fallback.evaluate(variables);
        };
    }

    private static Expression regexMatch(Object operand, Set<String> scope, String at) {
        Map<String, Object> spec = options(operand, at, Set.of("input", "regex", "options"), Set.of("input", "regex"));
        Expression input = compile(spec.get("input"), scope, at);
        Expression regex = compile(spec.get("regex"), scope, at);
        Expression flags = spec.containsKey("options") ? compile(spec.get("options"), scope, at) : null;
        return variables -> {
            Object value = input.evaluate(variables);
            Object pattern = regex.evaluate(variables);
            Object options = flags == null ? null : flags.evaluate(variables);
            Pattern compiled = pattern(pattern, options, at);
            if (Values.isNullish(value)) {
                return false;
            }
            if (!(value instanceof String s)) {
                throw new InvalidQueryException(at + " needs 'input' to be of type string but was "
                        + Values.typeName(value));
            }
            return compiled != null && compiled.matcher(s).find();
        };
    }

    static Pattern pattern(Object pattern, Object options, String at) {
        if (Values.isNullish(pattern)) {
            return null;
        }
        int flags = 0;
        String text;
        if (pattern instanceof Pattern p) {
            text = p.pattern();
            flags = p.flags();
        } else if (pattern instanceof String s) {
            text = s;
        } else {
            throw new InvalidQueryException(at + " needs 'regex' to be a string or regular expression but was "
                    + Values.typeName(pattern));
        }
        if (options instanceof String o) {
            for (char c : o.toCharArray()) {
                switch (c) {
                    case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 'm' -> flags |= Pattern.MULTILINE;
                    case 's' -> flags |= Pattern.DOTALL;
                    case 'x' -> flags |= Pattern.COMMENTS;
                    default -> throw new InvalidQueryException(at + ": invalid regular expression option '" + c + "'");
                }
            }
        } else if (!Values.isNullish(options)) {
            throw new InvalidQueryException(at + " needs 'options' to be a string");
        }
        try {
            return Pattern.compile(text, flags);
        } catch (PatternSyntaxException e) {
            throw new InvalidQueryException(at + ": invalid regular expression /" + text + "/: " + e.getDescription(),
                    e);
        }
    }

    private static Expression let(Object operand, Set<String> scope, String at) {
        Map<String, Object> spec = options(operand, at, Set.of("vars", "in"), Set.of("vars", "in"));
        if (!(spec.get("vars") instanceof Map<?, ?> vars)) {
            throw new InvalidQueryException(at + ": 'vars' must be an object");
        }
        Set<String> inner = new HashSet<>(scope);
        List<String> names = new ArrayList<>();
        List<Expression> values = new ArrayList<>();
        for (Map.Entry<?, ?> entry : vars.entrySet()) {
            String name = checkVariableName(String.valueOf(entry.getKey()), at);
            names.add(name);
            values.add(compile(entry.getValue(), scope, at));
            inner.add(name);
        }
        Expression in = compile(spec.get("in"), inner, at);
        return variables -> {
            Variables bound = variables;
            for (int i = 0; i < names.size(); i++) {
                bound = bound.with(names.get(i), values.get(i).evaluate(variables));
            }
            return in.evaluate(bound);
        };
    }

    static String checkVariableName(String name, String at) {
        if (name.isEmpty() || !Character.isLowerCase(name.codePointAt(0)) && name.charAt(0) < 128
                || !name.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c) || c >= 128)) {
            throw new InvalidQueryException(at + ": invalid variable name '" + name
                    + "' (it must start with a lowercase letter and hold only letters, digits and '_')");
        }
        return name;
    }

    /** The arguments of an operator: an array of expressions, or one expression standing alone. */
    static List<Expression> arguments(Object operand, Set<String> scope, String at, int min, int max) {
        List<?> specs = operand instanceof List<?> list ? list : List.of(wrap(operand));
        if (specs.size() < min || specs.size() > max) {
            String expected = min == max ? "exactly " + min : max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max;
            throw new InvalidQueryException(at + " takes " + expected + " argument" + (max == 1 ? "" : "s")
                    + " but was given " + specs.size());
        }
        List<Expression> args = new ArrayList<>();
        for (Object spec : specs) {
            args.add(compile(spec == NULL_ARGUMENT ? null : spec, scope, at));
        }
        return args;
    }

    private static final Object NULL_ARGUMENT = new Object();

    private static Object wrap(Object operand) {
        return operand == null ? NULL_ARGUMENT : operand;
    }

    /** The named options of an operator, checking for unknown and missing ones. */
    static Map<String, Object> options(Object operand, String at, Set<String> allowed, Set<String> required) {
        if (!(operand instanceof Map<?, ?> map)) {
            throw new InvalidQueryException(at + " takes an object with " + required + " but was given "
                    + Values.typeName(operand));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!allowed.contains(name)) {
                throw new InvalidQueryException(at + ": unknown argument '" + name + "' (allowed: " + allowed + ")");
            }
            result.put(name, entry.getValue());
        }
        for (String name : required) {
            if (!result.containsKey(name)) {
                throw new InvalidQueryException(at + ": missing '" + name + "'");
            }
        }
        return result;
    }

    static Number number(Object value, String at) {
        if (value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof BigDecimal) {
            return (Number) value;
        }
        throw new InvalidQueryException(at + " only supports numeric types, not " + Values.typeName(value));
    }

    static boolean isCollection(Object value) {
        return value instanceof Collection;
    }
}
