package dev.cascade.spring.boot;

import dev.cascade.spi.Backend;
import dev.cascade.storage.jdbc.JdbcConfig;
import dev.cascade.storage.jdbc.JdbcStorage;

import javax.sql.DataSource;
import java.util.Map;

/** JDBC storage on the application's data source; loaded only when cascade-storage-jdbc is present. */
final class JdbcBackends {
    private JdbcBackends() {
    }

    static Backend onDataSource(DataSource dataSource, Map<String, String> properties) {
        return JdbcStorage.create(dataSource, JdbcConfig.fromProperties(properties));
    }
}
