package dev.fairway.ingress.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.fairway.api.EmbeddingRequest;
import dev.fairway.api.EmbeddingResponse;
import dev.fairway.api.GatewayError;
import dev.fairway.api.Reason;
import dev.fairway.ingress.JsonErrors;
import dev.fairway.provider.Json;
import dev.fairway.provider.openai.EmbeddingsWire;
import dev.fairway.provider.openai.OpenAiEmbeddings;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The wire side of {@code POST /v1/embeddings} in OpenAI's shape: {@link #decode} a client's body
 * into the canonical request (400 naming the field otherwise), {@link #encode} the canonical answer
 * for it. The route itself runs the request through the pipeline (wired elsewhere); errors are
 * answered with {@link OpenAiIngress#error}.
 */
public final class EmbeddingsIngress {
  private EmbeddingsIngress() {}

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
