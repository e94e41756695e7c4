package dev.undertide.server;

import java.nio.charset.StandardCharsets;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * The short plain-text answers the server gives on its own, before or instead of the application.
 */
public final class PlainText {

	private PlainText() {
	}

	/** Sends {@code text} with {@code status} and ends the exchange. */
	public static void send(HttpServerExchange exchange, int status, String text) {
		exchange.setStatusCode(status);
		exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain;charset=UTF-8");
		exchange.getResponseSender().send(text, StandardCharsets.UTF_8);
	}

}
