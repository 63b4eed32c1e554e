package dev.fairway.pipeline;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.Usage;
import dev.fairway.metering.Pricing;
import dev.fairway.provider.CallControl;
import dev.fairway.routing.RouteDecision;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One request on its way through the pipeline, from its arrival at a model endpoint to its end.
 * Stages read the canonical request and fill in what later stages need (the tenant, the route
 * decision); the dispatcher reports each attempt here, and the ingress reports the end exactly
 * once ({@link #finish}), which fires {@link CallEvents#requestFinished}. The client's disconnect
 * cancels it. Confined to the request's event loop.
 */
public final class RequestContext {
  private final String id;
  private final Endpoint endpoint;
  private final Credential credential;
  private final Function<String, String> headers;
  private final long startNanos;
  private final long startMillis;
  private final LongSupplier ticker;
  private final CallEvents events;
  private final CallControl clientGone = new CallControl();
  private final List<AttemptRecord> attempts = new ArrayList<>(2);
  private List<Skip> skipped;
  private Deadline deadline;
  private ChatRequest request;
  private dev.fairway.api.EmbeddingRequest embedding;
  private Tenant tenant;
  private RouteDecision decision;
  private Map<String, String> responseHeaders;
  private List<String> ingressDropped = List.of();
  private List<Consumer<Finished>> onFinish;
  private long firstTokenNanos = -1;
  private Finished finished;

  private RequestContext(String id, Endpoint endpoint, Credential credential, Function<String, String> headers,
      long startNanos, long startMillis, LongSupplier ticker, CallEvents events) {
    this.id = Objects.requireNonNull(id);
    this.endpoint = Objects.requireNonNull(endpoint);
    this.credential = credential;
    this.headers = headers == null ? h -> null : headers;
    this.startNanos = startNanos;
    this.startMillis = startMillis;
    this.ticker = ticker;
    this.events = events == null ? CallEvents.NONE : events;
  }

  /**
   * A request that has just arrived; fires {@link CallEvents#requestStarted}.
   *
   * @param credential the key the client presented, or null
   * @param headers the request's headers by lower-case name (null for absent)
   * @param startNanos arrival on {@code ticker}'s clock; {@code startMillis} the same on the wall clock
   */
  public static RequestContext start(String id, Endpoint endpoint, Credential credential,
      Function<String, String> headers, long startNanos, long startMillis, LongSupplier ticker, CallEvents events) {
    RequestContext ctx = new RequestContext(id, endpoint, credential, headers, startNanos, startMillis, ticker, events);
    ctx.events.requestStarted(ctx);
    return ctx;
  }

  /** A request with a decoded body and a deadline, for tests and tools that skip the ingress. */
  public static RequestContext of(String id, ChatRequest request, Deadline deadline) {
    RequestContext ctx = new RequestContext(id, Endpoint.CHAT_COMPLETIONS, null, null, deadline.ticker().getAsLong(),
        0, deadline.ticker(), CallEvents.NONE);
    ctx.request(request);
    ctx.deadline(deadline);
    return ctx;
  }

  public String id() {
    return id;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The key the client presented, or null. Never log it. */
  public Credential credential() {
    return credential;
  }

  /** A request header by lower-case name, or null. */
  public String header(String name) {
    return headers.apply(name);
  }

  public long startNanos() {
    return startNanos;
  }

  /** Arrival on the wall clock, epoch milliseconds. */
  public long startMillis() {
    return startMillis;
  }

  public LongSupplier ticker() {
    return ticker;
  }

  /** The canonical request, or null while (or when) the body has not been decoded. */
  public ChatRequest request() {
    return request;
  }

  public void request(ChatRequest r) {
    this.request = Objects.requireNonNull(r);
  }

  /** The embedding request of {@code /v1/embeddings}, or null. */
  public dev.fairway.api.EmbeddingRequest embedding() {
    return embedding;
  }

  public void embedding(dev.fairway.api.EmbeddingRequest r) {
    this.embedding = Objects.requireNonNull(r);
  }

  /** The model or router the client asked for, or null while the body is not decoded. */
  public String requestedModel() {
    return request != null ? request.model() : embedding != null ? embedding.model() : null;
  }

  public Deadline deadline() {
    return deadline;
  }

  public void deadline(Deadline d) {
    this.deadline = Objects.requireNonNull(d);
  }

  /** Who the request is for, once authenticated; null when the gateway runs without keys. */
  public Tenant tenant() {
    return tenant;
  }

  public void tenant(Tenant t) {
    this.tenant = t;
  }

  /** The names the request's tenant may use, or null for any. */
  public Set<String> allowedModels() {
    Set<String> names = tenant == null ? null : tenant.allowedModels();
    return names == null || names.isEmpty() ? null : names;
  }

  public RouteDecision decision() {
    return decision;
  }

  /** Records the route; fires {@link CallEvents#routed}. */
  public void routed(RouteDecision d) {
    this.decision = Objects.requireNonNull(d);
    events.routed(this, d);
  }

  /** Fires when the client disconnects; dispatch registers the in-flight call's cancel here. */
  public CallControl clientGone() {
    return clientGone;
  }

  public void clientDisconnected() {
    clientGone.cancel(GatewayError.cancelled(Reason.CLIENT_DISCONNECTED, "client disconnected"));
  }

  // ---------------------------------------------------------------- what stages add to the answer

  /** A header every answer to this request carries (rate-limit state, a decision id...). */
  public void responseHeader(String name, String value) {
    if (responseHeaders == null) {
      responseHeaders = new LinkedHashMap<>(16); // room for the six rate-limit headers without a resize
    }
    responseHeaders.put(name, value);
  }

  /** Hints the ingress could not carry to any target (named in {@code x-fairway-dropped}). */
  public void ingressDropped(List<String> names) {
    this.ingressDropped = List.copyOf(names);
  }

  public List<String> ingressDropped() {
    return ingressDropped;
  }

  public Map<String, String> responseHeaders() {
    return responseHeaders == null ? Map.of() : Collections.unmodifiableMap(responseHeaders);
  }

  /** Runs when the request finishes, before the listeners hear of it (a limit's settlement). */
  public void onFinish(Consumer<Finished> action) {
    if (onFinish == null) {
      onFinish = new ArrayList<>(2);
    }
    onFinish.add(action);
  }

  // ---------------------------------------------------------------- attempts, reported by dispatch

  public void attemptStarted(Attempt a) {
    events.attemptStarted(a);
  }

  public void firstToken(Attempt a, long nanos) {
    if (firstTokenNanos < 0) {
      firstTokenNanos = ticker.getAsLong() - startNanos;
    }
    events.firstToken(a, nanos);
  }

  public void attemptSucceeded(Attempt a, Usage usage, boolean estimated, long nanos) {
    attempts.add(new AttemptRecord(a, null, usage, estimated, Pricing.cost(a.model().prices(), usage), nanos));
    events.attemptSucceeded(a, usage, nanos);
  }

  public void attemptFailed(Attempt a, GatewayError error, Usage partial, boolean estimated, long nanos) {
    attempts.add(new AttemptRecord(a, error, partial, estimated, Pricing.cost(a.model().prices(), partial), nanos));
    events.attemptFailed(a, error, partial, nanos);
  }

  /** A candidate dispatch passed over without calling it, and why (every deployment unavailable...). */
  public record Skip(String model, String reason) {}

  public void candidateSkipped(String model, String reason) {
    if (skipped == null) {
      skipped = new ArrayList<>(2);
    }
    for (Skip k : skipped) {
      if (k.model().equals(model)) {
        return;
      }
    }
    skipped.add(new Skip(model, reason));
  }

  public List<Skip> skipped() {
    return skipped == null ? List.of() : Collections.unmodifiableList(skipped);
  }

  /** The attempts that have ended so far, in the order they ended. */
  public List<AttemptRecord> attempts() {
    return Collections.unmodifiableList(attempts);
  }

  /** What every attempt so far cost, exactly; what {@code x-fairway-cost-usd} reports. */
  public BigDecimal costSoFar() {
    BigDecimal c = BigDecimal.ZERO;
    for (AttemptRecord r : attempts) {
      c = c.add(r.costUsd());
    }
    return c;
  }

  // ---------------------------------------------------------------- the end

  /**
   * Ends the request: runs the finish actions, then fires {@link CallEvents#requestFinished}.
   * Only the first call counts; later ones are ignored, so every path that can end a request
   * (answer written, stream ended, error written, client gone) may call it.
   *
   * @return the finish record, or null when the request had already finished
   */
  public Finished finish(Finished.Result result, int httpStatus, Outcome outcome, GatewayError error) {
    if (finished != null) {
      return null;
    }
    Usage usage = Usage.ZERO;
    boolean estimated = false;
    BigDecimal cost = BigDecimal.ZERO;
    for (AttemptRecord r : attempts) {
      usage = usage.plus(r.usage());
      estimated |= r.usageEstimated();
      cost = cost.add(r.costUsd());
    }
    int tries = outcome != null && outcome.served() != null ? outcome.served().attempts() : attempts.size();
    finished = new Finished(result, httpStatus, outcome, error, usage, estimated, cost, tries,
        ticker.getAsLong() - startNanos, firstTokenNanos);
    if (onFinish != null) {
      for (Consumer<Finished> a : onFinish) {
        try {
          a.accept(finished);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(RequestContext.class).warn("finish action failed: {}", e.toString());
        }
      }
    }
    events.requestFinished(this, finished);
    return finished;
  }

  /** How the request ended, or null while it is in flight. */
  public Finished finished() {
    return finished;
  }

  public boolean isFinished() {
    return finished != null;
  }

  @Override
  public String toString() {
    return "RequestContext[" + id + " " + endpoint.label() + (requestedModel() != null ? " " + requestedModel() : "")
        + "]";
  }
}
