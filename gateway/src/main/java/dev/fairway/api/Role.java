package dev.fairway.api;

/** Who wrote a message. Tool results travel in {@link #TOOL} messages whatever the client protocol. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT,
  TOOL
}
