package dev.fairway.tenancy;

/** The outcome of {@link Limits#reserve}: a {@link Permit} to go ahead, or a {@link LimitRefusal}. */
public sealed interface Reservation permits Permit, LimitRefusal {}
