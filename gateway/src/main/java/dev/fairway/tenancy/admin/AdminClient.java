package dev.fairway.tenancy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of a running gateway's admin API (what {@code fairway keys} and {@code fairway teams}
 * use): JSON over HTTP with the master key as a bearer token. The key is sent, never printed.
 */
public final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String masterKey;
  private final HttpClient http;
  private final Duration timeout;

  /** @param masterKey the master key, or null to send none (an open gateway) */
  public AdminClient(URI base, String masterKey, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.masterKey = masterKey;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** An answer: its status, and its body parsed as JSON (null when it is not JSON). */
  public record Reply(int status, JsonNode json, String raw) {
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The message of an OpenAI-format error body, or the raw body. */
    public String errorMessage() {
      String m = json == null ? null : json.path("error").path("message").asText(null);
      return m != null ? m : raw;
    }
  }

  public Reply get(String path) throws IOException {
    return send("GET", path, null);
  }

  public Reply post(String path, JsonNode body) throws IOException {
    return send("POST", path, body == null ? "{}" : body.toString());
  }

  public Reply patch(String path, JsonNode body) throws IOException {
    return send("PATCH", path, body.toString());
  }

  public Reply delete(String path) throws IOException {
    return send("DELETE", path, null);
  }

  /** Sends {@code body} as is (null: no body). */
  public Reply send(String method, String path, String body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .header("accept", "application/json");
    if (masterKey != null) {
      b.header("authorization", "Bearer " + masterKey);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode json;
    try {
      json = r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body());
    } catch (IOException notJson) {
      json = null;
    }
    return new Reply(r.statusCode(), json, r.body());
  }

  @Override
  public String toString() {
    return "AdminClient[" + base + "]";
  }
}
