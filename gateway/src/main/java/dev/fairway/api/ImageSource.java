package dev.fairway.api;

/** Where an image's bytes come from: inline base64 or a URL the provider fetches itself. */
public sealed interface ImageSource {

  /** Inline image; {@code data} is base64 without a {@code data:} prefix. */
  record Base64(String mediaType, String data) implements ImageSource {}

  /** An http(s) URL, passed to providers that fetch images themselves. */
  record Url(String url) implements ImageSource {}
}
