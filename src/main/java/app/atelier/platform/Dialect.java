package app.atelier.platform;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/** Which of the two supported databases this is, for the few queries that differ (row locks, full-text search). */
@Component
public class Dialect {

    private final boolean postgres;

    public Dialect(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            this.postgres = product.toLowerCase(Locale.ROOT).contains("postgres");
        }
        catch (MetaDataAccessException ex) {
            throw new IllegalStateException("Cannot tell which database this is", ex);
        }
    }

    /** PostgreSQL; otherwise SQLite. */
    public boolean postgres() {
        return postgres;
    }

}
