package io.tetherdb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.tetherdb.benchmarks.ComparisonHarness.Results;

/** Renders results as a plain-text table (for the console) or as markdown (for the docs). */
final class Report {

    /** A goal of issue 8 and whether this run met it. */
    record Goal(String text, String measured, Boolean met) {
    }

    private Report() {
    }

    static String label(Phase phase, Results results) {
        if (phase == Phase.STREAM_PEAK_HEAP && results.options != null) {
            return String.format(Locale.ROOT, "peak heap streaming %,d docs, -Xmx64m", results.options.streamDocs());
        }
        if (phase == Phase.OPEN_PEAK_HEAP && results.options != null && !results.options.openHeap().isEmpty()) {
            return phase.label.replace("-Xmx64m", "-Xmx" + results.options.openHeap());
        }
        if ((phase == Phase.DURABLE || phase == Phase.COMMIT_EACH_THREADS) && results.options != null) {
            return phase.label.replace("8 threads", results.options.threads() + " threads");
        }
        return phase.label;
    }

    static List<String> peers(Results results) {
        return results.systems.stream().filter(s -> !s.equals(ComparisonHarness.BASELINE)).toList();
    }

    static String format(Phase.Unit unit, Double value) {
        if (value == null) {
            return "n/a";
        }
        return switch (unit) {
            case OPS -> String.format(Locale.ROOT, "%,.0f", value);
            case MB -> String.format(Locale.ROOT, "%,.1f", value);
            case MS -> value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                    : value >= 1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.4f", value);
        };
    }

    static String ratio(Double ratio) {
        if (ratio == null) {
            return "n/a";
        }
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0fx", ratio) : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static List<String> header(Results results) {
        List<String> header = new ArrayList<>(List.of("phase", "unit"));
        header.addAll(results.systems);
        for (String peer : peers(results)) {
            header.add("T/" + shortName(peer));
        }
        return header;
    }

    static String shortName(String system) {
        return system.replace("TetherDB (no compression)", "TetherDB-nc").replace("raw MVStore", "MVStore");
    }

    private static List<List<String>> rows(Results results) {
        List<List<String>> rows = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            if (!results.values.containsKey(phase)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(label(phase, results),
                    phase.unit.label + (phase.unit.higherIsBetter ? " (higher better)" : " (lower better)")));
            for (String system : results.systems) {
                row.add(format(phase.unit, results.get(phase, system)));
            }
            for (String peer : peers(results)) {
                row.add(ratio(results.ratio(phase, peer)));
            }
            rows.add(row);
        }
        return rows;
    }

    static List<Goal> goals(Results results) {
        List<Goal> goals = new ArrayList<>();
        goals.add(atLeast("insert one by one >= 3x SQLite", results.ratio(Phase.INSERT_ONE, "SQLite"), 3));
        goals.add(atLeast("insert one by one >= 10x Nitrite", results.ratio(Phase.INSERT_ONE, "Nitrite"), 10));
        goals.add(atLeast("insert one by one >= 0.8x raw MVStore", results.ratio(Phase.INSERT_ONE, "raw MVStore"), 0.8));
        goals.add(atLeast("get >= 2x SQLite", results.ratio(Phase.GET, "SQLite"), 2));
        goals.add(atLeast("get >= 0.8x raw MVStore", results.ratio(Phase.GET, "raw MVStore"), 0.8));
        Double batch = results.get(Phase.INSERT_BATCH, ComparisonHarness.BASELINE);
        Double one = results.get(Phase.INSERT_ONE, ComparisonHarness.BASELINE);
        goals.add(atLeast("batch insert >= 3x TetherDB's one-by-one insert",
                batch == null || one == null ? null : batch / one, 3));
        goals.add(atMost("unindexed equality query <= 0.5x SQLite's time",
                results.ratio(Phase.QUERY_UNINDEXED, "SQLite"), 0.5));
        goals.add(atMost("indexed equality query >= 3x SQLite (time <= 0.33x)",
                results.ratio(Phase.QUERY_INDEXED, "SQLite"), 1 / 3.0));
        Double sweep = results.get(Phase.TTL_SWEEP, ComparisonHarness.BASELINE);
        Double delete = results.get(Phase.DELETE_BATCH_SAME, ComparisonHarness.BASELINE);
        goals.add(atMost("TTL sweep of 1% <= 2x deleting the same docs by id in one batch",
                sweep == null || delete == null ? null : sweep / delete, 2));
        goals.add(atLeast("durable writes from 8 threads >= 2x SQLite synchronous=FULL",
                results.ratio(Phase.DURABLE, "SQLite"), 2));
        goals.add(atMost("file size <= SQLite's", results.ratio(Phase.FILE_SIZE, "SQLite"), 1));
        // issue 23: at equal guarantees, every write committed (or forced to the disk) before it returns
        goals.add(atLeast("commit each write, 1 thread >= SQLite synchronous=NORMAL (issue 23)",
                results.ratio(Phase.COMMIT_EACH, "SQLite"), 1));
        goals.add(atLeast("commit each write, " + threads(results) + " threads >= SQLite synchronous=NORMAL (issue 23)",
                results.ratio(Phase.COMMIT_EACH_THREADS, "SQLite"), 1));
        goals.add(atLeast("fsync each write, 1 thread >= SQLite synchronous=FULL (issue 23)",
                results.ratio(Phase.FSYNC_EACH, "SQLite"), 1));
        Double open = results.get(Phase.OPEN_GET, ComparisonHarness.BASELINE);
        goals.add(new Goal("reopen + first get < 1 s (issue 23)",
                open == null ? "n/a" : String.format(Locale.ROOT, "%,.0f ms", open), open == null ? null : open < 1000));
        if (results.options != null && results.options.streamDocs() > 0) {
            goals.add(new Goal(String.format(Locale.ROOT, "streaming %,d documents completes under -Xmx64m",
                    results.options.streamDocs()), results.streamCompleted ? "completed" : "failed",
                    results.streamCompleted));
        }
        return goals;
    }

    private static int threads(Results results) {
        return results.options == null ? 8 : results.options.threads();
    }

    private static Goal atLeast(String text, Double value, double threshold) {
        return new Goal(text, value == null ? "n/a" : ratio(value), value == null ? null : value >= threshold);
    }

    private static Goal atMost(String text, Double value, double threshold) {
        return new Goal(text, value == null ? "n/a" : ratio(value), value == null ? null : value <= threshold);
    }

    private static String verdict(Boolean met) {
        return met == null ? "not measured" : met ? "met" : "MISSED";
    }

    /** @return the checks that must agree across systems, with a line per disagreement */
    static List<String> disagreements(Results results) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> reference = results.checks.get(ComparisonHarness.BASELINE);
        if (reference == null) {
            return problems;
        }
        for (Map.Entry<String, Map<String, Object>> system : results.checks.entrySet()) {
            for (Map.Entry<String, Object> check : system.getValue().entrySet()) {
                Object expected = reference.get(check.getKey());
                if (reference.containsKey(check.getKey()) && !sameValue(expected, check.getValue())) {
                    problems.add(system.getKey() + ": " + check.getKey() + " = " + check.getValue() + ", TetherDB has "
                            + expected);
                }
            }
        }
        for (Map.Entry<String, Map<String, Object>> system : results.checks.entrySet()) {
            if (!Objects.equals(system.getValue().get("gets missing"), 0)) {
                problems.add(system.getKey() + ": gets missing = " + system.getValue().get("gets missing"));
            }
        }
        return problems;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    static String text(Results results) {
        List<String> header = header(results);
        List<List<String>> rows = rows(results);
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.append(rule.toString().stripTrailing()).append('\n');
        for (List<String> row : rows) {
            appendRow(out, row, widths);
        }
        out.append("T/X = TetherDB (default options) divided by X: above 1 is better for ops/s, below 1 for ms and MB.\n");
        out.append(spreadText(results));
        out.append("\nGoals (issue 8):\n");
        for (Goal goal : goals(results)) {
            out.append(String.format(Locale.ROOT, "  %-8s %-70s %s%n", verdict(goal.met()), goal.text(), goal.measured()));
        }
        out.append("\nChecks (same answers on every system):\n");
        Map<String, Object> reference = results.checks.get(ComparisonHarness.BASELINE);
        if (reference != null) {
            reference.forEach((key, value) -> out.append("  ").append(key).append(": ").append(value).append('\n'));
        }
        List<String> problems = disagreements(results);
        out.append(problems.isEmpty() ? "  all systems agree\n" : "  DISAGREEMENTS:\n    " + String.join("\n    ", problems) + "\n");
        out.append("\nDurable writes:\n");
        results.durability.forEach((system, how) -> out.append("  ").append(system).append(": ").append(how).append('\n'));
        for (String note : results.notes) {
            out.append(note).append('\n');
        }
        return out.toString();
    }

    /** @return the median and min-max over the rounds of each phase and system, or nothing for one round */
    static List<List<String>> spreadRows(Results results) {
        List<List<String>> rows = new ArrayList<>();
        if (results.options == null || results.options.rounds() < 2) {
            return rows;
        }
        for (Phase phase : Phase.values()) {
            if (!results.values.containsKey(phase)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(label(phase, results), phase.unit.label));
            for (String system : results.systems) {
                Double median = results.get(phase, system);
                double[] spread = median == null ? null : results.spread(phase, system);
                row.add(median == null ? "n/a" : format(phase.unit, median) + " (" + format(phase.unit, spread[0])
                        + " - " + format(phase.unit, spread[1]) + ")");
            }
            rows.add(row);
        }
        return rows;
    }

    private static String spreadText(Results results) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : spreadRows(results)) {
            if (out.length() == 0) {
                out.append("\nMedian (min - max) over ").append(results.options.rounds()).append(" rounds:\n");
            }
            out.append(String.format(Locale.ROOT, "  %-42s %-6s %s%n", row.get(0), row.get(1),
                    String.join("   ", row.subList(2, row.size()))));
        }
        return out.toString();
    }

    private static String spreadMarkdown(Results results) {
        List<List<String>> rows = spreadRows(results);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nMedian (min - max) over " + results.options.rounds() + " rounds:\n\n| phase"
                + " | unit | " + String.join(" | ", results.systems) + " |\n|---|---|" + "---:|".repeat(results.systems.size())
                + "\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String padded = c < 2 ? String.format("%-" + widths[c] + "s", cell) : String.format("%" + widths[c] + "s", cell);
            line.append(padded).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    static String markdown(Results results) {
        StringBuilder out = new StringBuilder();
        List<String> header = header(results);
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            out.append(c < 2 ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> row : rows(results)) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        out.append(spreadMarkdown(results));
        out.append("\n| goal | measured | verdict |\n|---|---:|---|\n");
        for (Goal goal : goals(results)) {
            out.append("| ").append(goal.text()).append(" | ").append(goal.measured()).append(" | ")
                    .append(verdict(goal.met())).append(" |\n");
        }
        out.append("\nChecks (same answers on every system): ");
        List<String> problems = disagreements(results);
        out.append(problems.isEmpty() ? "all systems agree" : "DISAGREEMENTS: " + String.join("; ", problems));
        Map<String, Object> reference = results.checks.get(ComparisonHarness.BASELINE);
        if (reference != null) {
            out.append(" (");
            List<String> parts = new ArrayList<>();
            reference.forEach((key, value) -> parts.add(key + ": " + value));
            out.append(String.join("; ", parts)).append(")");
        }
        out.append(".\n\nDurable writes:\n\n");
        results.durability.forEach((system, how) -> out.append("- ").append(system).append(": ").append(how).append('\n'));
        out.append('\n');
        for (String note : results.notes) {
            out.append(note).append("\n");
        }
        return out.toString();
    }
}
