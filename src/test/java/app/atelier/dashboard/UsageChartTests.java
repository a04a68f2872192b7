package app.atelier.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.atelier.quota.UsageDay;

import static org.assertj.core.api.Assertions.assertThat;

class UsageChartTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    @Test
    void theBusiestDayFillsTheHeightAndTheOthersScaleToIt() {
        UsageChart chart = UsageChart.of(days(0, 0, 8, 0, 2, 4));

        assertThat(chart.bars()).extracting(UsageChart.Bar::height).containsExactly(2, 2, 100, 2, 25, 50);
        assertThat(chart.bars()).extracting(UsageChart.Bar::y).containsExactly(98, 98, 0, 98, 75, 50);
        assertThat(chart.bars()).extracting(UsageChart.Bar::x).containsExactly(7, 57, 107, 157, 207, 257);
        assertThat(chart.bars()).extracting(UsageChart.Bar::width).containsOnly(35);
        assertThat(chart.bars()).extracting(UsageChart.Bar::empty).containsExactly(true, true, false, true, false, false);
        assertThat(chart.total()).isEqualTo(14);
        assertThat(chart.viewBox()).isEqualTo("0 0 300 100");
    }

    @Test
    void labelsEveryDayAndSumsThemUp() {
        UsageChart chart = UsageChart.of(days(0, 0, 8, 0, 2, 1));

        assertThat(chart.bars()).extracting(UsageChart.Bar::label)
            .containsExactly("21 Nov: 0 images", "22 Nov: 0 images", "23 Nov: 8 images", "24 Nov: 0 images", "25 Nov: 2 images",
                    "Today, 26 Nov: 1 image");
        assertThat(chart.bars().get(5).today()).isTrue();
        assertThat(chart.newestFirst()).extracting(UsageChart.Bar::dayName).startsWith("Today", "Wed 25 Nov", "Tue 24 Nov");
        assertThat(chart.fromLabel()).isEqualTo("21 Nov");
        assertThat(chart.summary()).isEqualTo("11 images in the last 6 days; the most on 23 Nov (8).");
    }

    @Test
    void aTieGoesToTheLatestDay() {
        assertThat(UsageChart.of(days(3, 1, 3, 0)).summary()).isEqualTo("7 images in the last 4 days; the most on 25 Nov (3).");
    }

    @Test
    void thirtyQuietDaysAreThirtyBaselineMarks() {
        UsageChart chart = UsageChart.of(days(new int[30]));

        assertThat(chart.bars()).hasSize(30).allSatisfy(bar -> {
            assertThat(bar.height()).isEqualTo(UsageChart.ZERO_MARK);
            assertThat(bar.x() + bar.width()).isLessThanOrEqualTo(UsageChart.WIDTH);
        });
        assertThat(chart.summary()).isEqualTo("No images in the last 30 days yet.");
    }

    @Test
    void aSingleImageIsStillABar() {
        UsageChart chart = UsageChart.of(days(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 250));

        assertThat(chart.bars().get(0).height()).isEqualTo(UsageChart.ZERO_MARK);
        assertThat(chart.bars().get(0).empty()).isFalse();
        assertThat(chart.bars().get(29).height()).isEqualTo(100);
    }

    private static List<UsageDay> days(int... images) {
        List<UsageDay> days = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            days.add(new UsageDay(TODAY.minusDays(images.length - 1 - i), images[i]));
        }
        return days;
    }

}
