package app.atelier.generation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobCardTests {

    @Test
    void writesTheElapsedTimeOfAFinishedJobToATenthOfASecondUnderTenSeconds() {
        assertThat(JobCard.elapsed(4_230, true)).isEqualTo("4.2 s");
        assertThat(JobCard.elapsed(9_960, true)).isEqualTo("9.9 s");
        assertThat(JobCard.elapsed(12, true)).as("never zero").isEqualTo("0.1 s");
        assertThat(JobCard.elapsed(42_900, true)).isEqualTo("42 s");
    }

    @Test
    void writesWholeSecondsWhileAJobRunsAsThePageScriptDoes() {
        assertThat(JobCard.elapsed(0, false)).isEqualTo("0 s");
        assertThat(JobCard.elapsed(4_900, false)).isEqualTo("4 s");
        assertThat(JobCard.elapsed(59_999, false)).isEqualTo("59 s");
    }

    @Test
    void writesMinutesAndSecondsPastAMinute() {
        assertThat(JobCard.elapsed(60_000, false)).isEqualTo("1 min 00 s");
        assertThat(JobCard.elapsed(125_400, true)).isEqualTo("2 min 05 s");
    }

}
