package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.StatusCodes;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body up to a limit on the I/O thread before the request goes on, so that a client that
 * uploads slowly holds a few pooled buffers meanwhile instead of a worker thread or a concurrency slot. A
 * body that fits arrives whole before the application runs; of a longer chunked body the application gets
 * the first bytes from the buffers and reads the rest from the socket. A body declared longer than the
 * limit, or than the request size limit, goes on unread, as does one whose client expects
 * {@code 100 Continue}: that answer waits until the application reads.
 * <p>
 * A chunked body found to exceed the request size limit is answered 413 like a refused request. One whose
 * client goes away, sends malformed chunks or stops sending for the read timeout ends its request with the
 * connection closed: nobody is left to answer.
 */
final class RequestBodyBufferingHandler implements HttpHandler {

	private final HttpHandler next;

	private final long limit;

	private final RefusalResponder refusals;

	RequestBodyBufferingHandler(HttpHandler next, long limit, RefusalResponder refusals) {
		this.next = next;
		this.limit = limit;
		this.refusals = refusals;
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		long maxEntitySize = exchange.getMaxEntitySize();
		// Never read past the size limit here: the application answers that with its 413.
		long allowance = (maxEntitySize > 0) ? Math.min(this.limit, maxEntitySize) : this.limit;
		if (exchange.isRequestComplete() || HttpContinue.requiresContinueResponse(exchange)
				|| exchange.getRequestContentLength() > allowance) {
			this.next.handleRequest(exchange);
			return;
		}
		new BodyBuffer(exchange, allowance).fill();
	}

	private final class BodyBuffer {

		private final HttpServerExchange exchange;

		private final StreamSourceChannel channel;

		private final List<PooledByteBuffer> filled = new ArrayList<>();

		private long room;

		private PooledByteBuffer current;

		/** Whether reads are resumed with this as their listener. */
		private boolean waiting;

		/** Whether the bytes read have been handed over or released. */
		private boolean done;

		BodyBuffer(HttpServerExchange exchange, long allowance) {
			this.exchange = exchange;
			this.channel = exchange.getRequestChannel();
			this.room = allowance;
			this.current = exchange.getConnection().getByteBufferPool().allocate();
		}

		/** Reads what is there; goes on once the body or the allowance is read, else waits for more. */
		void fill() throws Exception {
			HttpHandler then = readOrWait();
			if (then != null) {
				then.handleRequest(this.exchange);
			}
		}

		private void fillWhenReadable() {
			if (this.done) {
				return;
			}
			HttpHandler then = readOrWait();
			if (then != null) {
				this.channel.getReadSetter().set(null);
				this.channel.getCloseSetter().set(null);
				this.channel.suspendReads();
				Connectors.executeRootHandler(then, this.exchange);
			}
		}

		/** What handles the request once the reading is over, or {@code null} while waiting for bytes. */
		private @Nullable HttpHandler readOrWait() {
			try {
				if (readAvailable()) {
					handOver();
					return RequestBodyBufferingHandler.this.next;
				}
				if (!this.waiting) {
					this.waiting = true;
					this.channel.getReadSetter().set((channel) -> fillWhenReadable());
					this.channel.getCloseSetter().set((channel) -> fail());
					this.channel.resumeReads();
				}
				return null;
			}
			catch (RequestTooBigException ex) {
				release();
				this.exchange.setPersistent(false);
				return (exchange) -> RequestBodyBufferingHandler.this.refusals.refuse(exchange,
						StatusCodes.REQUEST_ENTITY_TOO_LARGE, "Request body larger than "
								+ exchange.getMaxEntitySize() + " bytes");
			}
			catch (IOException ex) {
				fail();
				return null;
			}
		}

		/** Whether the body, or as much of it as the allowance takes, has been read. */
		private boolean readAvailable() throws IOException {
			while (true) {
				ByteBuffer buffer = this.current.getBuffer();
				buffer.limit((int) Math.min(buffer.capacity(), buffer.position() + this.room));
				int read = this.channel.read(buffer);
				if (read == -1) {
					return true;
				}
				if (read == 0) {
					return false;
				}
				this.room -= read;
				if (this.room == 0) {
					return true;
				}
				if (!buffer.hasRemaining()) {
					this.filled.add(this.current);
					this.current = this.exchange.getConnection().getByteBufferPool().allocate();
				}
			}
		}

		/** Leaves the bytes read for the application's reads, which take them before the socket's. */
		private void handOver() {
			this.done = true;
			if (this.current.getBuffer().position() > 0) {
				this.filled.add(this.current);
			}
			else {
				this.current.close();
			}
			if (!this.filled.isEmpty()) {
				this.filled.forEach((pooled) -> pooled.getBuffer().flip());
				Connectors.ungetRequestBytes(this.exchange, this.filled.toArray(PooledByteBuffer[]::new));
			}
			Connectors.resetRequestChannel(this.exchange);
		}

		private void fail() {
			if (this.done) {
				return;
			}
			release();
			IoUtils.safeClose(this.exchange.getConnection());
			this.exchange.endExchange();
		}

		private void release() {
			this.done = true;
			this.filled.forEach(PooledByteBuffer::close);
			this.current.close();
		}

	}

}
