package dev.fairway.transparency;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.storage.BatchSink;
import dev.fairway.storage.Database;
import dev.fairway.storage.StorageException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's transparency log: decision records become leaves of an RFC 9162 Merkle tree kept
 * in the gateway's database, a signed C2SP checkpoint is made every interval the tree grew, and
 * any leaf's inclusion or any two sizes' consistency can be proved. This is what the gateway wires:
 * {@link #sink()} to the outbox, {@link #start} to a scheduler, {@link #api()} to the router.
 *
 * <p>Methods that read the database block: call them off the event loops ({@link TransparencyApi}
 * does).
 */
public final class TransparencyLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransparencyLog.class);

  private final Database db;
  private final LogStore store;
  private final TransparencySettings settings;
  private final NoteSigner signer;
  private final Checkpointer checkpointer;
  private final Clock clock;
  private volatile StoredCheckpoint latest;
  private volatile ScheduledFuture<?> schedule;

  private TransparencyLog(Database db, TransparencySettings settings, NoteSigner signer,
      Supplier<List<String>> extensions, Clock clock) {
    this.db = db;
    this.store = new LogStore(db.dialect());
    this.settings = settings;
    this.signer = signer;
    this.clock = clock;
    this.checkpointer = new Checkpointer(db, signer, extensions, clock);
  }

  /** Opens the log of {@code db}: makes its signing key on first start and signs a first checkpoint if there is none. */
  public static TransparencyLog open(Database db, TransparencySettings settings, Clock clock) {
    return open(db, settings, clock, new SecureRandom(), List::of);
  }

  /**
   * As {@link #open(Database, TransparencySettings, Clock)}, with the randomness keys are made of
   * and the extension lines every new checkpoint carries (each non-empty, without newlines: the
   * disclosed house policy, for instance).
   */
  public static TransparencyLog open(Database db, TransparencySettings settings, Clock clock, SecureRandom random,
      Supplier<List<String>> extensions) {
    try (Connection c = db.connection()) {
      String origin = settings.originFor(LogIdentity.instanceId(c, random, clock.millis()));
      TransparencySettings.checkOrigin(origin);
      byte[] key = LogIdentity.signingKey(c, random, clock.millis());
      TransparencyLog t = new TransparencyLog(db, settings, new NoteSigner(origin, key), extensions, clock);
      t.checkpointNow();
      return t;
    } catch (SQLException e) {
      throw new StorageException("cannot open the transparency log in " + db + ": " + e.getMessage(), e);
    }
  }

  /** The outbox sink of journal kind {@code decision}: records made by {@link #encode}. */
  public BatchSink<PendingLeaf> sink() {
    return new DecisionSink(clock, null);
  }

  /**
   * The outbox sink of journal kind {@code decision}, for records made by {@link #encode} or by
   * {@link #encodeDeferred}, whose bodies {@code canonicalOf} turns into canonical bytes.
   */
  public BatchSink<PendingLeaf> sink(Function<byte[], byte[]> canonicalOf) {
    return new DecisionSink(clock, canonicalOf);
  }

  /** The journal bytes of one decision record; cheap, for the request path. */
  public static byte[] encode(String decisionId, long timeMs, byte[] canonical) {
    return LogRecord.encode(decisionId, timeMs, canonical);
  }

  /**
   * The journal bytes of one decision record whose canonical bytes are derived from {@code body}
   * when read back (by the {@code canonicalOf} of {@link #sink(Function)}); the request path then
   * appends a {@link PendingLeaf} with them, and the writer makes the canonical bytes.
   */
  public static byte[] encodeDeferred(String decisionId, long timeMs, byte[] body) {
    return LogRecord.encodeDeferred(decisionId, timeMs, body);
  }

  /** Signs a checkpoint every {@code checkpoint_interval} the tree grew, on {@code scheduler}, until {@link #close}. */
  public void start(ScheduledExecutorService scheduler) {
    long ms = settings.checkpointInterval().toMillis();
    schedule = scheduler.scheduleWithFixedDelay(() -> {
      try {
        checkpointNow();
      } catch (RuntimeException e) {
        log.warn("transparency log: no checkpoint this time: {}", e.getMessage());
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Signs a checkpoint now if the tree grew since the latest; returns the latest. */
  public StoredCheckpoint checkpointNow() {
    try {
      StoredCheckpoint cp = checkpointer.signIfGrown();
      latest = cp;
      return cp;
    } catch (SQLException e) {
      throw new StorageException("cannot sign a transparency checkpoint: " + e.getMessage(), e);
    }
  }

  /** The latest signed checkpoint this instance knows of (refreshed every interval). */
  public StoredCheckpoint latestCheckpoint() {
    return latest;
  }

  public String origin() {
    return signer.verifier().name();
  }

  /** The public key that verifies the checkpoints. */
  public NoteVerifier verifier() {
    return signer.verifier();
  }

  public TransparencySettings settings() {
    return settings;
  }

  /** The leaf of {@code decisionId} with its canonical bytes, if it has been logged. */
  public Optional<LogEntry> entry(String decisionId) {
    return read(c -> store.entry(c, decisionId, true));
  }

  /**
   * The proof that {@code decisionId}'s leaf is in the latest checkpoint's tree; a
   * {@link GatewayError} (not found, or not yet checkpointed) otherwise.
   */
  public InclusionProof inclusionProof(String decisionId) {
    return read(c -> {
      LogEntry e = store.entry(c, decisionId, false).orElseThrow(() -> GatewayError.notFound(
          "No decision '" + decisionId + "' is in the transparency log.", "decision", Reason.DECISION_NOT_FOUND));
      StoredCheckpoint cp = latest;
      if (e.index() >= cp.size()) {
        cp = store.latestCheckpoint(c).orElse(cp); // another instance may have signed it
        if (e.index() >= cp.size()) {
          throw GatewayError.of(ErrorKind.UNAVAILABLE, Reason.NOT_YET_CHECKPOINTED, "Decision '" + decisionId
                  + "' is logged but no signed checkpoint covers it yet; one is signed every "
                  + settings.checkpointInterval().toSeconds() + " s.")
              .withRetryAfter(settings.checkpointInterval());
        }
      }
      List<byte[]> proof = Proofs.inclusion(store.subtrees(c, cp.size()), e.index(), cp.size());
      return new InclusionProof(decisionId, e.index(), cp.size(), e.leafHash(), proof, cp.note());
    });
  }

  /**
   * {@code PROOF(from, D[to])} for {@code 1 <= from <= to <= } the latest checkpoint's size;
   * IllegalArgumentException naming the bound otherwise.
   */
  public List<byte[]> consistencyProof(long from, long to) {
    return read(c -> {
      if (from < 1) {
        throw GatewayError.invalid("Invalid value for 'from': a consistency proof starts from a tree of at least"
            + " 1 leaf.", "from", Reason.INVALID_VALUE);
      }
      if (to < from) {
        throw GatewayError.invalid("Invalid value for 'to': it must be at least 'from' (" + from + ").", "to",
            Reason.INVALID_VALUE);
      }
      long size = latest.size();
      if (to > size) {
        size = Math.max(size, store.latestCheckpoint(c).map(StoredCheckpoint::size).orElse(0L));
      }
      if (to > size) {
        throw GatewayError.invalid("Invalid value for 'to': " + to + " is beyond the latest checkpoint, of size "
            + size + ".", "to", Reason.INVALID_VALUE);
      }
      return Proofs.consistency(store.subtrees(c, to), from, to);
    });
  }

  /** Up to {@code limit} leaves from index {@code from} on (the export). */
  public List<LogEntry> entries(long from, int limit) {
    return read(c -> store.entries(c, from, limit));
  }

  /** Up to {@code limit} checkpoints of size {@code fromSize} and up, smallest first (the export). */
  public List<StoredCheckpoint> checkpoints(long fromSize, int limit) {
    return read(c -> store.checkpoints(c, fromSize, limit));
  }

  /** The HTTP handlers of the log's endpoints. */
  public TransparencyApi api() {
    return new TransparencyApi(this, () -> {});
  }

  /**
   * The HTTP handlers of the log's endpoints, each running {@code beforeRead} on its worker thread
   * before it reads (the outbox's read-your-writes: the records of requests already answered are
   * in the log when it is read).
   */
  public TransparencyApi api(Runnable beforeRead) {
    return new TransparencyApi(this, beforeRead);
  }

  private <T> T read(Database.SqlWork<T> work) {
    try (Connection c = db.connection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StorageException("cannot read the transparency log: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ScheduledFuture<?> s = schedule;
    if (s != null) {
      s.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "TransparencyLog[" + origin() + " in " + db + "]";
  }
}
