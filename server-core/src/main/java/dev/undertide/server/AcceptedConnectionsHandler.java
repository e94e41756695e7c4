package dev.undertide.server;

import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;

/**
 * Counts the connections the server accepted, each once, when its first request arrives: undertow's
 * connector statistics count only the connections open now, and its accept loop has no hook. A connection
 * closed before it sent a request is not counted.
 */
final class AcceptedConnectionsHandler implements HttpHandler {

	private static final AttachmentKey<Boolean> COUNTED = AttachmentKey.create(Boolean.class);

	private final HttpHandler next;

	private final LongAdder accepted = new LongAdder();

	AcceptedConnectionsHandler(HttpHandler next) {
		this.next = next;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		ServerConnection connection = exchange.getConnection();
		if (connection.getAttachment(COUNTED) == null) {
			connection.putAttachment(COUNTED, Boolean.TRUE);
			this.accepted.increment();
		}
		this.next.handleRequest(exchange);
	}

	long getAccepted() {
		return this.accepted.sum();
	}

}
