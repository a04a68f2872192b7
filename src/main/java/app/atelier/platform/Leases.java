package app.atelier.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named leases in the database, so that one instance at a time runs a piece of background work. A lease that its
 * holder stops renewing expires, and another instance takes it over.
 */
@Component
public class Leases {

    private final JdbcClient jdbc;

    private final Clock clock;

    /** This process's name as a lease holder. */
    private final String owner = UUID.randomUUID().toString();

    Leases(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes or renews the lease for {@code ttl}; false when another holder has it and it has not expired. */
    @Transactional
    public boolean tryAcquire(String name, Duration ttl) {
        long now = clock.millis();
        long until = now + ttl.toMillis();
        int updated = jdbc.sql("UPDATE leases SET owner = :owner, expires_at = :until WHERE name = :name AND (owner = :owner OR expires_at <= :now)")
            .param("owner", owner)
            .param("until", until)
            .param("name", name)
            .param("now", now)
            .update();
        if (updated == 1) {
            return true;
        }
        try {
            return jdbc.sql("INSERT INTO leases (name, owner, expires_at) SELECT :name, :owner, :until WHERE NOT EXISTS (SELECT 1 FROM leases WHERE name = :name)")
                .param("name", name)
                .param("owner", owner)
                .param("until", until)
                .update() == 1;
        }
        catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** Gives the lease up early, when the work is done. */
    public void release(String name) {
        jdbc.sql("DELETE FROM leases WHERE name = :name AND owner = :owner").param("name", name).param("owner", owner).update();
    }

}
