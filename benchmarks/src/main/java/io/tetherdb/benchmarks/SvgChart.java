package io.tetherdb.benchmarks;

import java.util.List;
import java.util.Locale;

import io.tetherdb.benchmarks.ComparisonHarness.Results;

/**
 * Draws the results as an SVG bar chart: for each phase, one bar per peer showing how many times
 * better TetherDB is (its throughput divided by the peer's, or the peer's time or size divided by
 * its own), on a logarithmic axis with 1x marked. Plain SVG text, no library.
 */
final class SvgChart {

    private static final String[] COLORS = {"#8da0cb", "#fc8d62", "#66c2a5", "#e78ac3", "#a6d854"};
    private static final int LABEL_WIDTH = 380;
    private static final int PLOT_WIDTH = 520;
    private static final int BAR = 11;
    private static final int GROUP_GAP = 10;
    private static final int TOP = 70;

    private SvgChart() {
    }

    /** @return how many times better TetherDB is than the peer in this phase, or null */
    static Double advantage(Results results, Phase phase, String peer) {
        Double ratio = results.ratio(phase, peer);
        if (ratio == null || ratio <= 0) {
            return null;
        }
        return phase.unit.higherIsBetter ? ratio : 1 / ratio;
    }

    static String render(Results results) {
        List<String> peers = Report.peers(results);
        List<Phase> phases = java.util.Arrays.stream(Phase.values())
                .filter(p -> peers.stream().anyMatch(peer -> advantage(results, p, peer) != null)).toList();
        double lo = 1;
        double hi = 1;
        for (Phase phase : phases) {
            for (String peer : peers) {
                Double a = advantage(results, phase, peer);
                if (a != null) {
                    lo = Math.min(lo, a);
                    hi = Math.max(hi, a);
                }
            }
        }
        int minExp = (int) Math.floor(Math.log10(lo) - 1e-9);
        int maxExp = (int) Math.ceil(Math.log10(hi) + 1e-9);
        minExp = Math.min(minExp, -1);
        maxExp = Math.max(maxExp, 1);
        int groupHeight = peers.size() * BAR + GROUP_GAP;
        int height = TOP + phases.size() * groupHeight + 40 + 20 * ((peers.size() + 1) / 2);
        int width = LABEL_WIDTH + PLOT_WIDTH + 90;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">TetherDB"
                + " compared with each system, N = %,d (log scale; right of 1x: TetherDB is better)</text>%n",
                results.options == null ? 0 : results.options.n()));
        svg.append("<text x=\"10\" y=\"40\" fill=\"#555\">bar = TetherDB throughput / peer throughput, or peer time"
                + " (or size) / TetherDB time (or size)</text>\n");
        int plotBottom = TOP + phases.size() * groupHeight;
        for (int e = minExp; e <= maxExp; e++) {
            double x = x(Math.pow(10, e), minExp, maxExp);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"%s\"/>%n", x, TOP - 8, x, plotBottom, e == 0 ? "#000" : "#ddd", e == 0 ? "1.5" : "1"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, TOP - 12, e < 0 ? String.format(Locale.ROOT, "%sx", Math.pow(10, e)) : (long) Math.pow(10, e) + "x"));
        }
        int y = TOP;
        for (Phase phase : phases) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    LABEL_WIDTH - 8, y + groupHeight / 2, escape(Report.label(phase, results))));
            for (int p = 0; p < peers.size(); p++) {
                Double a = advantage(results, phase, peers.get(p));
                int barY = y + p * BAR;
                if (a != null) {
                    double one = x(1, minExp, maxExp);
                    double end = x(a, minExp, maxExp);
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                            + " fill=\"%s\"/>%n", Math.min(one, end), barY, Math.max(1, Math.abs(end - one)), BAR - 2,
                            COLORS[p % COLORS.length]));
                    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" fill=\"#333\">%s</text>%n",
                            Math.max(one, end) + 3, barY + BAR - 3, Report.ratio(a)));
                }
            }
            y += groupHeight;
        }
        int legendY = plotBottom + 30;
        for (int p = 0; p < peers.size(); p++) {
            int lx = 10 + (p % 2) * 380;
            int ly = legendY + (p / 2) * 20;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
                    lx, ly - 10, COLORS[p % COLORS.length]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">TetherDB vs %s</text>%n", lx + 18, ly,
                    escape(peers.get(p))));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(double value, int minExp, int maxExp) {
        double clamped = Math.max(Math.pow(10, minExp), Math.min(Math.pow(10, maxExp), value));
        return LABEL_WIDTH + (Math.log10(clamped) - minExp) / (maxExp - minExp) * PLOT_WIDTH;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
