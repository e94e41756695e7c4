package dev.undertide.server;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.undertow.predicate.Predicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.util.Headers;

/**
 * Which responses are compressed: those of at least {@code minResponseSize} bytes (or of unknown length),
 * of one of the {@code mimeTypes} ({@code type/*} matches a whole type), for clients whose
 * {@code User-Agent} matches none of the {@code excludedUserAgents} patterns. undertow's
 * {@link EncodingHandler} does the compressing, with gzip when the client accepts it. Not with undertow's
 * "deflate", which is raw deflate where HTTP means the zlib format.
 */
public record CompressionSettings(long minResponseSize, List<String> mimeTypes, List<String> excludedUserAgents) {

	public CompressionSettings {
		mimeTypes = mimeTypes.stream().map((type) -> type.trim().toLowerCase(Locale.ROOT)).toList();
		excludedUserAgents = List.copyOf(excludedUserAgents);
	}

	HttpHandler handler(HttpHandler next) {
		Predicate compressible = new Compressible(this);
		return new EncodingHandler(next,
				new ContentEncodingRepository().addEncodingHandler("gzip", new GzipEncodingProvider(), 50, compressible));
	}

	/**
	 * Decides, as the response starts, whether it is compressed; when it is, caches are told that it depends
	 * on {@code Accept-Encoding}.
	 */
	private static final class Compressible implements Predicate {

		private final long minResponseSize;

		private final List<String> mimeTypes;

		private final List<Pattern> excludedUserAgents;

		Compressible(CompressionSettings settings) {
			this.minResponseSize = settings.minResponseSize();
			this.mimeTypes = settings.mimeTypes();
			this.excludedUserAgents = settings.excludedUserAgents().stream().map(Pattern::compile).toList();
		}

		@Override
		public boolean resolve(HttpServerExchange exchange) {
			if (!largeEnough(exchange) || !compressibleType(exchange) || excludedUserAgent(exchange)) {
				return false;
			}
			exchange.getResponseHeaders().add(Headers.VARY, Headers.ACCEPT_ENCODING_STRING);
			return true;
		}

		private boolean largeEnough(HttpServerExchange exchange) {
			long length = exchange.getResponseContentLength();
			return length < 0 || length >= this.minResponseSize;
		}

		private boolean compressibleType(HttpServerExchange exchange) {
			String contentType = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
			if (contentType == null) {
				return false;
			}
			int parameters = contentType.indexOf(';');
			String mediaType = ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).trim()
				.toLowerCase(Locale.ROOT);
			for (String mimeType : this.mimeTypes) {
				if (mimeType.equals(mediaType) || (mimeType.endsWith("/*")
						&& mediaType.startsWith(mimeType.substring(0, mimeType.length() - 1)))) {
					return true;
				}
			}
			return false;
		}

		private boolean excludedUserAgent(HttpServerExchange exchange) {
			String userAgent = exchange.getRequestHeaders().getFirst(Headers.USER_AGENT);
			return userAgent != null
					&& this.excludedUserAgents.stream().anyMatch((agent) -> agent.matcher(userAgent).matches());
		}

	}

}
