package dev.fairway.pipeline;

import java.util.Set;

/**
 * Who a request is for, once authentication has identified its key: what routing, limits and
 * the ledger need to know, and nothing secret.
 */
public interface Tenant {
  /** The key's public id ({@code sk-fw-<id>-...}), or {@code master} for the master key. */
  String keyId();

  /** The key's team id, or null. */
  String teamId();

  /**
   * Names the key may ask for (models, aliases, router names); null or empty means any. A router
   * allowed by name may choose among its own candidates unless the set also names concrete models.
   */
  Set<String> allowedModels();
}
