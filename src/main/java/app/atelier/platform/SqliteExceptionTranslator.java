package app.atelier.platform;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * SQLite reports every constraint failure with error code 19 and no SQL state, so Spring cannot tell a unique
 * violation from other errors. This tells them apart by the extended result code, so a taken username is a
 * {@link DuplicateKeyException} on SQLite as on PostgreSQL. Registered for SQLite in {@code sql-error-codes.xml}.
 */
class SqliteExceptionTranslator implements SQLExceptionTranslator {

    @Override
    public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
        if (!(ex instanceof SQLiteException sqlite)) {
            return null;
        }
        SQLiteErrorCode code = sqlite.getResultCode();
        String message = task + "; " + ex.getMessage();
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
            return new DuplicateKeyException(message, ex);
        }
        if (code.name().startsWith(SQLiteErrorCode.SQLITE_CONSTRAINT.name())) {
            return new DataIntegrityViolationException(message, ex);
        }
        return null;
    }

}
