package app.atelier.benchmark;

import java.util.ArrayList;
import java.util.List;

/** Durations in milliseconds, collected from many threads, summarised by nearest-rank percentiles. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();

    synchronized void add(double value) {
        millis.add(value);
    }

    synchronized int count() {
        return millis.size();
    }

    synchronized double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    synchronized double mean() {
        return millis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** n, p50, p90, p99, max (ms) as table cells. */
    String cells() {
        return "%d | %s | %s | %s | %s".formatted(count(), ms(percentile(50)), ms(percentile(90)), ms(percentile(99)),
                ms(percentile(100)));
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value >= 100 ? String.valueOf(Math.round(value)) : "%.1f".formatted(value);
    }

}
