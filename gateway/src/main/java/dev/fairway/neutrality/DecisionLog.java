package dev.fairway.neutrality;

import dev.fairway.pipeline.CallEvents;
import dev.fairway.pipeline.Finished;
import dev.fairway.pipeline.RequestContext;
import java.util.function.BiConsumer;

/**
 * Logs one decision record per request when the request bracket reports its end: built from
 * what the pipeline recorded, encoded to its canonical bytes and handed to {@code sink} (the
 * outbox, whose writer appends it to the transparency log) before the answer's last bytes go out.
 */
public final class DecisionLog implements CallEvents {
  private final PromptDigest digest;
  private final String configHash;
  private final String routerModelHash;
  private final BiConsumer<RequestContext, byte[]> sink;

  /** @param sink receives each request and its record's canonical bytes */
  public DecisionLog(PromptDigest digest, String configHash, String routerModelHash,
      BiConsumer<RequestContext, byte[]> sink) {
    this.digest = digest;
    this.configHash = configHash;
    this.routerModelHash = routerModelHash;
    this.sink = sink;
  }

  @Override
  public void requestFinished(RequestContext ctx, Finished f) {
    sink.accept(ctx, DecisionRecords.canonical(DecisionRecords.of(ctx, f, digest, configHash, routerModelHash)));
  }
}
