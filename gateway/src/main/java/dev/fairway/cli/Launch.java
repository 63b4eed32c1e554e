package dev.fairway.cli;

import dev.fairway.Gateway;
import dev.fairway.config.GatewayConfig;
import java.util.concurrent.CountDownLatch;

/** Starts a gateway, reports where it listens, and keeps the process alive until it is stopped. */
final class Launch {
  private Launch() {}

  static int run(GatewayConfig cfg, String banner) {
    Gateway gw;
    try {
      gw = Gateway.start(cfg);
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      System.err.println("fairway: could not start: " + (root.getMessage() == null ? root : root.getMessage()));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gw.close();
      stopped.countDown();
    }, "fairway-shutdown"));
    System.out.println("Fairway " + Main.version() + " listening on http://" + cfg.server().host() + ":" + gw.port()
        + " (" + cfg.catalog().models().size() + " models, config: " + cfg.source() + ", transport: "
        + (gw.vertx().isNativeTransportEnabled() ? "epoll" : "nio") + ")");
    if (!banner.isEmpty()) {
      System.out.println(banner.replace("{port}", Integer.toString(gw.port())));
    }
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
