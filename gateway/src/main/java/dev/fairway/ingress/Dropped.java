package dev.fairway.ingress;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.ContentPart;
import dev.fairway.api.NativeRequest;
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
    if (native_) {
      return List.copyOf(out);
    }
    boolean openai = p == Protocol.OPENAI || p == Protocol.AZURE_OPENAI;
    if (!openai && req.tools().stream().anyMatch(t -> Boolean.TRUE.equals(t.strict()))) {
      out.add("strict"); // the schema still binds the model; only OpenAI guarantees it
    }
    if ((p == Protocol.ANTHROPIC || p == Protocol.BEDROCK) && imageDetail(req)) {
      out.add("detail"); // they size images themselves
    }
    if (req.user() != null && (p == Protocol.GEMINI
        || p == Protocol.BEDROCK && !BEDROCK_METADATA.matcher(req.user()).matches())) {
      out.add("user"); // Gemini has no end-user field; Bedrock's metadata takes only this alphabet
    }
    return List.copyOf(out);
  }

  private static final java.util.regex.Pattern BEDROCK_METADATA =
      java.util.regex.Pattern.compile("[a-zA-Z0-9\\s:_@$#=/+,.-]{1,256}");

  private static boolean imageDetail(ChatRequest req) {
    for (var m : req.messages()) {
      for (ContentPart part : m.content()) {
        List<ContentPart> parts = part instanceof ContentPart.ToolResult tr ? tr.content() : List.of(part);
        for (ContentPart q : parts) {
          if (q instanceof ContentPart.Image i && i.detail() != null && !i.detail().equals("auto")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Sets the header when something was dropped. */
  public static void header(HttpServerResponse resp, ChatRequest req, Served served, Collection<String> atIngress) {
    List<String> names = names(req, served, atIngress);
    if (!names.isEmpty()) {
      resp.putHeader(HEADER, String.join(", ", names));
    }
  }
}
