package app.atelier;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationParityTests {

    @Test
    void bothDialectsHaveTheSameMigrations() throws IOException {
        List<String> sqlite = migrations("sqlite");
        List<String> postgresql = migrations("postgresql");
        assertThat(sqlite).isNotEmpty();
        assertThat(postgresql).isEqualTo(sqlite);
    }

    private static List<String> migrations(String vendor) throws IOException {
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath:db/migration/" + vendor + "/*.sql");
        return Arrays.stream(resources).map(Resource::getFilename).sorted().toList();
    }

}
