package io.tetherdb.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.tetherdb.benchmarks.ComparisonHarness.Results;

/**
 * The results of runs at several sizes, kept in a tab-separated file that each run adds its rows to
 * (replacing the rows of an earlier run at the same N for the same system), so that runs at 10k,
 * 100k, 1M and 10M made one after the other feed one scaling chart. Not thread-safe.
 */
final class ScalingResults {

    /** One measurement: the median and the spread of a phase for a system at N documents. */
    record Row(int n, Phase phase, String system, double median, double min, double max, int rounds) {

        String line() {
            return String.format(Locale.ROOT, "%d\t%s\t%s\t%s\t%s\t%s\t%d", n, phase.name(), system, median, min, max,
                    rounds);
        }

        static Row parse(String line) {
            String[] cells = line.split("\t");
            return new Row(Integer.parseInt(cells[0]), Phase.valueOf(cells[1]), cells[2], Double.parseDouble(cells[3]),
                    Double.parseDouble(cells[4]), Double.parseDouble(cells[5]), Integer.parseInt(cells[6]));
        }
    }

    private static final String HEADER = "# n\tphase\tsystem\tmedian\tmin\tmax\trounds";

    private ScalingResults() {
    }

    /** @return the rows of a run's results: every phase and system with a value */
    static List<Row> rows(Results results) {
        List<Row> rows = new ArrayList<>();
        int n = results.options.n();
        for (Phase phase : Phase.values()) {
            for (String system : results.systems) {
                Double median = results.get(phase, system);
                if (median == null) {
                    continue;
                }
                double[] spread = results.spread(phase, system);
                rows.add(new Row(n, phase, system, median, spread[0], spread[1], results.options.rounds()));
            }
        }
        return rows;
    }

    /** Adds the rows to the file, in place of rows with the same N, phase and system. */
    static List<Row> merge(Path file, List<Row> added) throws IOException {
        List<Row> all = new ArrayList<>(read(file));
        all.removeIf(old -> added.stream().anyMatch(row -> row.n() == old.n() && row.phase() == old.phase()
                && row.system().equals(old.system())));
        all.addAll(added);
        List<String> lines = new ArrayList<>(List.of(HEADER));
        all.forEach(row -> lines.add(row.line()));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return all;
    }

    static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(Row.parse(line));
            }
        }
        return rows;
    }
}
