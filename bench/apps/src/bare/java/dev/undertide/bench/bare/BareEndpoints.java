package dev.undertide.bench.bare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * The four endpoints as plain undertow-core {@link HttpHandler}s, no Spring, no servlet, shared by
 * {@code undertow-bare} (on undertow's own {@code Undertow} server) and {@code undertide-bare} (on
 * Undertide's {@code UndertideServer}, so the difference between the two is what Undertide's handler
 * chain costs). Handlers run on the XNIO I/O threads with the non-blocking {@link Sender}.
 *
 * /json is built per request by the tiny hand-written JSON string builder below (not a
 * pre-serialised constant), so it does per-request work comparable to Jackson's.
 */
final class BareEndpoints {

	static final String PLAINTEXT = "Hello, World!";

	static final ByteBuffer PLAINTEXT_BYTES = ByteBuffer
		.allocateDirect(PLAINTEXT.length())
		.put(PLAINTEXT.getBytes(StandardCharsets.US_ASCII))
		.flip()
		.asReadOnlyBuffer();

	/** 1 MiB body of /big, allocated once. */
	static final byte[] BIG = fill(1024 * 1024);

	static final byte[] CHUNK = fill(1024);

	static final int CHUNKS = 10;

	private BareEndpoints() {
	}

	/** /plaintext, /json, /big and /stream; 404 for anything else. */
	static HttpHandler routes() {
		return new RoutingHandler()
			.get("/plaintext", BareEndpoints::plaintext)
			.get("/json", BareEndpoints::json)
			.get("/big", BareEndpoints::big)
			.get("/stream", BareEndpoints::stream)
			.setFallbackHandler((exchange) -> exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange());
	}

	static void plaintext(HttpServerExchange exchange) {
		exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
		exchange.getResponseSender().send(PLAINTEXT_BYTES.duplicate());
	}

	static void json(HttpServerExchange exchange) {
		exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
		exchange.getResponseSender().send(jsonObject("message", PLAINTEXT), StandardCharsets.UTF_8);
	}

	static void big(HttpServerExchange exchange) {
		exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
		exchange.getResponseSender().send(ByteBuffer.wrap(BIG));
	}

	/** 10 chunks of 1 KiB, each sent when the previous write completed (chunked encoding). */
	static void stream(HttpServerExchange exchange) {
		exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
		new ChunkWriter().next(exchange, exchange.getResponseSender());
	}

	private static final class ChunkWriter implements IoCallback {

		private int written;

		void next(HttpServerExchange exchange, Sender sender) {
			if (this.written++ < CHUNKS) {
				sender.send(ByteBuffer.wrap(CHUNK).asReadOnlyBuffer(), this);
			}
			else {
				IoCallback.END_EXCHANGE.onComplete(exchange, sender);
			}
		}

		@Override
		public void onComplete(HttpServerExchange exchange, Sender sender) {
			next(exchange, sender);
		}

		@Override
		public void onException(HttpServerExchange exchange, Sender sender, IOException exception) {
			IoCallback.END_EXCHANGE.onException(exchange, sender, exception);
		}

	}

	/** A one-field JSON object, built and escaped on every call. */
	static String jsonObject(String name, String value) {
		StringBuilder json = new StringBuilder(name.length() + value.length() + 8);
		json.append('{');
		appendString(json, name);
		json.append(':');
		appendString(json, value);
		return json.append('}').toString();
	}

	private static void appendString(StringBuilder json, String s) {
		json.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	private static byte[] fill(int size) {
		byte[] pattern = "0123456789abcdefghijklmnopqrstuvwxyz\n".getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = pattern[i % pattern.length];
		}
		return bytes;
	}

}
