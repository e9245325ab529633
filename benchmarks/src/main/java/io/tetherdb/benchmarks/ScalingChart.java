package io.tetherdb.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Draws how each phase scales with the number of documents: one small log-log panel per phase,
 * N on the x axis, the phase's throughput, time or size on the y axis, one line per system, with
 * the min-max over rounds as a bar at each point. Plain SVG text, no library. Stateless.
 */
final class ScalingChart {

    private static final String[][] COLORS = {{"TetherDB", "#1f77b4"}, {"SQLite", "#ff7f0e"},
        {"raw MVStore", "#2ca02c"}, {"Nitrite", "#d62728"}, {"TetherDB (no compression)", "#9467bd"}};
    private static final int PANEL_WIDTH = 300;
    private static final int PANEL_HEIGHT = 190;
    private static final int COLUMNS = 3;
    private static final int LEFT = 58;
    private static final int TOP = 28;
    private static final int PLOT_WIDTH = PANEL_WIDTH - LEFT - 14;
    private static final int PLOT_HEIGHT = PANEL_HEIGHT - TOP - 36;

    private ScalingChart() {
    }

    static String render(List<ScalingResults.Row> rows) {
        List<Phase> phases = new ArrayList<>();
        List<String> systems = new ArrayList<>();
        TreeSet<Integer> sizes = new TreeSet<>();
        for (Phase phase : Phase.values()) {
            if (rows.stream().anyMatch(row -> row.phase() == phase && row.median() > 0)) {
                phases.add(phase);
            }
        }
        for (String[] color : COLORS) {
            if (rows.stream().anyMatch(row -> row.system().equals(color[0]))) {
                systems.add(color[0]);
            }
        }
        rows.forEach(row -> sizes.add(row.n()));
        int panelRows = (phases.size() + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * PANEL_WIDTH + 20;
        int height = 70 + panelRows * PANEL_HEIGHT + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">How each phase scales with N"
                + " (log-log; median, bar = min-max over rounds)</text>\n");
        int legendX = 10;
        for (String system : systems) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"34\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"40\">%s</text>%n", legendX, color(system), legendX + 18, escape(system)));
            legendX += 30 + system.length() * 7;
        }
        for (int i = 0; i < phases.size(); i++) {
            panel(svg, phases.get(i), rows, systems, sizes, 10 + (i % COLUMNS) * PANEL_WIDTH,
                    55 + (i / COLUMNS) * PANEL_HEIGHT);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, Phase phase, List<ScalingResults.Row> rows, List<String> systems,
            TreeSet<Integer> sizes, int x0, int y0) {
        List<ScalingResults.Row> mine = rows.stream().filter(row -> row.phase() == phase && row.median() > 0).toList();
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (ScalingResults.Row row : mine) {
            lo = Math.min(lo, Math.max(row.min(), row.median() / 1e3));
            hi = Math.max(hi, row.max());
        }
        int minExp = (int) Math.floor(Math.log10(lo));
        int maxExp = Math.max(minExp + 1, (int) Math.ceil(Math.log10(hi)));
        double minN = Math.log10(sizes.first());
        double maxN = Math.max(minN + 1, Math.log10(sizes.last()));
        int px = x0 + LEFT;
        int py = y0 + TOP;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0, y0 + 12,
                escape(phase.label)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s, %s better</text>%n", x0,
                y0 + 24, phase.unit.label, phase.unit.higherIsBetter ? "higher" : "lower"));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999\"/>%n", px, py, PLOT_WIDTH, PLOT_HEIGHT));
        for (int e = minExp; e <= maxExp; e++) {
            double y = py + PLOT_HEIGHT - (e - minExp) / (double) (maxExp - minExp) * PLOT_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%s</text>%n", px, y,
                    px + PLOT_WIDTH, y, px - 4, y + 4, power(e)));
        }
        for (int n : sizes) {
            double x = px + (Math.log10(n) - minN) / (maxN - minN) * PLOT_WIDTH;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s"
                    + "</text>%n", x, py + PLOT_HEIGHT + 14, size(n)));
        }
        for (String system : systems) {
            StringBuilder points = new StringBuilder();
            for (int n : sizes) {
                for (ScalingResults.Row row : mine) {
                    if (row.n() != n || !row.system().equals(system)) {
                        continue;
                    }
                    double x = px + (Math.log10(n) - minN) / (maxN - minN) * PLOT_WIDTH;
                    double y = yOf(row.median(), minExp, maxExp, py);
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                            + " stroke=\"%s\" stroke-width=\"3\" opacity=\"0.4\"/>%n", x,
                            yOf(row.min(), minExp, maxExp, py), x, yOf(row.max(), minExp, maxExp, py), color(system)));
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                            x, y, color(system)));
                }
            }
            if (points.length() > 0) {
                svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\""
                        + " stroke-width=\"1.5\"/>%n", points.toString().trim(), color(system)));
            }
        }
    }

    private static double yOf(double value, int minExp, int maxExp, int py) {
        double clamped = Math.max(Math.pow(10, minExp), value);
        return py + PLOT_HEIGHT - (Math.log10(clamped) - minExp) / (maxExp - minExp) * PLOT_HEIGHT;
    }

    private static String color(String system) {
        for (String[] color : COLORS) {
            if (color[0].equals(system)) {
                return color[1];
            }
        }
        return "#333";
    }

    static String size(int n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? n / 1_000_000 + "M"
                : n >= 1_000 && n % 1_000 == 0 ? n / 1_000 + "k" : Integer.toString(n);
    }

    private static String power(int exponent) {
        return exponent >= 0 && exponent <= 6 ? String.format(Locale.ROOT, "%,d", (long) Math.pow(10, exponent))
                : "1e" + exponent;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
