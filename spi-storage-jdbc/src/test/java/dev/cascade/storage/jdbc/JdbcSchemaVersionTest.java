package dev.cascade.storage.jdbc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema version that lets a start skip Flyway is the highest migration shipped, for every dialect. */
class JdbcSchemaVersionTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void schemaVersionIsTheHighestMigrationOfEveryDialect() throws IOException, URISyntaxException {
        Path root = Path.of(JdbcDatabase.class.getResource("migration").toURI());
        List<Path> dialects;
        try (Stream<Path> s = Files.list(root)) {
            dialects = s.filter(Files::isDirectory).toList();
        }
        assertThat(dialects).isNotEmpty();
        for (Path dialect : dialects) {
            int highest = 0;
            try (Stream<Path> files = Files.list(dialect)) {
                for (Path f : files.toList()) {
                    Matcher m = MIGRATION.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        highest = Math.max(highest, Integer.parseInt(m.group(1)));
                    }
                }
            }
            assertThat(highest).as("highest migration of %s", dialect.getFileName()).isEqualTo(JdbcDatabase.SCHEMA_VERSION);
        }
    }

    @Test
    void aSecondStartOnACurrentSchemaSkipsFlywayAndStillWorks() {
        String url = TestDatabases.h2Url("schema-skip");
        try (JdbcStorage first = JdbcStorage.create(JdbcConfig.builder().url(url).build())) {
            assertThat(first.database().schemaIsCurrent()).isTrue();
        }
        try (JdbcStorage second = JdbcStorage.create(JdbcConfig.builder().url(url).build())) {
            assertThat(second.namespaces().list(dev.cascade.namespace.TenantId.of("main"))).isEmpty();
        }
    }
}
