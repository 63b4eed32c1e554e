package dev.fairway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fairway.api.ChatRequest;
import dev.fairway.api.Message;
import dev.fairway.catalog.Catalog;
import dev.fairway.routing.Routing;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTest {

  static RequestContext ctx() {
    return RequestContext.of("r1", ChatRequest.builder("m").messages(List.of(Message.user("hi"))).build(),
        Deadline.after(Duration.ofSeconds(1), System::nanoTime));
  }

  @Test
  void assemblesEveryStageInOrder() {
    Pipeline p = Pipeline.assemble(Pipeline.Parts.of(
        Routing.explicitOnly(new Catalog(Map.of(), Map.of(), Map.of(), Map.of())), c -> Future.failedFuture("x")));
    assertThat(p.stageNames()).containsExactly("Authenticate", "Limit", "CacheLookup", "Route", "Dispatch");
  }

  @Test
  void namesTheStageThatProceedsTwice() {
    Interceptor twice = new ProceedsTwice();
    RealChain chain = new RealChain(List.of(twice, c -> Future.succeededFuture()), 0, ctx());
    assertThatThrownBy(chain::proceed).isInstanceOf(IllegalStateException.class)
        .hasMessage(ProceedsTwice.class.getName() + " must call proceed() at most once");
  }

  @Test
  void namesTheLastStageWhenItProceedsInsteadOfAnswering() {
    Interceptor last = new ProceedsOnce();
    RealChain chain = new RealChain(List.of(last), 0, ctx());
    assertThatThrownBy(chain::proceed).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the last stage (" + ProceedsOnce.class.getName() + ") must answer");
  }

  @Test
  void namesTheStageThatReturnsNull() {
    Interceptor nothing = new ReturnsNull();
    assertThatThrownBy(new RealChain(List.of(nothing), 0, ctx())::proceed)
        .hasMessageContaining(ReturnsNull.class.getName() + " returned null");
  }

  @Test
  void aRefusalThrownByAStageBecomesAFailedFuture() {
    Interceptor refuses = c -> {
      throw dev.fairway.api.GatewayError.invalid("no", "model");
    };
    Future<Outcome> f = new RealChain(List.of(refuses), 0, ctx()).proceed();
    assertThat(f.failed()).isTrue();
    assertThat(f.cause()).hasMessage("no");
  }

  @Test
  void aRequestFinishesOnlyOnce() {
    RequestContext c = ctx();
    assertThat(c.finish(Finished.Result.ANSWERED, 200, null, null)).isNotNull();
    assertThat(c.finish(Finished.Result.CLIENT_GONE, 499, null, null)).isNull();
    assertThat(c.finished().result()).isEqualTo(Finished.Result.ANSWERED);
  }

  static final class ProceedsTwice implements Interceptor {
    @Override
    public Future<Outcome> intercept(Chain chain) {
      chain.proceed();
      return chain.proceed();
    }
  }

  static final class ProceedsOnce implements Interceptor {
    @Override
    public Future<Outcome> intercept(Chain chain) {
      return chain.proceed();
    }
  }

  static final class ReturnsNull implements Interceptor {
    @Override
    public Future<Outcome> intercept(Chain chain) {
      return null;
    }
  }
}
