package dev.fairway.transparency;

import dev.fairway.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signs a checkpoint of the tree as it stands when it has grown since the latest one (or when there
 * is none yet). Instances sharing a database may sign the same size; the first one stored stands.
 */
final class Checkpointer {
  private final Database db;
  private final LogStore store;
  private final NoteSigner signer;
  private final Supplier<List<String>> extensions;
  private final Clock clock;

  Checkpointer(Database db, NoteSigner signer, Supplier<List<String>> extensions, Clock clock) {
    this.db = db;
    this.store = new LogStore(db.dialect());
    this.signer = signer;
    this.extensions = extensions;
    this.clock = clock;
  }

  /** The latest checkpoint after signing one if the tree grew. */
  StoredCheckpoint signIfGrown() throws SQLException {
    // No transaction: the state row is one consistent (size, edge) read, and a checkpoint only
    // ever describes a tree that was committed, whatever has been appended since.
    try (Connection c = db.connection()) {
      LogStore.State state = store.readState(c);
      Optional<StoredCheckpoint> latest = store.latestCheckpoint(c);
      if (latest.isPresent() && latest.get().size() >= state.size()) {
        return latest.get();
      }
      byte[] root = state.frontier().root();
      Checkpoint cp = new Checkpoint(signer.verifier().name(), state.size(), root, extensions.get());
      store.insertCheckpoint(c, new StoredCheckpoint(state.size(), root, signer.sign(cp.text()), clock.millis()));
      return store.latestCheckpoint(c).orElseThrow();
    }
  }
}
