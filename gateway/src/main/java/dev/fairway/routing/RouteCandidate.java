package dev.fairway.routing;

import dev.fairway.catalog.Model;

/** A model the request may go to, and why it is in the list. */
public record RouteCandidate(Model model, String reason) {}
