package dev.fairway.ingress.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.fairway.api.ChatRequest;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.api.StreamEvent;
import dev.fairway.catalog.Catalog;
import dev.fairway.catalog.Model;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Served;
import dev.fairway.ingress.Dropped;
import dev.fairway.ingress.FairwayHeaders;
import dev.fairway.ingress.IngressSupport;
import dev.fairway.ingress.JsonErrors;
import dev.fairway.ingress.SseResponder;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import dev.fairway.provider.Json;
import dev.fairway.provider.openai.OpenAiErrors;
import dev.fairway.provider.openai.OpenAiRequests;
import dev.fairway.provider.openai.OpenAiResponses;
import dev.fairway.provider.openai.OpenAiStreams;
import dev.fairway.provider.openai.OpenAiWire;
import dev.fairway.routing.HousePolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Fairway's OpenAI-compatible API: {@code POST /v1/chat/completions} and {@code GET /v1/models}. */
public final class OpenAiIngress {
  private static final ObjectReader REQUEST_READER = Json.STRICT_SNAKE.readerFor(OpenAiWire.ChatCompletionRequest.class)
      .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectWriter WRITER = Json.SNAKE.writer();
  private static final String SIMULATED_FINGERPRINT = "fairway-simulated";

  private final IngressSupport support;
  private final Pipeline pipeline;
  private final Catalog catalog;
  private final java.util.Set<String> routers;
  private final byte[] modelList;
  private final OpenAiWire.ModelMetadata routerMetadata;

  /** @param routers router names clients may ask for ({@code auto}, {@code auto:cost}...), listed as models */
  public OpenAiIngress(IngressSupport support, Pipeline pipeline, Catalog catalog, List<String> routers) {
    this(support, pipeline, catalog, routers, HousePolicy.NONE);
  }

  /** @param policy the house policy the routers apply, named in the model list when it is on */
  public OpenAiIngress(IngressSupport support, Pipeline pipeline, Catalog catalog, List<String> routers,
      HousePolicy policy) {
    this.support = support;
    this.pipeline = pipeline;
    this.catalog = catalog;
    this.routers = new java.util.LinkedHashSet<>(routers);
    OpenAiWire.HousePolicy named = policy.enabled() ? new OpenAiWire.HousePolicy(policy.owners(), policy.qualityBonus(),
        policy.priceDiscount(), policy.describe()) : null;
    this.routerMetadata = named == null ? null : new OpenAiWire.ModelMetadata(named);
    this.modelList = write(modelList(catalog, routers, named));
  }

  /** Decodes a Chat Completions body into the canonical request; errors name the parameter. */
  public static ChatRequest decode(Buffer body) {
    byte[] bytes = body.getBytes();
    try {
      OpenAiWire.ChatCompletionRequest wire = REQUEST_READER.readValue(bytes);
      if (wire == null) {
        throw GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
      }
      return OpenAiRequests.toCanonical(wire);
    } catch (JsonProcessingException e) {
      throw JsonErrors.describe(e, bytes);
    } catch (IOException e) {
      throw GatewayError.invalid("The request body could not be read.", null, Reason.INVALID_JSON);
    }
  }

  /** OpenAI's error format, for requests that went through the pipeline. */
  public static final IngressSupport.ErrorFormat ERRORS = new IngressSupport.ErrorFormat() {
    @Override
    public int status(GatewayError e) {
      return OpenAiErrors.status(e);
    }

    @Override
    public void write(RoutingContext rc, GatewayError e) {
      error(rc, e);
    }
  };

  public void chatCompletions(RoutingContext rc) {
    RequestContext ctx = support.begin(rc, Endpoint.CHAT_COMPLETIONS);
    ChatRequest req;
    try {
      req = decode(rc.body().buffer() == null ? Buffer.buffer() : rc.body().buffer());
      support.deadline(rc, ctx);
      ctx.request(req);
    } catch (GatewayError e) {
      IngressSupport.fail(rc, ctx, e, ERRORS);
      return;
    }
    IngressSupport.run(rc, ctx, pipeline, new IngressSupport.Responder() {
      @Override
      public void answer(Outcome.Answered a) {
        OpenAiIngress.this.answer(rc, ctx, a);
      }

      @Override
      public void stream(Outcome.Streaming s) {
        OpenAiIngress.this.stream(rc, ctx, s, req.includeUsage());
      }

      @Override
      public void error(GatewayError e) {
        IngressSupport.fail(rc, ctx, e, ERRORS);
      }
    });
  }

  private void answer(RoutingContext rc, RequestContext ctx, Outcome.Answered a) {
    Served s = a.served();
    OpenAiWire.ChatCompletion body = OpenAiResponses.toWire(a.response(), s.model().id(), fingerprint(s));
    support.answer(rc, ctx, a, "application/json", Buffer.buffer(write(body)));
  }

  private void stream(RoutingContext rc, RequestContext ctx, Outcome.Streaming s, boolean includeUsage) {
    Served served = s.served();
    support.streamHeaders(rc, ctx, s);
    OpenAiStreams.Encoder encoder = new OpenAiStreams.Encoder(served.model().id(), includeUsage, fingerprint(served));
    SseResponder.Framing framing = new SseResponder.Framing() {
      @Override
      public void event(StreamEvent e, Buffer out) {
        for (OpenAiWire.ChatCompletionChunk c : encoder.encode(e)) {
          SseResponder.data(out, write(c));
        }
      }

      @Override
      public void complete(Buffer out) {
        out.appendString("data: [DONE]\n\n");
      }

      @Override
      public void error(GatewayError e, Buffer out) {
        SseResponder.data(out, write(OpenAiErrors.toWire(e)));
      }
    };
    new SseResponder(rc.response(), framing, s, ctx).start();
  }

  public void models(RoutingContext rc) {
    rc.response().putHeader("content-type", "application/json").end(Buffer.buffer(modelList));
  }

  public void model(RoutingContext rc) {
    String id = rc.pathParam("model");
    Model m = catalog.find(id).orElse(null);
    if (m == null && routers.contains(id)) {
      rc.response().putHeader("content-type", "application/json")
          .end(Buffer.buffer(write(new OpenAiWire.ModelEntry(id, "model", 0, ROUTER_OWNER, routerMetadata))));
      return;
    }
    if (m == null) {
      error(rc, GatewayError.of(dev.fairway.api.ErrorKind.NOT_FOUND,
          "The model `" + id + "` does not exist or you do not have access to it.")
          .withReason(Reason.MODEL_NOT_FOUND).withParam("model"));
      return;
    }
    rc.response().putHeader("content-type", "application/json")
        .end(Buffer.buffer(write(new OpenAiWire.ModelEntry(m.id(), "model", 0, m.owner()))));
  }

  /** {@code owned_by} of router entries in the model list: the gateway's own, not a vendor's. */
  static final String ROUTER_OWNER = "fairway-router";

  /** Models, then routers; a house policy is named at the top and on every router, the entries that apply it. */
  private static OpenAiWire.ModelList modelList(Catalog catalog, List<String> routers, OpenAiWire.HousePolicy policy) {
    OpenAiWire.ModelMetadata meta = policy == null ? null : new OpenAiWire.ModelMetadata(policy);
    List<OpenAiWire.ModelEntry> data = new ArrayList<>();
    for (Model m : catalog.allModels()) {
      data.add(new OpenAiWire.ModelEntry(m.id(), "model", 0, m.owner()));
    }
    for (String r : routers) {
      data.add(new OpenAiWire.ModelEntry(r, "model", 0, ROUTER_OWNER, meta));
    }
    return new OpenAiWire.ModelList("list", data, policy);
  }

  private static String fingerprint(Served s) {
    return s.simulated() ? SIMULATED_FINGERPRINT : null;
  }

  /** Answers with OpenAI's error object and the error's status (plus Retry-After when known). */
  public static void error(RoutingContext rc, GatewayError e) {
    HttpServerResponse resp = rc.response();
    if (resp.headWritten()) {
      resp.reset();
      return;
    }
    resp.setStatusCode(OpenAiErrors.status(e)).putHeader("content-type", "application/json");
    IngressSupport.retryAfter(resp, e);
    resp.end(Buffer.buffer(write(OpenAiErrors.toWire(e))));
  }

  static byte[] write(Object o) {
    try {
      return WRITER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
