package dev.fairway.transparency;

import dev.fairway.storage.Database;
import dev.fairway.testing.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * A transparency log served over real HTTP the way the gateway will mount it: the public routes,
 * the decision leaf at {@code /v1/fairway/decisions/{id}?format=leaf}, and the admin export.
 */
public final class LogServer implements AutoCloseable {
  public final TestDatabases.Handle handle;
  final Database db;
  public final TransparencyLog log;
  final Vertx vertx;
  final HttpServer server;

  public LogServer(TestDatabases.Handle handle, TransparencySettings settings) {
    this.handle = handle;
    this.db = Database.open(handle.config());
    this.log = TransparencyLog.open(db, settings, LogFixtures.CLOCK);
    this.vertx = Vertx.vertx();
    TransparencyApi api = log.api();
    Router router = Router.router(vertx);
    api.mount(router);
    router.get("/v1/fairway/decisions/:id").handler(rc -> api.leaf(rc, rc.pathParam("id")));
    router.get("/admin/transparency/export").handler(api::exportLeaves);
    router.get("/admin/transparency/checkpoints").handler(api::exportCheckpoints);
    this.server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  public static LogServer sqlite() {
    return new LogServer(TestDatabases.sqlite(), TransparencySettings.defaults());
  }

  /** A log in the SQLite database under {@code dir} (made on first use), left in place on close. */
  public static LogServer sqliteAt(java.nio.file.Path dir, TransparencySettings settings) {
    dev.fairway.config.StorageConfig cfg = dev.fairway.config.StorageConfig.sqlite(dir);
    return new LogServer(new TestDatabases.Handle() {
      @Override
      public dev.fairway.config.StorageConfig config() {
        return cfg;
      }

      @Override
      public void close() {}
    }, settings);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public void append(int from, int to) {
    LogFixtures.append(db, log, LogFixtures.records(from, to));
  }

  private static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops serving and closes the database, keeping its files (tampering tests edit them after). */
  public void stop() {
    await(vertx.close());
    log.close();
    db.close();
  }

  @Override
  public void close() {
    stop();
    handle.close();
  }
}
