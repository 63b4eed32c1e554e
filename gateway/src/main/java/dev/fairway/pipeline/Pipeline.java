package dev.fairway.pipeline;

import dev.fairway.routing.Routing;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;

/**
 * The request pipeline, assembled in one place so it reads top to bottom. Every endpoint that
 * calls a model (chat completions, responses, messages, count_tokens, embeddings) runs it.
 */
public final class Pipeline {
  private final List<Interceptor> stages;

  private Pipeline(List<Interceptor> stages) {
    this.stages = List.copyOf(stages);
  }

  /** What the stages delegate to; the defaults leave authentication, limits and the cache off. */
  public record Parts(Authenticator authenticator, Admission admission, ResponseCache cache, Routing routing,
      Caller caller) {
    public Parts {
      authenticator = authenticator == null ? Authenticator.OPEN : authenticator;
      admission = admission == null ? Admission.NONE : admission;
      cache = cache == null ? ResponseCache.NONE : cache;
      Objects.requireNonNull(routing, "routing");
      Objects.requireNonNull(caller, "caller");
    }

    public static Parts of(Routing routing, Caller caller) {
      return new Parts(null, null, null, routing, caller);
    }

    public Parts withAuthenticator(Authenticator a) {
      return new Parts(a, admission, cache, routing, caller);
    }

    public Parts withAdmission(Admission a) {
      return new Parts(authenticator, a, cache, routing, caller);
    }

    public Parts withCache(ResponseCache c) {
      return new Parts(authenticator, admission, c, routing, caller);
    }
  }

  public static Pipeline assemble(Parts p) {
    return new Pipeline(List.of(
        new Authenticate(p.authenticator()),  // credential -> tenant, or 401
        new Limit(p.admission()),             // reserve budget and rate allowance, or 403/429
        new CacheLookup(p.cache()),           // a stored answer, or on
        new Route(p.routing()),               // which models, in which order
        new Dispatch(p.caller())));           // call them, falling back as needed
  }

  /** Runs the stages for a request whose body is decoded; completes on the request's event loop. */
  public Future<Outcome> execute(RequestContext ctx) {
    return new RealChain(stages, 0, ctx).proceed();
  }

  /** The stages' class names in order (for the README's architecture section and tests). */
  public List<String> stageNames() {
    return stages.stream().map(s -> s.getClass().getSimpleName()).toList();
  }
}
