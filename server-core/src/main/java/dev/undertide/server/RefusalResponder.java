package dev.undertide.server;

import io.undertow.server.HttpServerExchange;

/**
 * Answers a request the server refuses before the application runs it, such as a 503 for want of a slot
 * under the concurrency limit: with a status and a reason, and then ends the exchange. The servlet layer
 * answers through the application's error pages, so a Spring Boot application answers with its error JSON.
 */
@FunctionalInterface
public interface RefusalResponder {

	/** The reason as plain text. */
	RefusalResponder PLAIN_TEXT = PlainText::send;

	void refuse(HttpServerExchange exchange, int status, String reason);

}
