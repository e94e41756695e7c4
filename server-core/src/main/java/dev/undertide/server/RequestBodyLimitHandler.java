package dev.undertide.server;

import java.io.IOException;

import io.undertow.UndertowMessages;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.Headers;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Refuses request bodies larger than a limit with undertow's {@code RequestTooBigException}, which both
 * stacks answer with 413. A body declared too long fails its first read (undertow's fixed-length decoding
 * checks the exchange's limit). A chunked one is counted here as it is read, because undertow-core's chunked
 * decoding, given a limit, closes the connection when it is exceeded, and the client would get no answer at
 * all. Either way the connection closes after the answer: the rest of the body is never read.
 */
final class RequestBodyLimitHandler implements HttpHandler {

	private final HttpHandler next;

	private final long maxBytes;

	private final ConduitWrapper<StreamSourceConduit> counter;

	RequestBodyLimitHandler(HttpHandler next, long maxBytes) {
		this.next = next;
		this.maxBytes = maxBytes;
		this.counter = (ConduitFactory<StreamSourceConduit> factory, HttpServerExchange exchange) -> new CountingConduit(
				factory.create(), exchange, maxBytes);
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (!exchange.isRequestComplete()) {
			exchange.setMaxEntitySize(this.maxBytes);
			if (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)) {
				exchange.addRequestWrapper(this.counter);
			}
		}
		this.next.handleRequest(exchange);
	}

	private static final class CountingConduit extends ReadObservingConduit {

		private final HttpServerExchange exchange;

		private final long maxBytes;

		private long read;

		CountingConduit(StreamSourceConduit next, HttpServerExchange exchange, long maxBytes) {
			super(next);
			this.exchange = exchange;
			this.maxBytes = maxBytes;
		}

		@Override
		void observe(long read) throws IOException {
			if (read > 0) {
				this.read += read;
			}
			if (this.read > this.maxBytes) {
				this.exchange.setPersistent(false);
				throw UndertowMessages.MESSAGES.requestEntityWasTooLarge(this.maxBytes);
			}
		}

	}

}
