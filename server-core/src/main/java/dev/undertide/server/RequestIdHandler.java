package dev.undertide.server;

import java.util.concurrent.atomic.AtomicLong;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * Gives every request an id on arrival, kept on the exchange under {@link #REQUEST_ID}, so that the access
 * log ({@code %{REQUEST_ID}}) and the application ({@code ServletRequest.getRequestId()}, the reactive
 * adapter) name a request the same way. undertow-core 2.4 has no request id of its own. Assigning it here,
 * before the exchange is handed to any other thread, keeps ids in arrival order and visible to every
 * thread that later works on the request.
 */
public final class RequestIdHandler implements HttpHandler {

	/** The id of the request, unique within this JVM. */
	public static final AttachmentKey<String> REQUEST_ID = AttachmentKey.create(String.class);

	private static final AtomicLong lastId = new AtomicLong();

	private final HttpHandler next;

	public RequestIdHandler(HttpHandler next) {
		this.next = next;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		exchange.putAttachment(REQUEST_ID, Long.toString(lastId.incrementAndGet()));
		this.next.handleRequest(exchange);
	}

	/**
	 * The id of the request; one is assigned now if the exchange did not pass this handler, as when the
	 * servlet container runs inside another undertow server.
	 */
	public static String requestId(HttpServerExchange exchange) {
		String id = exchange.getAttachment(REQUEST_ID);
		if (id == null) {
			id = Long.toString(lastId.incrementAndGet());
			exchange.putAttachment(REQUEST_ID, id);
		}
		return id;
	}

}
