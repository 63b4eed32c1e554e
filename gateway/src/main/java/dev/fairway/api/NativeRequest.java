package dev.fairway.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client's request as it sent it, kept beside the canonical request for the fields the canonical
 * model does not carry: a target speaking the client's own protocol receives the body unchanged
 * (but for the model name and the stream flag), any other target gets the canonical translation.
 *
 * <p>Design: the fields beyond the canonical model are of two kinds. <em>Hints</em> change how a
 * model answers, never what the answer means (prompt-cache breakpoints, context editing, an
 * inference region, eager tool-input streaming...); another protocol's target drops them and the
 * response lists their names in {@code x-fairway-dropped}. <em>Semantics</em> change what is
 * answered (server-side MCP servers, a code-execution container); a target that cannot honour them
 * refuses the request as {@link GatewayError#unsupported}, so dispatch tries another candidate.
 * Pipeline stages that rewrite the canonical request in ways the body would contradict (other
 * messages, other limits) must drop it with {@code toBuilder().nativeRequest(null)}.
 *
 * @param protocol the client protocol, e.g. {@code anthropic}
 * @param body the request body's bytes as the client sent them (never modified); parsed again only
 *     when a target of the client's protocol is called, so other targets pay nothing for it
 * @param headers protocol headers passed on with the body (e.g. {@code anthropic-beta}); may be empty
 * @param hints names of the hint fields present, in the client protocol's own notation
 * @param semantics names of the fields only the native protocol can honour
 */
public record NativeRequest(String protocol, byte[] body, Map<String, String> headers, List<String> hints,
    List<String> semantics) {

  public static final String ANTHROPIC = "anthropic";

  public NativeRequest {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(body, "body");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    hints = hints == null ? List.of() : List.copyOf(hints);
    semantics = semantics == null ? List.of() : List.copyOf(semantics);
  }

  /** True when {@code r} carries a native body of {@code protocol}. */
  public static boolean of(ChatRequest r, String protocol) {
    return r.nativeRequest() != null && r.nativeRequest().protocol().equals(protocol);
  }

  /**
   * Refuses {@code r} for a target that does not speak its client's protocol when it carries fields
   * only that protocol can honour; {@code who} names the target in the message.
   */
  public static void refuseForeign(ChatRequest r, String who) {
    NativeRequest n = r.nativeRequest();
    if (n != null && !n.semantics().isEmpty()) {
      String field = n.semantics().get(0);
      throw GatewayError.unsupported(who + " cannot honour '" + field + "', which only " + n.protocol()
          + "-protocol providers serve.", field);
    }
  }

  /** The hints a target dropped: all of them unless it speaks the client's protocol. */
  public List<String> droppedBy(String targetProtocol) {
    return protocol.equals(targetProtocol) ? List.of() : hints;
  }
}
