package dev.fairway.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor under any gateway: the least an HTTP hop can cost on this machine. A Vert.x server
 * that forwards each request's body, unread and untranslated, to the upstream and copies the
 * answer back, on the same stack and threading the gateway uses (native transport, one verticle
 * and one upstream pool per event loop, keep-alive, TCP_NODELAY). The load harness measures it
 * beside the gateway so the gateway's own cost can be told apart from the hop's.
 */
@Command(name = "floor", mixinStandardHelpOptions = true, description = "A pass-through HTTP proxy (the hop floor).")
final class HopFloor implements Callable<Integer> {
  @Option(names = "--port", required = true, description = "Port to listen on (loopback).")
  int port;

  @Option(names = "--upstream-port", required = true, description = "Loopback port to forward to.")
  int upstreamPort;

  @Override
  public Integer call() throws Exception {
    start(port, upstreamPort);
    System.err.println("floor proxy on 127.0.0.1:" + port + " -> " + upstreamPort);
    new CountDownLatch(1).await(); // until the harness stops the process
    return 0;
  }

  /** Starts the proxy in this process; closing the returned Vert.x stops it. */
  static Vertx start(int port, int upstreamPort) {
    int loops = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    vertx.deployVerticle(() -> new Forwarder(port, upstreamPort), new DeploymentOptions().setInstances(loops))
        .await();
    return vertx;
  }

  private static final class Forwarder extends VerticleBase {
    private final int port;
    private final int upstreamPort;
    private HttpClientAgent upstream;

    Forwarder(int port, int upstreamPort) {
      this.port = port;
      this.upstreamPort = upstreamPort;
    }

    @Override
    public Future<?> start() {
      upstream = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(upstreamPort).setKeepAlive(true).setTcpNoDelay(true),
          new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
          .requestHandler(this::forward).listen();
    }

    private void forward(HttpServerRequest in) {
      in.body().compose(body -> upstream.request(new RequestOptions().setMethod(in.method())
              .setURI(in.uri()).putHeader("content-type", "application/json"))
          .compose(out -> out.send(body))
          .compose(resp -> resp.body().map(b -> {
            in.response().setStatusCode(resp.statusCode()).putHeader("content-type", "application/json").end(b);
            return null;
          })))
          .onFailure(t -> in.response().setStatusCode(502).end());
    }
  }
}
