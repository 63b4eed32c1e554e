package dev.fairway.tenancy.admin;

import dev.fairway.catalog.Secret;
import dev.fairway.tenancy.MasterKey;
import dev.fairway.tenancy.Tenancy;
import dev.fairway.tenancy.TenancyHarness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real HTTP server on a loopback port with the admin API mounted behind the master-key gate. */
public final class AdminServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  public AdminServer(Tenancy tenancy) throws Exception {
    Router router = Router.router(vertx);
    router.route("/admin/*").handler(AdminAuth.requireMaster(MasterKey.of(new Secret(TenancyHarness.MASTER))));
    new AdminRoutes(tenancy).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  public AdminClient client() {
    return client(TenancyHarness.MASTER);
  }

  public AdminClient client(String key) {
    return new AdminClient(uri(), key, Duration.ofSeconds(30));
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
