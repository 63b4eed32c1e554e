package dev.fairway;

import dev.fairway.api.ErrorKind;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.config.GatewayConfig;
import dev.fairway.ingress.openai.OpenAiIngress;
import dev.fairway.ledger.Ledger;
import dev.fairway.ledger.LedgerListener;
import dev.fairway.ledger.LedgerSink;
import dev.fairway.ledger.SpendApi;
import dev.fairway.neutrality.DecisionCodec;
import dev.fairway.neutrality.DecisionLog;
import dev.fairway.neutrality.DecisionRecords;
import dev.fairway.neutrality.PolicyVersion;
import dev.fairway.neutrality.PromptDigest;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.routing.HousePolicy;
import dev.fairway.storage.Database;
import dev.fairway.storage.Outbox;
import dev.fairway.storage.OutboxConfig;
import dev.fairway.storage.Secrets;
import dev.fairway.tenancy.Authentication;
import dev.fairway.tenancy.Credentials;
import dev.fairway.tenancy.MasterKey;
import dev.fairway.tenancy.Tenancy;
import dev.fairway.tenancy.admin.AdminRoutes;
import dev.fairway.transparency.LogRecord;
import dev.fairway.transparency.PendingLeaf;
import dev.fairway.transparency.TransparencyLog;
import dev.fairway.transparency.TransparencySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The gateway's durable features, opened in one place on its database: tenancy (when a master
 * key is configured), the outbox shared by the usage ledger and the decision log, the ledger, the
 * transparency log; the listeners they add to the request bracket, and their HTTP routes.
 * {@link #close} flushes and closes them in reverse order.
 */
final class Features implements AutoCloseable {
  static final String PROMPT_DIGEST_SECRET = "neutrality.prompt_digest_key";

  final ScheduledExecutorService background;
  final Database db;
  final Tenancy tenancy;
  final Outbox outbox;
  final Ledger ledger;
  final TransparencyLog tlog;
  final List<CallEvents> listeners = new ArrayList<>();
  final List<Consumer<Router>> mounts = new ArrayList<>();
  private Clock clock = Clock.systemUTC();

  private Features(ScheduledExecutorService background, Database db, Tenancy tenancy, Outbox outbox, Ledger ledger,
      TransparencyLog tlog) {
    this.background = background;
    this.db = db;
    this.tenancy = tenancy;
    this.outbox = outbox;
    this.ledger = ledger;
    this.tlog = tlog;
  }

  /** Opens everything the configuration names; on failure, closes what it opened and rethrows. */
  static Features open(GatewayConfig config, Clock clock, MeterRegistry registry) {
    ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fairway-background");
      t.setDaemon(true);
      return t;
    });
    Database db = null;
    Tenancy tenancy = null;
    Outbox outbox = null;
    Ledger ledger = null;
    TransparencyLog tlog = null;
    try {
      db = Database.open(config.storage());
      MasterKey master = config.server().masterKey() == null ? null : MasterKey.of(config.server().masterKey());
      if (master != null) {
        tenancy = Tenancy.open(db, clock, background, Tenancy.Settings.defaults(master));
      }
      HousePolicy policy = config.housePolicy();
      var tc = config.transparency();
      tlog = TransparencyLog.open(db, new TransparencySettings(tc.origin(), tc.checkpointInterval()), clock,
          new SecureRandom(), () -> policy.enabled() ? List.of("fairway-house-policy " + policy.describe()
              .replace(' ', '_')) : List.of());
      var lc = config.ledger();
      OutboxConfig oc = OutboxConfig.defaults(OutboxConfig.under(config.storage().path()))
          .withQueue(lc.queueCapacity(), 16L << 20)
          .withBatch(lc.batchSize(), lc.flushInterval())
          .withFsyncInterval(lc.fsyncInterval());
      outbox = Outbox.open(oc, db, List.of(new LedgerSink(registry), tlog.sink(DecisionCodec::canonicalOf)), registry);
      var ld = dev.fairway.ledger.LedgerConfig.defaults();
      ledger = Ledger.start(new dev.fairway.ledger.LedgerConfig(lc.enabled(), lc.storeContent(), lc.retentionDays(),
          ld.maxContentChars(), ld.maintenanceEvery()), db, outbox, registry, clock);
      tlog.start(background);
      Features f = new Features(background, db, tenancy, outbox, ledger, tlog);
      f.wire(config, clock);
      return f;
    } catch (RuntimeException e) {
      close(ledger, outbox, tlog, tenancy, db);
      background.shutdownNow();
      throw e;
    }
  }

  private void wire(GatewayConfig config, Clock clock) {
    this.clock = clock;
    // A stage switched off adds no listener, so it costs a request nothing (bench/run load measures
    // each against a gateway with all of them off).
    if (config.ledger().enabled()) {
      listeners.add(new LedgerListener(ledger));
    }
    PromptDigest digest = new PromptDigest(Secrets.getOrCreate(db, PROMPT_DIGEST_SECRET, 32, new SecureRandom(),
        clock.millis()));
    String configHash = PolicyVersion.configHash(config.catalog(), config.routing(), config.housePolicy());
    String modelHash = PolicyVersion.routerModelHash(config.routing().modelFile());
    Outbox box = outbox;
    if (config.transparency().enabled()) {
      listeners.add(new DecisionLog(digest, configHash, modelHash,
          (ctx, r) -> {
            // The pending leaf keeps the record (a few strings) and never the request context: it
            // waits in the outbox queue, whose bounds count journal bytes, not a request's body.
            String id = ctx.id();
            long startMs = ctx.startMillis();
            box.append("decision", TransparencyLog.encodeDeferred(id, startMs, DecisionCodec.encode(r)),
                (PendingLeaf) () -> new LogRecord(id, startMs, DecisionRecords.canonical(r)));
          }));
    }

    Runnable beforeRead = this::readYourWrites;
    SpendApi spend = new SpendApi(ledger.reports(), clock, beforeRead);
    var transparency = tlog.api(beforeRead);
    HousePolicy policy = config.housePolicy();
    mounts.add(router -> {
      transparency.mount(router);
      router.get("/transparency/policy").handler(rc -> policy(rc, policy, configHash));
      router.get("/admin/spend").handler(spend::spend);
      router.get("/admin/requests").handler(spend::requests);
      router.get("/admin/transparency/export").handler(transparency::exportLeaves);
      router.get("/admin/transparency/checkpoints").handler(transparency::exportCheckpoints);
      router.get("/v1/fairway/usage").handler(rc -> {
        String key = caller(rc, true);
        if (key != null) {
          spend.usage(rc, key);
        }
      });
      router.get("/v1/fairway/decisions/:id").handler(this::decision);
      if (tenancy != null) {
        new AdminRoutes(tenancy).mount(router);
      }
    });
  }

  /**
   * Before a read of the ledger or the log, on a worker thread: waits until every record appended so
   * far is written, so that a report or a lookup sees the requests answered before it. The writer
   * then writes at once instead of waiting for its batch to fill; with the database away, nothing
   * is waited for.
   */
  private void readYourWrites() {
    if (outbox != null) {
      outbox.readYourWrites(READ_YOUR_WRITES_WAIT);
    }
  }

  private static final java.time.Duration READ_YOUR_WRITES_WAIT = java.time.Duration.ofSeconds(2);

  /** {@code GET /transparency/policy}: the routing policy in force, disclosed (with its config hash). */
  private static void policy(RoutingContext rc, HousePolicy p, String configHash) {
    var o = dev.fairway.provider.Json.NODES.objectNode();
    o.put("config_hash", configHash);
    if (p.enabled()) {
      var h = o.putObject("house_policy");
      p.owners().forEach(h.putArray("owners")::add);
      h.put("quality_bonus", p.qualityBonus()).put("price_discount", p.priceDiscount()).put("description", p.describe());
    } else {
      o.putNull("house_policy");
      o.put("description", "merit only: no owner is favoured");
    }
    rc.response().putHeader("content-type", "application/json").end(Buffer.buffer(o.toString()));
  }

  /**
   * {@code GET /v1/fairway/decisions/{id}}: the full decision record as logged (or, with
   * {@code ?format=leaf}, its leaf), only to the key that made the request or the master key.
   */
  private void decision(RoutingContext rc) {
    String key = caller(rc, false);
    if (key == null && rc.response().ended()) {
      return;
    }
    String id = rc.pathParam("id");
    boolean leaf = "leaf".equals(rc.request().getParam("format"));
    rc.vertx().executeBlocking(() -> {
      readYourWrites();
      return tlog.entry(id);
    }).onComplete(ar -> {
      if (ar.failed()) {
        OpenAiIngress.error(rc, GatewayError.from(ar.cause()));
        return;
      }
      GatewayError notFound = GatewayError.notFound("No decision '" + id + "' is in the log.", "id",
          Reason.DECISION_NOT_FOUND);
      if (ar.result().isEmpty()) {
        OpenAiIngress.error(rc, notFound);
        return;
      }
      byte[] canonical = ar.result().get().canonical();
      String owner;
      try {
        owner = DecisionRecords.parse(canonical).tenant();
      } catch (java.io.IOException e) {
        OpenAiIngress.error(rc, GatewayError.of(ErrorKind.INTERNAL, "the logged record does not parse"));
        return;
      }
      if (key != null && !key.equals("master") && !key.equals(owner)) {
        OpenAiIngress.error(rc, notFound); // another tenant's decision: as if it did not exist
        return;
      }
      if (leaf) {
        tlog.api().leaf(rc, id);
      } else {
        rc.response().putHeader("content-type", "application/json").end(Buffer.buffer(canonical));
      }
    });
  }

  /**
   * The key id of the caller of a {@code /v1/fairway/*} route ({@code master} for the master key),
   * or null when the gateway runs without keys (then it answers anyone on loopback). Answers 401
   * and returns null for a missing or refused key.
   */
  private String caller(RoutingContext rc, boolean keyRequired) {
    if (tenancy == null) {
      if (keyRequired) {
        OpenAiIngress.error(rc, GatewayError.invalid("This gateway has no virtual keys (no master key is"
            + " configured): per-key usage does not exist; see /admin/spend.", null, Reason.INVALID_API_KEY));
      }
      return null;
    }
    String presented = Credentials.presented(rc.request().getHeader("authorization"), rc.request().getHeader("x-api-key"));
    if (presented == null) {
      OpenAiIngress.error(rc, dev.fairway.tenancy.AuthRefusal.MISSING.error());
      return null;
    }
    return switch (tenancy.authenticate(presented, clock.millis())) {
      case Authentication.Granted g -> g.principal().keyId();
      case Authentication.Refused r -> {
        OpenAiIngress.error(rc, r.reason().error());
        yield null;
      }
    };
  }

  @Override
  public void close() {
    close(ledger, outbox, tlog, tenancy, db);
    background.shutdownNow();
  }

  private static void close(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(Features.class).warn("closing {}: {}", c.getClass().getSimpleName(),
              e.toString());
        }
      }
    }
  }
}
