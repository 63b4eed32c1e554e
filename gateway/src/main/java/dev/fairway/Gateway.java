package dev.fairway;

import dev.fairway.config.GatewayConfig;
import dev.fairway.config.ServerConfig;
import dev.fairway.dispatch.Dispatcher;
import dev.fairway.dispatch.Balancer;
import dev.fairway.dispatch.DeploymentHealth;
import dev.fairway.ingress.BodyBudget;
import dev.fairway.ingress.HttpIngress;
import dev.fairway.ingress.admin.AdminApi;
import dev.fairway.telemetry.Metrics;
import dev.fairway.pipeline.CallEvents;
import dev.fairway.pipeline.Scheduler;
import dev.fairway.metering.PromptTokens;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.routing.Routing;
import dev.fairway.provider.Providers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import dev.fairway.ingress.Extras;
import dev.fairway.storage.Database;
import dev.fairway.tenancy.BudgetAdmission;
import dev.fairway.tenancy.KeyAuthenticator;
import dev.fairway.tenancy.MasterKey;
import dev.fairway.tenancy.Tenancy;
import dev.fairway.tenancy.admin.AdminAuth;
import dev.fairway.tenancy.admin.AdminRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Function;
import java.time.InstantSource;

/**
 * A running Fairway gateway: the whole object graph, wired in one place from a validated
 * configuration. {@link #start} returns once the port is listening; {@link #close} stops
 * everything it started.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private final Vertx vertx;
  private final Providers providers;
  private final int port;
  private final GatewayConfig config;
  private final DeploymentHealth health;
  private final Routing routing;
  private final CallEvents events;
  private final Features features;

  private Gateway(Vertx vertx, Providers providers, int port, GatewayConfig config, DeploymentHealth health,
      Routing routing, CallEvents events, Features features) {
    this.events = events;
    this.features = features;
    this.vertx = vertx;
    this.providers = providers;
    this.port = port;
    this.config = config;
    this.health = health;
    this.routing = routing;
  }

  /** The gateway's routing: router names, the loaded router model, synchronous decisions. */
  public Routing routing() {
    return routing;
  }

  /** Closes every circuit and lifts every cooldown (as {@code POST /admin/health/reset}). */
  public void resetHealth() {
    health.reset();
  }

  /**
   * Knobs that are not configuration: threads, the clocks, timers, randomness, event listeners.
   *
   * @param ticker monotonic nanoseconds (deadlines, latencies)
   * @param clock the wall clock (request times, Retry-After dates)
   * @param scheduler the request path's timers, made from the gateway's Vert.x instance
   */
  public record Options(int eventLoops, LongSupplier ticker, InstantSource clock,
      Function<Vertx, Scheduler> scheduler, CallEvents events, RandomGenerator random) {
    public Options(int eventLoops, LongSupplier ticker, CallEvents events, RandomGenerator random) {
      this(eventLoops, ticker, InstantSource.system(), Scheduler::of, events, random);
    }

    public Options(int eventLoops, LongSupplier ticker, CallEvents events) {
      this(eventLoops, ticker, events, new SplittableRandom());
    }

    public static Options defaults() {
      return new Options(Runtime.getRuntime().availableProcessors(), System::nanoTime, CallEvents.NONE);
    }

    public Options withEvents(CallEvents e) {
      return new Options(eventLoops, ticker, clock, scheduler, e, random);
    }

    public Options withScheduler(Function<Vertx, Scheduler> s) {
      return new Options(eventLoops, ticker, clock, s, events, random);
    }

    public Options withClock(InstantSource c) {
      return new Options(eventLoops, ticker, c, scheduler, events, random);
    }
  }

  public static Gateway start(GatewayConfig config) {
    return start(config, Options.defaults());
  }

  public static Gateway start(GatewayConfig config, Options options) {
    int loops = Math.max(1, options.eventLoops());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    Providers providers = null;
    Routing routing = null;
    CallEvents events = null;
    Features features = null;
    try {
      checkExposure(config.server());
      java.time.Clock clock = options.clock().withZone(java.time.ZoneOffset.UTC);
      providers = Providers.create(vertx, config.catalog(), loops, options.clock().withZone(java.time.ZoneOffset.UTC));
      DeploymentHealth health = new DeploymentHealth(config.catalog(), config.dispatch(), options.ticker());
      Metrics metrics = new Metrics(config.catalog(), health);
      features = Features.open(config, clock, metrics.registry());
      List<CallEvents> listeners0 = new ArrayList<>(List.of(health, metrics));
      listeners0.addAll(features.listeners);
      listeners0.add(options.events());
      events = CallEvents.all(listeners0, options.ticker());
      AdminApi admin = new AdminApi(health, metrics);
      Dispatcher dispatcher = new Dispatcher(config.catalog(), providers, config.dispatch(), health,
          new Balancer(health, options.random()), options.scheduler().apply(vertx), options.ticker(), options.random());
      routing = Routing.create(config.catalog(), config.routing(), health::snapshot, PromptTokens::forRouting,
          config.housePolicy(), config.sticky());
      Routing routes = routing;
      Pipeline.Parts parts = Pipeline.Parts.of(routing, dispatcher);
      List<java.util.function.Consumer<io.vertx.ext.web.Router>> mounts = new ArrayList<>();
      mounts.addAll(features.mounts);
      Extras extras = new Extras(null, null, mounts);
      if (features.tenancy != null) {
        MasterKey master = MasterKey.of(config.server().masterKey());
        parts = parts.withAuthenticator(new KeyAuthenticator(features.tenancy))
            .withAdmission(new BudgetAdmission(features.tenancy, routes::reachableModels));
        MasterKey token = config.server().metricsToken() == null ? null : MasterKey.of(config.server().metricsToken());
        extras = new Extras(AdminAuth.requireMaster(master), AdminAuth.requireMasterOr(master, token), mounts);
      } else {
        log.warn("no master key (server.master_key or FAIRWAY_MASTER_KEY): the gateway is open to anyone who can reach"
            + " {}:{}; keep it on loopback", config.server().host(), config.server().port());
      }
      Pipeline pipeline = Pipeline.assemble(parts);
      Extras ingressExtras = extras;

      // One ingress per event loop. Vert.x shares one listening socket among them; with port 0 they
      // all share the one random port it picks.
      ServerConfig server = config.server();
      CallEvents listeners = events;
      List<HttpIngress> ingresses = new CopyOnWriteArrayList<>();
      BodyBudget budget = new BodyBudget(server.bufferBudget());
      await(vertx.deployVerticle(() -> {
        HttpIngress i = new HttpIngress(server, pipeline, config.catalog(), routes.routerNames(), config.housePolicy(),
            options.ticker(), options.clock(), listeners, admin, budget, ingressExtras);
        ingresses.add(i);
        return i;
      }, new DeploymentOptions().setInstances(loops)));
      ServerConfig bound = server.withPort(ingresses.get(0).actualPort());
      return new Gateway(vertx, providers, bound.port(), config.withServer(bound), health, routing, events, features);
    } catch (RuntimeException e) {
      if (events != null) {
        events.close();
      }
      if (features != null) {
        features.close();
      }
      if (providers != null) {
        providers.close();
      }
      if (routing != null) {
        routing.close();
      }
      vertx.close();
      throw e;
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public GatewayConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // best effort on shutdown
    }
    providers.close();
    routing.close();
    events.close(); // listeners flush (the ledger's and the decision log's writer among them)
    features.close();
  }

  /** The database, when the gateway opened one. */
  public Database database() {
    return features.db;
  }

  /** The outbox of per-request records (ledger rows, decision records). */
  public dev.fairway.storage.Outbox outbox() {
    return features.outbox;
  }

  /** The transparency log the decision records are appended to. */
  public dev.fairway.transparency.TransparencyLog transparencyLog() {
    return features.tlog;
  }

  /** Virtual keys, teams and limits; null when no master key is configured. */
  public Tenancy tenancy() {
    return features.tenancy;
  }

  /**
   * Without a master key anyone who can reach the port can spend the operator's credit and
   * administer the gateway: then it listens on loopback only.
   */
  static void checkExposure(ServerConfig server) {
    if (server.masterKey() == null && !isLoopback(server.host())) {
      throw new IllegalStateException("refusing to listen on " + server.host() + " without a master key: anyone who"
          + " can reach it could spend your provider credit and administer the gateway. Set server.master_key (or"
          + " FAIRWAY_MASTER_KEY), or listen on 127.0.0.1.");
    }
  }

  static boolean isLoopback(String host) {
    if (host == null || host.equals("localhost")) {
      return true;
    }
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
