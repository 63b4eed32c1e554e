package dev.fairway.pipeline;

import dev.fairway.catalog.Deployment;
import dev.fairway.catalog.Model;

/**
 * One try of one request against one deployment.
 *
 * @param number 1 for the first attempt of a request, then 2, 3... across retries and fallbacks
 * @param startNanos {@link System#nanoTime()}-based start, from the gateway's ticker
 */
public record Attempt(String requestId, int number, Model model, Deployment deployment, boolean stream, long startNanos) {}
