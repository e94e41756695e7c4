package dev.undertide.boot;

import io.undertow.Undertow;

/**
 * Customises undertow's {@link Undertow.Builder} directly, after everything Undertide configures, for
 * options Undertide does not expose.
 */
@FunctionalInterface
public interface UndertideBuilderCustomizer {

	void customize(Undertow.Builder builder);

}
