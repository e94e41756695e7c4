package dev.undertide.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.StatusCodes;

/**
 * Refuses a request head over the limit with the status that names what is too long: 414 when the request
 * line alone is (RFC 9112 §3 requires 414 for a target the server will not parse), else 431 (RFC 6585),
 * and closes the connection. undertow-core's parser refuses an over-long head with a bare 400 of its own
 * before any handler runs, so the server gives it a hard limit of {@link #HARD_LIMIT_FACTOR} times this
 * one: a head up to that is parsed and measured here, and only a longer one gets undertow's 400.
 * <p>
 * Sizes are counted as the head is written on the wire, from what undertow parsed: method, target and
 * version with their separators, and every header line with its {@code ": "} and CRLF.
 */
final class RequestHeadLimitHandler implements HttpHandler {

	/** How many times the limit undertow's own parser is let read before it refuses a head with 400. */
	static final int HARD_LIMIT_FACTOR = 2;

	private final HttpHandler next;

	private final int limit;

	RequestHeadLimitHandler(HttpHandler next, int limit) {
		this.next = next;
		this.limit = limit;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		long requestLine = requestLineSize(exchange);
		if (requestLine > this.limit) {
			refuse(exchange, StatusCodes.REQUEST_URI_TOO_LARGE, "URI Too Long");
			return;
		}
		if (requestLine + headersSize(exchange) > this.limit) {
			refuse(exchange, StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request Header Fields Too Large");
			return;
		}
		this.next.handleRequest(exchange);
	}

	/** {@code METHOD SP target SP version CRLF}. */
	private static long requestLineSize(HttpServerExchange exchange) {
		String query = exchange.getQueryString();
		long target = exchange.getRequestURI().length() + ((query == null || query.isEmpty()) ? 0 : query.length() + 1);
		return exchange.getRequestMethod().length() + 1 + target + 1 + exchange.getProtocol().length() + 2;
	}

	/** Every {@code name: value CRLF}, and the CRLF that ends the head. */
	private static long headersSize(HttpServerExchange exchange) {
		long size = 2;
		for (HeaderValues values : exchange.getRequestHeaders()) {
			int name = values.getHeaderName().length();
			for (String value : values) {
				size += name + 2 + value.length() + 2;
			}
		}
		return size;
	}

	private static void refuse(HttpServerExchange exchange, int status, String reason) {
		exchange.setPersistent(false);
		PlainText.send(exchange, status, reason);
	}

}
