package app.atelier.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import app.atelier.quota.UsageDay;

/**
 * Images per day as bars of an inline SVG, laid out here so the template only copies numbers into attributes (the
 * Content-Security-Policy allows no inline styles). The tallest bar fills the height; a day without images gets a thin
 * mark on the baseline, so the days stay countable.
 */
record UsageChart(List<Bar> bars, int total, @Nullable UsageDay busiest) {

    static final int WIDTH = 300;

    static final int HEIGHT = 100;

    static final int ZERO_MARK = 2;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    /** {@code days} oldest first, today last, as {@code Quotas.history} returns them. */
    static UsageChart of(List<UsageDay> days) {
        int max = days.stream().mapToInt(UsageDay::images).max().orElse(0);
        int slot = days.isEmpty() ? WIDTH : WIDTH / days.size();
        int barWidth = Math.max(1, slot * 7 / 10);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            UsageDay day = days.get(i);
            boolean today = i == days.size() - 1;
            int height = day.images() == 0 ? ZERO_MARK : Math.max(ZERO_MARK, Math.round((float) day.images() * HEIGHT / max));
            bars.add(new Bar(day, i * slot + (slot - barWidth) / 2, HEIGHT - height, barWidth, height, today));
        }
        int total = days.stream().mapToInt(UsageDay::images).sum();
        UsageDay busiest = days.stream()
            .filter(day -> day.images() > 0)
            .max(Comparator.comparingInt(UsageDay::images).thenComparing(UsageDay::date))
            .orElse(null);
        return new UsageChart(List.copyOf(bars), total, busiest);
    }

    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    public String fromLabel() {
        return bars.isEmpty() ? "" : day(bars.get(0).day().date());
    }

    public List<Bar> newestFirst() {
        List<Bar> newest = new ArrayList<>(bars);
        Collections.reverse(newest);
        return newest;
    }

    /** One sentence for everyone, and the description of the chart for screen readers. */
    public String summary() {
        if (busiest == null) {
            return "No images in the last " + bars.size() + " days yet.";
        }
        return images(total) + " in the last " + bars.size() + " days; the most on " + day(busiest.date()) + " ("
                + busiest.images() + ").";
    }

    static String images(int count) {
        return count == 1 ? "1 image" : count + " images";
    }

    static String day(LocalDate date) {
        return DAY.format(date);
    }

    /** One day's bar, in the coordinates of {@link #viewBox()}. */
    record Bar(UsageDay day, int x, int y, int width, int height, boolean today) {

        public String label() {
            return (today ? "Today, " : "") + UsageChart.day(day.date()) + ": " + images(day.images());
        }

        /** "Wed 26 Nov", or "Today". */
        public String dayName() {
            return today ? "Today" : WEEKDAY.format(day.date());
        }

        public boolean empty() {
            return day.images() == 0;
        }

    }

}
