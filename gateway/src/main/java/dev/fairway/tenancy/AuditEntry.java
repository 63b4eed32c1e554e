package dev.fairway.tenancy;

/**
 * One admin change: who ({@code master} for the master key), when, what, to which key or team,
 * and its settings before and after as JSON (null when created or deleted). Never a secret.
 */
public record AuditEntry(long atMs, String actor, String action, String targetType, String targetId,
    String beforeJson, String afterJson) {}
