package dev.fairway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fairway.api.NativeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields of a client's Messages body the canonical request cannot carry, sorted into hints
 * and semantics (see {@link NativeRequest}), so that an Anthropic-protocol target gets the body
 * unchanged and any other target drops or refuses them by name.
 *
 * <p>Hints (another target answers the same question without them): {@code cache_control}
 * (prompt-cache breakpoints: cost and latency only), {@code context_management} (server-side
 * clearing of old tool results and thinking: without it the model sees more of the conversation,
 * never less), {@code inference_geo} and {@code service_tier} (where and on which capacity
 * Anthropic runs it), and the tool fields {@code eager_input_streaming} (streaming granularity),
 * {@code input_examples} (examples of valid input; the schema still binds) and
 * {@code defer_loading} (load the tool on demand through tool search; without it the tool is simply
 * offered upfront). Semantics (the answer would differ or be impossible without them):
 * {@code container} and {@code mcp_servers}, whose tools Anthropic's servers run.
 */
public final class AnthropicNative {
  private AnthropicNative() {}

  /**
   * The native request of a decoded body: the hints and semantics are read from the decoded
   * record (its content blocks are already trees), so nothing is parsed twice.
   *
   * @param bytes the body as received
   * @param beta the client's {@code anthropic-beta} header, or null
   */
  public static NativeRequest of(AnthropicWire.MessagesRequest w, byte[] bytes, String beta) {
    Set<String> hints = new TreeSet<>();
    if (present(w.contextManagement())) {
      hints.add("context_management");
    }
    if (w.inferenceGeo() != null) {
      hints.add("inference_geo");
    }
    if (w.serviceTier() != null) {
      hints.add("service_tier");
    }
    if (w.thinking() != null && w.thinking().display() != null) {
      hints.add("thinking.display"); // whether thinking text comes back; other targets return what they give
    }
    if (cacheControlIn(w.system())) {
      hints.add("cache_control");
    }
    if (w.tools() != null) {
      for (AnthropicWire.Tool t : w.tools()) {
        if (t == null) {
          continue;
        }
        if (t.eagerInputStreaming() != null) {
          hints.add("eager_input_streaming");
        }
        if (present(t.inputExamples())) {
          hints.add("input_examples");
        }
        if (t.deferLoading() != null) {
          hints.add("defer_loading");
        }
        if (present(t.cacheControl())) {
          hints.add("cache_control");
        }
      }
    }
    if (!hints.contains("cache_control") && w.messages() != null) {
      for (AnthropicWire.InputMessage m : w.messages()) {
        if (m != null && cacheControlIn(m.content())) {
          hints.add("cache_control");
          break;
        }
      }
    }
    List<String> semantics = new ArrayList<>(2);
    if (present(w.container())) {
      semantics.add("container");
    }
    if (present(w.mcpServers()) && !(w.mcpServers().isArray() && w.mcpServers().isEmpty())) {
      semantics.add("mcp_servers");
    }
    Map<String, String> headers = beta == null || beta.isBlank() ? Map.of() : Map.of("anthropic-beta", beta);
    return new NativeRequest(NativeRequest.ANTHROPIC, bytes, headers, List.copyOf(hints), semantics);
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull();
  }

  /** True when a block list (or a tool result's nested content) marks a cache breakpoint. */
  private static boolean cacheControlIn(JsonNode blocks) {
    if (blocks == null || !blocks.isArray()) {
      return false;
    }
    for (JsonNode b : blocks) {
      if (present(b.get("cache_control")) || cacheControlIn(b.get("content"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Moves {@code role: "system"} turns (Claude Code sends them to non-Claude models) to the end of
   * the top-level {@code system}, in order: the Messages API takes system text only there, and the
   * canonical translation does the same. The body is otherwise left as sent.
   */
  private static void hoistSystemMessages(ObjectNode o) {
    JsonNode messages = o.get("messages");
    if (messages == null || !messages.isArray()) {
      return;
    }
    boolean any = false;
    for (JsonNode m : messages) {
      any |= "system".equals(m.path("role").asText());
    }
    if (!any) {
      return;
    }
    com.fasterxml.jackson.databind.node.ArrayNode kept = o.arrayNode();
    com.fasterxml.jackson.databind.node.ArrayNode system = o.arrayNode();
    JsonNode top = o.get("system");
    if (top != null && top.isTextual() && !top.asText().isEmpty()) {
      system.addObject().put("type", "text").put("text", top.asText());
    } else if (top != null && top.isArray()) {
      system.addAll((com.fasterxml.jackson.databind.node.ArrayNode) top);
    }
    for (JsonNode m : messages) {
      if (!"system".equals(m.path("role").asText())) {
        kept.add(m);
      } else if (m.path("content").isTextual()) {
        system.addObject().put("type", "text").put("text", m.path("content").asText());
      } else {
        m.path("content").forEach(system::add);
      }
    }
    o.set("messages", kept);
    o.set("system", system);
  }

  /**
   * The client's body for an Anthropic-protocol upstream: a shallow copy with the upstream's model
   * name and the stream flag of this call, system turns moved to {@code system}; everything else as
   * the client sent it.
   */
  public static ObjectNode upstreamBody(NativeRequest n, String upstreamModel, boolean stream) {
    ObjectNode o;
    try {
      o = (ObjectNode) dev.fairway.provider.Json.SNAKE.readTree(n.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // it was decoded once already
    }
    hoistSystemMessages(o);
    o.put("model", upstreamModel);
    if (stream) {
      o.put("stream", true);
    } else {
      o.remove("stream");
    }
    return o;
  }
}
