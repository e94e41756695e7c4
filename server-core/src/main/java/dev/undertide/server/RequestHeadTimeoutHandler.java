package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Closes a connection whose request line and headers take longer than the timeout to arrive (a slowloris)
 * and counts it. Each connection is watched from its opening: the clock starts when the first bytes of a
 * request head are read, stops when the parsed request reaches this handler, the first of the chain, and
 * waits for the next head once the exchange completes on a connection that is kept alive. undertow's
 * {@code REQUEST_PARSE_TIMEOUT} does the same but closes the connection without telling anyone.
 */
final class RequestHeadTimeoutHandler implements HttpHandler {

	private final HttpHandler next;

	private final long timeoutNanos;

	private final LongAdder timedOut = new LongAdder();

	/** The watch of each open connection, found again by the connection its requests arrive on. */
	private final Map<StreamConnection, HeadWatch> watches = new ConcurrentHashMap<>();

	RequestHeadTimeoutHandler(HttpHandler next, Duration timeout) {
		this.next = next;
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Wraps the listener that opens accepted connections so that every connection is watched, starting
	 * with the bytes the open listener reads at once.
	 */
	ChannelListener<StreamConnection> watching(ChannelListener<? super StreamConnection> openListener) {
		return (connection) -> {
			HeadWatch watch = new HeadWatch(connection.getSourceChannel().getConduit(), connection);
			connection.getSourceChannel().setConduit(watch);
			this.watches.put(connection, watch);
			ChannelListeners.invokeChannelListener(connection, openListener);
			// XNIO adds this to undertow's close listener, or runs it at once on a connection already closed.
			connection.setCloseListener(this::forget);
		};
	}

	private void forget(StreamConnection connection) {
		HeadWatch watch = this.watches.remove(connection);
		if (watch != null) {
			watch.stop();
		}
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		HttpServerConnection connection = (exchange.getConnection() instanceof HttpServerConnection http) ? http
				: null;
		HeadWatch watch = (connection != null) ? this.watches.get(connection.getChannel()) : null;
		if (watch != null) {
			watch.requestStarted();
			exchange.addExchangeCompleteListener((completed, nextListener) -> {
				// Bytes read with this request and left over begin the next head: no read will start its clock.
				watch.requestEnded(completed.isPersistent(), connection.getExtraBytes() != null);
				nextListener.proceed();
			});
		}
		this.next.handleRequest(exchange);
	}

	/** Connections closed because a request head did not arrive within the timeout. */
	long getTimedOut() {
		return this.timedOut.sum();
	}

	/** Sees the bytes a connection reads, and holds the clock of its request heads. */
	private final class HeadWatch extends AbstractStreamSourceConduit<StreamSourceConduit> {

		private final StreamConnection connection;

		/** Guarded by this: when bytes of the current head were first read; -1 while none is under way. */
		private long headStarted = -1;

		/** Guarded by this: a request is being handled, or the connection is done with requests. */
		private boolean busy;

		/** Guarded by this. */
		private XnioExecutor.@Nullable Key timer;

		HeadWatch(StreamSourceConduit next, StreamConnection connection) {
			super(next);
			this.connection = connection;
		}

		@Override
		public int read(ByteBuffer destination) throws IOException {
			return read(this.next.read(destination));
		}

		@Override
		public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
			return read(this.next.read(destinations, offset, length));
		}

		@Override
		public long transferTo(long position, long count, FileChannel target) throws IOException {
			return read(this.next.transferTo(position, count, target));
		}

		@Override
		public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
			return read(this.next.transferTo(count, throughBuffer, target));
		}

		private <T extends Number> T read(T count) {
			if (count.longValue() > 0) {
				synchronized (this) {
					headBegins();
				}
			}
			return count;
		}

		/** Called with the lock held. */
		private void headBegins() {
			if (!this.busy && this.headStarted < 0) {
				this.headStarted = System.nanoTime();
				if (this.timer == null) {
					schedule(RequestHeadTimeoutHandler.this.timeoutNanos);
				}
			}
		}

		synchronized void requestStarted() {
			this.busy = true;
			this.headStarted = -1;
		}

		/** A connection that will close waits for no further head. */
		synchronized void requestEnded(boolean persistent, boolean nextHeadBegun) {
			this.busy = !persistent;
			if (nextHeadBegun) {
				headBegins();
			}
		}

		synchronized void stop() {
			this.busy = true;
			if (this.timer != null) {
				this.timer.remove();
				this.timer = null;
			}
		}

		/** Called with the lock held. */
		private void schedule(long delayNanos) {
			try {
				this.timer = this.connection.getIoThread().executeAfter(this::check, delayNanos, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// The worker is shutting down, and the connection with it.
			}
		}

		private void check() {
			synchronized (this) {
				this.timer = null;
				if (this.busy || this.headStarted < 0) {
					return;
				}
				long waited = System.nanoTime() - this.headStarted;
				if (waited < RequestHeadTimeoutHandler.this.timeoutNanos) {
					schedule(RequestHeadTimeoutHandler.this.timeoutNanos - waited);
					return;
				}
				this.busy = true;
			}
			if (this.connection.isOpen()) {
				RequestHeadTimeoutHandler.this.timedOut.increment();
				IoUtils.safeClose(this.connection);
			}
		}

	}

}
