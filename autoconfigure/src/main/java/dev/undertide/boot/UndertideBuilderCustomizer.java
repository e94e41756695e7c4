package dev.undertide.boot;

import dev.undertide.server.UndertideServer;

/**
 * Customises the {@link UndertideServer.Builder} directly, after everything Undertide configures: undertow
 * and XNIO options Undertide does not expose are set there by
 * {@link UndertideServer.Builder#serverOption serverOption} and
 * {@link UndertideServer.Builder#socketOption socketOption}.
 */
@FunctionalInterface
public interface UndertideBuilderCustomizer {

	void customize(UndertideServer.Builder builder);

}
