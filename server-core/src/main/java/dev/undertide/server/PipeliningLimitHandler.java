package dev.undertide.server;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;

/**
 * Limits how many responses in a row one connection gets while the bytes of its next request have already
 * been read: a client that pipelines deeper than that has its connection closed after the response at the
 * limit ({@code Connection: close}), and the bytes read ahead are never parsed. RFC 9112 §9.3.2 has the
 * client send those requests again on a new connection. With a limit of 0 a connection is never pipelined.
 * <p>
 * Only what the server has already read counts: a request still in the socket is not read ahead. A response
 * that starts before its request body has been read does not count either way, since the bytes read may
 * still be that body.
 */
final class PipeliningLimitHandler implements HttpHandler {

	/** On the connection: responses in a row that started with the next request already read. */
	private static final AttachmentKey<Integer> PIPELINED_RESPONSES = AttachmentKey.create(Integer.class);

	private final HttpHandler next;

	private final ResponseCommitListener limiter;

	PipeliningLimitHandler(HttpHandler next, int maxPipelined) {
		this.next = next;
		this.limiter = (exchange) -> beforeCommit(exchange, maxPipelined);
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (exchange.getConnection() instanceof HttpServerConnection && exchange.isPersistent()) {
			exchange.addResponseCommitListener(this.limiter);
		}
		this.next.handleRequest(exchange);
	}

	private static void beforeCommit(HttpServerExchange exchange, int maxPipelined) {
		if (!exchange.isRequestComplete() || !exchange.isPersistent()) {
			return;
		}
		HttpServerConnection connection = (HttpServerConnection) exchange.getConnection();
		PooledByteBuffer readAhead = connection.getExtraBytes();
		if (readAhead == null || !readAhead.getBuffer().hasRemaining()) {
			connection.removeAttachment(PIPELINED_RESPONSES);
			return;
		}
		Integer before = connection.getAttachment(PIPELINED_RESPONSES);
		int pipelined = (before != null) ? before + 1 : 1;
		if (pipelined > maxPipelined) {
			exchange.setPersistent(false);
		}
		else {
			connection.putAttachment(PIPELINED_RESPONSES, pipelined);
		}
	}

}
