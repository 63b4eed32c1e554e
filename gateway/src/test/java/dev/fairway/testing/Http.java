package dev.fairway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small JSON-over-HTTP client for tests, on the JDK's HttpClient. */
public final class Http {
  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(String base) {
    this.base = base;
  }

  /** A response with its body parsed as JSON (null when it is not JSON). */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A streamed response: headers, then every SSE event's (type, data) in order. */
  public record Stream(int status, Map<String, List<String>> headers, List<Event> events, String raw) {
    public record Event(String type, String data) {
      public JsonNode json() {
        try {
          return JSON.readTree(data);
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + data, e);
        }
      }
    }

    public String header(String name) {
      return new Response(status, headers, raw).header(name);
    }

    public List<String> data() {
      return events.stream().map(Event::data).toList();
    }
  }

  public Response get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  public Response post(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  public Response post(String path, Object body, String... headers) {
    try {
      return post(path, JSON.writeValueAsString(body), headers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Stream stream(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<java.io.InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      List<Stream.Event> events = new ArrayList<>();
      StringBuilder raw = new StringBuilder();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String type = null;
        StringBuilder data = null;
        String line;
        while ((line = in.readLine()) != null) {
          raw.append(line).append('\n');
          if (line.isEmpty()) {
            if (data != null) {
              events.add(new Stream.Event(type, data.toString()));
            }
            type = null;
            data = null;
          } else if (line.startsWith("data:")) {
            String v = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
            data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
          } else if (line.startsWith("event:")) {
            type = line.substring(6).trim();
          }
        }
      } catch (IOException broken) {
        raw.append("<connection closed: ").append(broken.getClass().getSimpleName()).append(">\n");
      }
      return new Stream(r.statusCode(), r.headers().map(), events, raw.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A counter's or gauge's value in {@code /metrics} (Prometheus text), its first series if it has labels. */
  public double metric(String name) {
    return get("/metrics").body().lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no metric " + name + " in /metrics"));
  }

  private static Response send(HttpRequest req) {
    try {
      HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {"model": m, "messages": [{"role": "user", "content": text}]} plus extra top-level fields. */
  public static String chat(String model, String text, String... extraJsonFields) {
    StringBuilder sb = new StringBuilder("{\"model\":").append(quote(model))
        .append(",\"messages\":[{\"role\":\"user\",\"content\":").append(quote(text)).append("}]");
    for (String f : extraJsonFields) {
      sb.append(',').append(f);
    }
    return sb.append('}').toString();
  }

  public static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
