package dev.fairway.ingress.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.ingress.IngressSupport;
import dev.fairway.ingress.JsonErrors;
import dev.fairway.pipeline.Endpoint;
import dev.fairway.pipeline.Outcome;
import dev.fairway.pipeline.Pipeline;
import dev.fairway.pipeline.RequestContext;
import io.vertx.ext.web.RoutingContext;
import dev.fairway.provider.Json;
import dev.fairway.provider.openai.EmbeddingsWire;
import dev.fairway.provider.openai.OpenAiEmbeddings;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The wire side of {@code POST /v1/embeddings} in OpenAI's shape: {@link #decode} a client's body
 * into the canonical request (400 naming the field otherwise), {@link #encode} the canonical answer
 * for it; {@link #create} runs the request through the pipeline like every model endpoint
 * (authenticate, limits, route to the named embedding model and its fallbacks, dispatch).
 */
public final class EmbeddingsIngress {
  private final IngressSupport support;
  private final Pipeline pipeline;

  public EmbeddingsIngress(IngressSupport support, Pipeline pipeline) {
    this.support = support;
    this.pipeline = pipeline;
  }

  /** {@code POST /v1/embeddings}. */
  public void create(RoutingContext rc) {
    RequestContext ctx = support.begin(rc, Endpoint.EMBEDDINGS);
    EmbeddingRequest req;
    try {
      req = decode(rc.body().buffer() == null ? Buffer.buffer() : rc.body().buffer());
      support.deadline(rc, ctx);
      ctx.embedding(req);
    } catch (GatewayError e) {
      IngressSupport.fail(rc, ctx, e, OpenAiIngress.ERRORS);
      return;
    }
    IngressSupport.run(rc, ctx, pipeline, new IngressSupport.Responder() {
      @Override
      public void answer(Outcome.Answered a) {
        throw new IllegalStateException("embeddings answered with a chat completion");
      }

      @Override
      public void stream(Outcome.Streaming s) {
        throw new IllegalStateException("embeddings answered with a stream");
      }

      @Override
      public void embedded(Outcome.Embedded e) {
        support.answer(rc, ctx, e, "application/json", encode(e.response(), e.served().model().id(), req.encoding()));
      }

      @Override
      public void error(GatewayError e) {
        IngressSupport.fail(rc, ctx, e, OpenAiIngress.ERRORS);
      }
    });
  }

  private static final ObjectReader REQUEST_READER = Json.SNAKE.readerFor(EmbeddingsWire.Request.class)
      .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The canonical request of an embeddings body. */
  public static EmbeddingRequest decode(Buffer body) {
    byte[] bytes = body.getBytes();
    try {
      EmbeddingsWire.Request wire = REQUEST_READER.readValue(bytes);
      if (wire == null) {
        throw GatewayError.invalid("The request body must be a JSON object.", null, Reason.INVALID_JSON);
      }
      return OpenAiEmbeddings.toCanonical(wire);
    } catch (JsonProcessingException e) {
      throw JsonErrors.describe(e, bytes);
    } catch (IOException e) {
      throw GatewayError.invalid("The request body could not be read.", null, Reason.INVALID_JSON);
    }
  }

  /**
   * The response body for the client: OpenAI's {@code list} of embeddings naming {@code model} (the
   * catalog id that answered), vectors as JSON floats or base64 per the request's encoding.
   */
  public static Buffer encode(EmbeddingResponse response, String model, EmbeddingRequest.Encoding encoding) {
    return Buffer.buffer(OpenAiIngress.write(OpenAiEmbeddings.toClient(response, model, encoding)));
  }
}
