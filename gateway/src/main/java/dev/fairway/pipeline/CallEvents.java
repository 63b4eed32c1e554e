package dev.fairway.pipeline;

import dev.fairway.api.GatewayError;
import dev.fairway.api.Usage;

/**
 * What happened to a request, reported as it happens by the dispatcher. Metering, metrics, live
 * latency statistics and the decision log listen here; nothing on the request path waits for them.
 * Callbacks run on the request's event loop and must not block.
 */
public interface CallEvents {
  CallEvents NONE = new CallEvents() {};

  default void attemptStarted(Attempt a) {}

  /** The first content token of an attempt arrived (streams), {@code nanos} after the attempt began. */
  default void firstToken(Attempt a, long nanos) {}

  default void attemptSucceeded(Attempt a, Usage usage, long nanos) {}

  /** An attempt failed; {@code partial} is what was consumed before the failure (zero if unknown). */
  default void attemptFailed(Attempt a, GatewayError error, Usage partial, long nanos) {}

  /** Fan-out to several listeners; one listener's failure does not stop the others. */
  static CallEvents all(java.util.List<CallEvents> listeners) {
    java.util.List<CallEvents> ls = java.util.List.copyOf(listeners);
    return new CallEvents() {
      @Override
      public void attemptStarted(Attempt a) {
        for (CallEvents l : ls) {
          try { l.attemptStarted(a); } catch (RuntimeException ignored) { }
        }
      }

      @Override
      public void firstToken(Attempt a, long nanos) {
        for (CallEvents l : ls) {
          try { l.firstToken(a, nanos); } catch (RuntimeException ignored) { }
        }
      }

      @Override
      public void attemptSucceeded(Attempt a, Usage usage, long nanos) {
        for (CallEvents l : ls) {
          try { l.attemptSucceeded(a, usage, nanos); } catch (RuntimeException ignored) { }
        }
      }

      @Override
      public void attemptFailed(Attempt a, GatewayError error, Usage partial, long nanos) {
        for (CallEvents l : ls) {
          try { l.attemptFailed(a, error, partial, nanos); } catch (RuntimeException ignored) { }
        }
      }
    };
  }
}
