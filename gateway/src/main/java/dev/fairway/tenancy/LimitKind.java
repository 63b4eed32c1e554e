package dev.fairway.tenancy;

/** Which limit refused a request. */
public enum LimitKind {
  BUDGET,
  REQUESTS_PER_MINUTE,
  TOKENS_PER_MINUTE,
  PARALLEL
}
