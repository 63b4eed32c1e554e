package dev.fairway.ingress;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.NativeRequest;
import dev.fairway.api.ToolDefinition;
import dev.fairway.catalog.Protocol;
import dev.fairway.pipeline.Served;
import io.vertx.core.http.HttpServerResponse;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code x-fairway-dropped} response header: the names of the hints of a request that the
 * provider which answered could not honour, so a client can see that nothing else was lost. Only
 * hints are ever dropped (fields whose absence changes how, never what, a model answers); a field
 * that carries meaning is translated or refused instead.
 */
public final class Dropped {
  private Dropped() {}

  public static final String HEADER = "x-fairway-dropped";

  /**
   * The hints {@code served} dropped from {@code req}: the client protocol's own hints unless the
   * provider speaks that protocol, a tool's {@code strict} flag where only OpenAI's protocol
   * enforces it, and {@code atIngress} (hints the ingress could not carry to any target).
   */
  public static List<String> names(ChatRequest req, Served served, Collection<String> atIngress) {
    TreeSet<String> out = new TreeSet<>(atIngress);
    Protocol p = served.provider().protocol();
    NativeRequest n = req.nativeRequest();
    if (n != null) {
      out.addAll(n.droppedBy(p.configName()));
    }
    boolean native_ = n != null && n.protocol().equals(p.configName());
    if (!native_ && p != Protocol.OPENAI && p != Protocol.AZURE_OPENAI) {
      for (ToolDefinition t : req.tools()) {
        if (Boolean.TRUE.equals(t.strict())) {
          out.add("strict");
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /** Sets the header when something was dropped. */
  public static void header(HttpServerResponse resp, ChatRequest req, Served served, Collection<String> atIngress) {
    List<String> names = names(req, served, atIngress);
    if (!names.isEmpty()) {
      resp.putHeader(HEADER, String.join(", ", names));
    }
  }
}
