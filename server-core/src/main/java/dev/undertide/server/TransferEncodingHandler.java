package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Refuses a request body whose length cannot be known (RFC 9112 §6). undertow-core decodes any
 * {@code Transfer-Encoding} other than {@code identity} as chunked ({@code gzip}, {@code xchunked},
 * {@code chunked, gzip}), and {@code identity} as a body that runs to the end of the connection; a front
 * proxy that frames the same bytes otherwise would see a second request where undertow sees a body, or the
 * reverse. So, before anything reads the body:
 * <ul>
 * <li>a coding list whose last coding is not {@code chunked} is answered 400 (§6.3: the length cannot be
 * determined);</li>
 * <li>{@code chunked} after codings the server does not implement is answered 501 (§6.1), and so the body
 * is never decoded;</li>
 * <li>{@code chunked} applied twice is answered 400 (§7).</li>
 * </ul>
 * Each refusal closes the connection: the body is never read, so nothing after it can be parsed as a
 * request. An HTTP/1.0 request with a {@code Transfer-Encoding} is answered, then its connection closed
 * (§6.1: its framing is to be treated as faulty). A chunked body whose trailer undertow-core cannot decode
 * fails to read with an {@link IOException}, as any malformed chunked body does.
 */
final class TransferEncodingHandler implements HttpHandler {

	private static final String CHUNKED = "chunked";

	/**
	 * undertow-core's chunk decoder throws an {@link IllegalArgumentException} for a trailer field name with a
	 * byte over 0x7F, which would reach the application as a failure of its own (a 500), or be logged as
	 * an unexpected error when undertow drains the body after the answer.
	 */
	private static final ConduitWrapper<StreamSourceConduit> TRAILER_GUARD = (factory,
			exchange) -> new TrailerGuard(factory.create());

	private final HttpHandler next;

	TransferEncodingHandler(HttpHandler next) {
		this.next = next;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		HeaderValues values = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
		if (values == null) {
			this.next.handleRequest(exchange);
			return;
		}
		int status = statusFor(String.join(",", values));
		if (status != StatusCodes.OK) {
			exchange.setPersistent(false);
			PlainText.send(exchange, status, (status == StatusCodes.NOT_IMPLEMENTED)
					? "Not Implemented: transfer codings other than chunked" : "Bad Request: invalid Transfer-Encoding");
			return;
		}
		if (exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
			exchange.setPersistent(false);
		}
		exchange.addRequestWrapper(TRAILER_GUARD);
		this.next.handleRequest(exchange);
	}

	/** 200 for a body in plain {@code chunked}, else the status that refuses it. Empty list elements are ignored. */
	private static int statusFor(String transferEncoding) {
		List<String> codings = Arrays.stream(transferEncoding.split(","))
			.map((coding) -> coding.trim().toLowerCase(Locale.ROOT))
			.filter((coding) -> !coding.isEmpty())
			.toList();
		if (codings.isEmpty() || !codings.get(codings.size() - 1).equals(CHUNKED)
				|| codings.indexOf(CHUNKED) != codings.size() - 1) {
			return StatusCodes.BAD_REQUEST;
		}
		return (codings.size() > 1) ? StatusCodes.NOT_IMPLEMENTED : StatusCodes.OK;
	}

	private static final class TrailerGuard extends AbstractStreamSourceConduit<StreamSourceConduit> {

		TrailerGuard(StreamSourceConduit next) {
			super(next);
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			try {
				return this.next.read(destination);
			}
			catch (IllegalArgumentException ex) {
				throw malformed(ex);
			}
		}

		@Override
		public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
			try {
				return this.next.read(destinations, offset, length);
			}
			catch (IllegalArgumentException ex) {
				throw malformed(ex);
			}
		}

		@Override
		public long transferTo(long position, long count, FileChannel target) throws IOException {
			try {
				return this.next.transferTo(position, count, target);
			}
			catch (IllegalArgumentException ex) {
				throw malformed(ex);
			}
		}

		@Override
		public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
			try {
				return this.next.transferTo(count, throughBuffer, target);
			}
			catch (IllegalArgumentException ex) {
				throw malformed(ex);
			}
		}

		private static IOException malformed(IllegalArgumentException ex) {
			return new IOException("The chunked request body has a trailer that cannot be decoded", ex);
		}

	}

}
