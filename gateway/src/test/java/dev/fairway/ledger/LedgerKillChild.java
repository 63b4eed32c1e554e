package dev.fairway.ledger;

import dev.fairway.config.StorageConfig;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The process {@link LedgerKillTest} kills: records N rows as a gateway would (each row journaled
 * before {@code record} returns, i.e. before the answer's last byte would go out), says so on
 * stdout, then waits to be killed with SIGKILL while its writer is still busy.
 *
 * <p>Arguments: {@code outboxDir rows sqliteDir|jdbcUrl}.
 */
public final class LedgerKillChild {
  private LedgerKillChild() {}

  public static void main(String[] args) throws Exception {
    Path outboxDir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    StorageConfig storage = args[2].startsWith("jdbc:")
        ? StorageConfig.postgres(args[2], "postgres", null) : StorageConfig.sqlite(Path.of(args[2]));
    Database db = Database.open(storage);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Outbox outbox = Outbox.open(OutboxConfig.defaults(outboxDir), db, List.of(new LedgerSink(registry)), registry);
    Ledger ledger = Ledger.manual(LedgerConfig.defaults(), db, outbox, registry, Clock.systemUTC());
    for (LedgerRow r : LedgerFixture.rows(n, 2, 31)) {
      if (ledger.record(r) < 0) {
        throw new IllegalStateException("not recorded");
      }
    }
    System.out.println("recorded " + n + " committed " + outbox.stats().committed());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // until SIGKILL
  }
}
