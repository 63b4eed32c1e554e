package dev.fairway.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** One wire protocol's face of the mock: which paths it answers and how. */
interface MockFront {
  boolean handles(HttpServerRequest req);

  void handle(HttpServerRequest req, Buffer body);
}
