package io.tetherdb.internal.aggregate;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.WeekFields;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tetherdb.query.InvalidQueryException;

/**
 * The date expression operators: parts of a date ({@code $year $month $dayOfMonth $hour ...}),
 * {@code $dateToString}, {@code $dateFromString} and {@code $dateTrunc}, each in UTC or a given
 * time zone (an Olson name such as {@code "Europe/Berlin"} or an offset such as {@code "+05:30"}).
 * Thread-safe.
 */
final class DateExpressions {

    private static final LocalDateTime REFERENCE = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private DateExpressions() {
    }

    static Expression compile(ExpressionOperator operator, Object operand, Set<String> scope, String at) {
        switch (operator) {
            case DATE_TO_STRING: {
                Map<String, Object> spec = ExpressionCompiler.options(operand, at,
                        Set.of("date", "format", "timezone", "onNull"), Set.of("date"));
                Expression date = ExpressionCompiler.compile(spec.get("date"), scope, at);
                Expression format = optional(spec, "format", scope, at);
                Expression zone = optional(spec, "timezone", scope, at);
                Expression onNull = optional(spec, "onNull", scope, at);
                return variables -> {
                    Object value = date.evaluate(variables);
                    if (Values.isNullish(value)) {
                        return onNull == null ? null : onNull.evaluate(variables);
                    }
                    ZoneId z = zone(zone, variables, at);
                    if (z == null) {
                        return null;
                    }
                    Object f = format == null ? "%Y-%m-%dT%H:%M:%S.%LZ" : format.evaluate(variables);
                    if (Values.isNullish(f)) {
                        return null;
                    }
                    if (!(f instanceof String fs)) {
                        throw new InvalidQueryException(at + ": 'format' must be a string");
                    }
                    return format(date(value, at).atZone(z), fs, at);
                };
            }
            case DATE_FROM_STRING: {
                Map<String, Object> spec = ExpressionCompiler.options(operand, at,
                        Set.of("dateString", "format", "timezone", "onError", "onNull"), Set.of("dateString"));
                Expression text = ExpressionCompiler.compile(spec.get("dateString"), scope, at);
                Expression format = optional(spec, "format", scope, at);
                Expression zone = optional(spec, "timezone", scope, at);
                Expression onError = optional(spec, "onError", scope, at);
                Expression onNull = optional(spec, "onNull", scope, at);
                return variables -> {
                    Object value = text.evaluate(variables);
                    if (Values.isNullish(value)) {
                        return onNull == null ? null : onNull.evaluate(variables);
                    }
                    try {
                        if (!(value instanceof String s)) {
                            throw new InvalidQueryException(at + ": 'dateString' must be a string but was "
                                    + Values.typeName(value));
                        }
                        Object f = format == null ? null : format.evaluate(variables);
                        return parse(s, f instanceof String fs ? fs : null, zone(zone, variables, at), at);
                    } catch (InvalidQueryException e) {
                        if (onError != null) {
                            return onError.evaluate(variables);
                        }
                        throw e;
                    }
                };
            }
            case DATE_TRUNC: {
                Map<String, Object> spec = ExpressionCompiler.options(operand, at,
                        Set.of("date", "unit", "binSize", "timezone", "startOfWeek"), Set.of("date", "unit"));
                Expression date = ExpressionCompiler.compile(spec.get("date"), scope, at);
                Expression unit = ExpressionCompiler.compile(spec.get("unit"), scope, at);
                Expression binSize = optional(spec, "binSize", scope, at);
                Expression zone = optional(spec, "timezone", scope, at);
                Expression startOfWeek = optional(spec, "startOfWeek", scope, at);
                return variables -> {
                    Object value = date.evaluate(variables);
                    Object u = unit.evaluate(variables);
                    Object size = binSize == null ? 1L : binSize.evaluate(variables);
                    Object week = startOfWeek == null ? "sunday" : startOfWeek.evaluate(variables);
                    ZoneId z = zone(zone, variables, at);
                    if (Values.isNullish(value) || Values.isNullish(u) || Values.isNullish(size) || z == null
                            || Values.isNullish(week)) {
                        return null;
                    }
                    long bins = ArrayExpressions.integer(size, "binSize", at);
                    if (bins < 1) {
                        throw new InvalidQueryException(at + ": binSize must be positive but was " + bins);
                    }
                    return truncate(date(value, at), String.valueOf(u), bins, z, String.valueOf(week), at);
                };
            }
            default: {
                Expression date;
                Expression zone;
                if (operand instanceof Map<?, ?> map && map.containsKey("date")) {
                    Map<String, Object> spec = ExpressionCompiler.options(operand, at, Set.of("date", "timezone"),
                            Set.of("date"));
                    date = ExpressionCompiler.compile(spec.get("date"), scope, at);
                    zone = optional(spec, "timezone", scope, at);
                } else {
                    date = ExpressionCompiler.arguments(operand, scope, at, 1, 1).get(0);
                    zone = null;
                }
                return variables -> {
                    Object value = date.evaluate(variables);
                    ZoneId z = zone(zone, variables, at);
                    if (Values.isNullish(value) || z == null) {
                        return null;
                    }
                    ZonedDateTime t = date(value, at).atZone(z);
                    return switch (operator) {
                        case YEAR -> t.getYear();
                        case MONTH -> t.getMonthValue();
                        case DAY_OF_MONTH -> t.getDayOfMonth();
                        case HOUR -> t.getHour();
                        case MINUTE -> t.getMinute();
                        case SECOND -> t.getSecond();
                        case MILLISECOND -> t.getNano() / 1_000_000;
                        case DAY_OF_WEEK -> t.getDayOfWeek().getValue() % 7 + 1;
                        default -> t.getDayOfYear();
                    };
                };
            }
        }
    }

    private static Expression optional(Map<String, Object> spec, String name, Set<String> scope, String at) {
        return spec.containsKey(name) ? ExpressionCompiler.compile(spec.get(name), scope, at) : null;
    }

    private static Instant date(Object value, String at) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        throw new InvalidQueryException(at + " can't convert from BSON type " + Values.typeName(value)
                + " to Date");
    }

    /** @return the zone, UTC when none is given, or null when the expression gives null */
    private static ZoneId zone(Expression zone, Variables variables, String at) {
        if (zone == null) {
            return ZoneOffset.UTC;
        }
        Object value = zone.evaluate(variables);
        if (Values.isNullish(value)) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new InvalidQueryException(at + ": timezone must be a string but was " + Values.typeName(value));
        }
        return zone(s, at);
    }

    static ZoneId zone(String text, String at) {
        try {
            if (text.startsWith("+") || text.startsWith("-")) {
                String normalized = text.length() == 3 ? text + ":00"
                        : text.length() == 5 && !text.contains(":") ? text.substring(0, 3) + ":" + text.substring(3)
                        : text;
                return ZoneOffset.of(normalized);
            }
            if (text.equals("UTC") || text.equals("GMT") || text.equals("Z")) {
                return ZoneOffset.UTC;
            }
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidQueryException(at + ": unrecognized time zone identifier '" + text + "'");
        }
    }

    static String format(ZonedDateTime t, String format, String at) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= format.length()) {
                throw new InvalidQueryException(at + ": unmatched '%' at end of format string '" + format + "'");
            }
            char spec = format.charAt(i);
            switch (spec) {
                case 'Y' -> pad(out, t.getYear(), 4);
                case 'G' -> pad(out, t.get(IsoFields.WEEK_BASED_YEAR), 4);
                case 'm' -> pad(out, t.getMonthValue(), 2);
                case 'd' -> pad(out, t.getDayOfMonth(), 2);
                case 'H' -> pad(out, t.getHour(), 2);
                case 'M' -> pad(out, t.getMinute(), 2);
                case 'S' -> pad(out, t.getSecond(), 2);
                case 'L' -> pad(out, t.getNano() / 1_000_000, 3);
                case 'j' -> pad(out, t.getDayOfYear(), 3);
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7 + 1);
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'U' -> pad(out, t.get(WeekFields.SUNDAY_START.weekOfYear()), 2);
                case 'V' -> pad(out, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
                case 'z' -> {
                    int seconds = t.getOffset().getTotalSeconds();
                    out.append(seconds < 0 ? '-' : '+');
                    pad(out, Math.abs(seconds) / 3600, 2);
                    pad(out, Math.abs(seconds) / 60 % 60, 2);
                }
                case 'Z' -> out.append(t.getOffset().getTotalSeconds() / 60);
                case 'b' -> out.append(t.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH));
                case '%' -> out.append('%');
                default -> throw new InvalidQueryException(at + ": invalid format character '%" + spec
                        + "' in format string '" + format + "'");
            }
        }
        return out.toString();
    }

    private static void pad(StringBuilder out, int value, int width) {
        String text = Integer.toString(value);
        for (int i = text.length(); i < width; i++) {
            out.append('0');
        }
        out.append(text);
    }

    static Instant parse(String text, String format, ZoneId zone, String at) {
        ZoneId z = zone == null ? ZoneOffset.UTC : zone;
        try {
            TemporalAccessor parsed = format == null ? ISO.parse(text.trim()) : formatter(format, at).parse(text);
            LocalDate day = parsed.isSupported(ChronoField.EPOCH_DAY) ? LocalDate.from(parsed)
                    : LocalDate.of(parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : 1970,
                            parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                            parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1);
            LocalDateTime local = day.atTime(field(parsed, ChronoField.HOUR_OF_DAY),
                    field(parsed, ChronoField.MINUTE_OF_HOUR), field(parsed, ChronoField.SECOND_OF_MINUTE),
                    field(parsed, ChronoField.NANO_OF_SECOND));
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return local.toInstant(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
            }
            return local.atZone(z).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidQueryException(at + ": error parsing date string '" + text + "'"
                    + (format == null ? "" : " with format '" + format + "'"), e);
        }
    }

    private static int field(TemporalAccessor parsed, ChronoField field) {
        return parsed.isSupported(field) ? parsed.get(field) : 0;
    }

    private static DateTimeFormatter formatter(String format, String at) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                builder.appendLiteral(c);
                continue;
            }
            if (++i >= format.length()) {
                throw new InvalidQueryException(at + ": unmatched '%' at end of format string '" + format + "'");
            }
            switch (format.charAt(i)) {
                case 'Y' -> builder.appendValue(ChronoField.YEAR, 4);
                case 'm' -> builder.appendValue(ChronoField.MONTH_OF_YEAR, 2);
                case 'd' -> builder.appendValue(ChronoField.DAY_OF_MONTH, 2);
                case 'H' -> builder.appendValue(ChronoField.HOUR_OF_DAY, 2);
                case 'M' -> builder.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                case 'S' -> builder.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                case 'L' -> builder.appendFraction(ChronoField.NANO_OF_SECOND, 3, 3, false);
                case 'j' -> builder.appendValue(ChronoField.DAY_OF_YEAR, 3);
                case 'z' -> builder.appendOffset("+HHMM", "+0000");
                case '%' -> builder.appendLiteral('%');
                default -> throw new InvalidQueryException(at + ": invalid or unsupported format character '%"
                        + format.charAt(i) + "' in format string '" + format + "'");
            }
        }
        return builder.toFormatter(Locale.ROOT);
    }

    /**
     * Truncates a date to the start of its bin: bins of {@code binSize} units counted from
     * 2000-01-01 in the time zone (for weeks, from the first {@code startOfWeek} day on or after
     * it), as MongoDB's {@code $dateTrunc} does.
     */
    static Instant truncate(Instant date, String unit, long binSize, ZoneId zone, String startOfWeek, String at) {
        ZonedDateTime t = date.atZone(zone);
        ZonedDateTime reference = REFERENCE.atZone(zone);
        switch (unit) {
            case "year": {
                long years = ChronoUnit.YEARS.between(reference.toLocalDate().withDayOfYear(1),
                        t.toLocalDate().withDayOfYear(1));
                return reference.plusYears(Math.floorDiv(years, binSize) * binSize).toInstant();
            }
            case "quarter":
            case "month": {
                long months = (t.getYear() - 2000L) * 12 + t.getMonthValue() - 1;
                long perBin = unit.equals("quarter") ? 3 * binSize : binSize;
                return reference.plusMonths(Math.floorDiv(months, perBin) * perBin).toInstant();
            }
            case "week": {
                DayOfWeek first = dayOfWeek(startOfWeek, at);
                LocalDate origin = REFERENCE.toLocalDate().with(TemporalAdjusters.nextOrSame(first));
                long days = ChronoUnit.DAYS.between(origin, t.toLocalDate());
                long weeks = Math.floorDiv(days, 7 * binSize) * binSize;
                return origin.plusWeeks(weeks).atStartOfDay(zone).toInstant();
            }
            case "day": {
                long days = ChronoUnit.DAYS.between(REFERENCE.toLocalDate(), t.toLocalDate());
                return REFERENCE.toLocalDate().plusDays(Math.floorDiv(days, binSize) * binSize).atStartOfDay(zone)
                        .toInstant();
            }
            case "hour":
            case "minute":
            case "second":
            case "millisecond": {
                long unitMillis = switch (unit) {
                    case "hour" -> 3_600_000L;
                    case "minute" -> 60_000L;
                    case "second" -> 1000L;
                    default -> 1L;
                };
                // fixed-length units count elapsed time from the reference, so daylight saving shifts
                // do not move bin edges
                long origin = reference.toInstant().toEpochMilli();
                long elapsed = date.toEpochMilli() - origin;
                long bin = unitMillis * binSize;
                return Instant.ofEpochMilli(origin + Math.floorDiv(elapsed, bin) * bin);
            }
            default:
                throw new InvalidQueryException(at + ": unit must be one of year, quarter, month, week, day, hour,"
                        + " minute, second or millisecond but was '" + unit + "'");
        }
    }

    private static DayOfWeek dayOfWeek(String text, String at) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String name = day.name().toLowerCase(Locale.ROOT);
            if (name.equals(lower) || name.substring(0, 3).equals(lower)) {
                return day;
            }
        }
        throw new InvalidQueryException(at + ": startOfWeek must be a day of the week but was '" + text + "'");
    }
}
