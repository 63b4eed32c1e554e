package dev.fairway.neutrality;

import dev.fairway.pipeline.CallEvents;
import dev.fairway.pipeline.Finished;
import dev.fairway.pipeline.RequestContext;
import java.util.function.BiConsumer;

/**
 * Logs one decision record per request when the request bracket reports its end: built from
 * what the pipeline recorded and handed to {@code sink} (the outbox, which journals it before the
 * answer's last bytes go out, and whose writer appends its canonical bytes to the transparency log).
 * Making the canonical JSON on the event loop, between HTTP work, cost about 9 µs a record there
 * ({@code bench/run load --audit} with it made and dropped); its journal encoding costs about 3.
 */
public final class DecisionLog implements CallEvents {
  private final PromptDigest digest;
  private final String configHash;
  private final String routerModelHash;
  private final BiConsumer<RequestContext, DecisionRecord> sink;

  /**
   * @param sink receives each request and its record (which it journals, {@link DecisionCodec},
   *     and logs by its canonical bytes, {@link DecisionRecords#canonical}, off the event loop)
   */
  public DecisionLog(PromptDigest digest, String configHash, String routerModelHash,
      BiConsumer<RequestContext, DecisionRecord> sink) {
    this.digest = digest;
    this.configHash = configHash;
    this.routerModelHash = routerModelHash;
    this.sink = sink;
  }

  @Override
  public void requestFinished(RequestContext ctx, Finished f) {
    sink.accept(ctx, DecisionRecords.of(ctx, f, digest, configHash, routerModelHash));
  }
}
