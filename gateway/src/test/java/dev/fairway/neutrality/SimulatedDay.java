package dev.fairway.neutrality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fairway.testing.Http;
import dev.fairway.testing.RoutingData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A day's worth of varied demo traffic: mostly {@code model: "auto"} (planning, reasoning, code,
 * extraction, small talk and general questions at many lengths, some with tools, images, a token
 * limit or streaming, some over the Anthropic protocol), some router presets, some named models;
 * plus benchmark prompts from the shared routing data, read in place, when it is there.
 */
final class SimulatedDay {
  private SimulatedDay() {}

  /** One request: where it goes and its body; {@code routed} when the gateway, not the client, picks the model. */
  record Request(String path, String body, boolean routed, String session) {
    Request(String path, String body, boolean routed) {
      this(path, body, routed, null);
    }

    /** The request's extra headers: its conversation's session, when it belongs to one. */
    String[] headers() {
      return session == null ? new String[0] : new String[] {"x-fairway-session", session};
    }
  }

  private static final String[] SUBJECTS = {"our billing system", "a data warehouse", "the mobile app", "single sign-on",
      "a fraud detector", "the search index", "an onboarding flow", "a payments API", "the support desk", "a CDN"};
  private static final String[] LANGS = {"Python", "Java", "TypeScript", "Go", "Rust", "SQL"};
  private static final String[] CODE = {"merges overlapping intervals", "parses ISO durations", "deduplicates a list",
      "retries a call with exponential backoff", "validates an email address", "computes a moving average"};
  private static final String[] LIGHT = {"Thanks, that helps a lot!", "Hi there, how are you today?", "ok great",
      "Good night!", "Tell me a short joke about cats.", "Translate 'see you tomorrow' into Spanish."};
  private static final String[] TOPICS = {"gateways", "the history of the printing press", "photosynthesis",
      "how vaccines work", "the rules of cricket", "black holes", "compound interest", "the Silk Road"};
  private static final String PARAGRAPH = "The quarterly report covers revenue, costs, hiring and the roadmap; each"
      + " section lists the figures of the last three quarters and the open questions for the next one. ";
  private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
      + "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  static List<Request> requests(int synthetic, int fromData, long seed) {
    Random rnd = new Random(seed);
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < synthetic; i++) {
      out.add(request(i, rnd));
    }
    for (String p : dataPrompts(fromData)) {
      out.add(new Request("/v1/chat/completions", Http.chat("auto", p), true));
    }
    java.util.Collections.shuffle(out, rnd);
    return out;
  }

  private static Request request(int i, Random rnd) {
    String prompt = prompt(i, rnd);
    int kind = rnd.nextInt(20);
    if (kind < 2) { // the client names a model
      String model = new String[] {"gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash", "nova-lite"}[rnd.nextInt(4)];
      return new Request("/v1/chat/completions", Http.chat(model, prompt), false);
    }
    if (kind < 4) {
      String preset = new String[] {"auto:cost", "auto:balanced", "auto:quality"}[rnd.nextInt(3)];
      return new Request("/v1/chat/completions", Http.chat(preset, prompt), true);
    }
    if (kind == 4) {
      return new Request("/v1/messages", "{\"model\":\"auto\",\"max_tokens\":" + (100 + rnd.nextInt(900))
          + ",\"messages\":[{\"role\":\"user\",\"content\":" + Http.quote(prompt) + "}]}", true);
    }
    if (kind == 5) {
      return new Request("/v1/chat/completions", Http.chat("auto", prompt, "\"max_tokens\":" + (16 + rnd.nextInt(4000))),
          true);
    }
    if (kind == 6) {
      return new Request("/v1/chat/completions", Http.chat("auto", prompt, "\"tools\":[{\"type\":\"function\","
          + "\"function\":{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}}}]"),
          true);
    }
    if (kind == 7) {
      return new Request("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":["
          + "{\"type\":\"text\",\"text\":" + Http.quote(prompt) + "},{\"type\":\"image_url\",\"image_url\":{\"url\":\""
          + PNG + "\"}}]}]}", true);
    }
    if (kind == 8) {
      return new Request("/v1/chat/completions", Http.chat("auto", prompt, "\"stream\":true"), true);
    }
    if (kind == 9) { // a turn of one of a few conversations: the router keeps the conversation's model
      return new Request("/v1/chat/completions", Http.chat("auto", prompt), true, "conversation-" + rnd.nextInt(6));
    }
    return new Request("/v1/chat/completions", Http.chat("auto", prompt), true);
  }

  private static String prompt(int i, Random rnd) {
    String s = SUBJECTS[rnd.nextInt(SUBJECTS.length)];
    String base = switch (i % 6) {
      case 0 -> "Plan the migration of " + s + " over " + (2 + rnd.nextInt(4)) + " quarters, with milestones, risks"
          + " and owners.";
      case 1 -> "If " + (3 + rnd.nextInt(9)) + " machines make as many widgets in " + (2 + rnd.nextInt(9))
          + " minutes, how long do " + (10 + rnd.nextInt(90)) + " machines take? Explain your reasoning step by step.";
      case 2 -> "Write a " + LANGS[rnd.nextInt(LANGS.length)] + " function that " + CODE[rnd.nextInt(CODE.length)]
          + ", with unit tests.";
      case 3 -> "Summarize the following notes about " + s + " in three bullet points and extract every date: "
          + PARAGRAPH.repeat(1 + rnd.nextInt(6));
      case 4 -> LIGHT[rnd.nextInt(LIGHT.length)];
      default -> "Tell me about " + TOPICS[rnd.nextInt(TOPICS.length)] + ".";
    };
    int pad = rnd.nextInt(10) == 0 ? 40 + rnd.nextInt(400) : 0; // now and then a long context
    return pad == 0 ? base + " (#" + i + ")" : PARAGRAPH.repeat(pad) + base;
  }

  /** Prompts of the shared routing data (read in place), cut to 6,000 characters; none when it is absent. */
  private static List<String> dataPrompts(int n) {
    Path dir = RoutingData.dir();
    List<String> out = new ArrayList<>();
    if (dir == null || n == 0) {
      return out;
    }
    for (String file : new String[] {"routerbench-train.jsonl", "dcrouter-train.jsonl"}) {
      Path f = dir.resolve(file);
      if (!Files.isRegularFile(f)) {
        continue;
      }
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        int taken = 0;
        for (int k = 0; (line = r.readLine()) != null && taken < n / 2; k++) {
          if (k % 7 != 0) {
            continue; // spread over the file's tasks
          }
          JsonNode j = Http.JSON.readTree(line);
          String p = j.path("prompt").asText();
          out.add(p.length() > 6000 ? p.substring(p.length() - 6000) : p);
          taken++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
