package dev.undertide.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.ConduitFactory;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.ReadTimeoutException;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Gives up a connection whose request body stops arriving: when the application waits to read the body
 * (a blocking read, or reads resumed by a non-blocking reader) and no byte comes for the timeout, the
 * connection is closed and the waiting read fails. An application that reads slowly, or not at all, is never
 * timed out: the clock runs only while it waits for the client. undertow's own read timeouts do not fit:
 * {@code Options.READ_TIMEOUT} also runs while the application works on a fully read request, and
 * {@code BlockingReadTimeoutHandler} covers blocking reads only.
 */
final class RequestBodyReadTimeoutHandler implements HttpHandler {

	private final HttpHandler next;

	private final ConduitWrapper<StreamSourceConduit> wrapper;

	private final LongAdder timedOut = new LongAdder();

	RequestBodyReadTimeoutHandler(HttpHandler next, Duration timeout) {
		this.next = next;
		long timeoutNanos = timeout.toNanos();
		this.wrapper = (ConduitFactory<StreamSourceConduit> factory, HttpServerExchange exchange) -> {
			TimedConduit conduit = new TimedConduit(factory.create(), exchange.getConnection(), timeoutNanos);
			// The clock must never outlive its request and close the connection under the next one.
			exchange.addExchangeCompleteListener((completed, nextListener) -> {
				conduit.stopWaiting();
				nextListener.proceed();
			});
			return conduit;
		};
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (!exchange.isRequestComplete()) {
			exchange.addRequestWrapper(this.wrapper);
		}
		this.next.handleRequest(exchange);
	}

	/** Connections given up because their request body stopped arriving for the timeout. */
	long getTimedOut() {
		return this.timedOut.sum();
	}

	private final class TimedConduit extends ReadObservingConduit {

		private final ServerConnection connection;

		private final long timeoutNanos;

		/** When a byte, or the end, was last read; or when the current non-blocking wait began. */
		private volatile long lastProgress = System.nanoTime();

		/** Time spent in blocking waits since a read last made progress; only the reading thread uses it. */
		private long awaitedNanos;

		/** Guarded by this. */
		private XnioExecutor.@Nullable Key timer;

		/** Guarded by this: whether a non-blocking reader waits for bytes. */
		private boolean waiting;

		TimedConduit(StreamSourceConduit next, ServerConnection connection, long timeoutNanos) {
			super(next);
			this.connection = connection;
			this.timeoutNanos = timeoutNanos;
		}

		@Override
		void observe(long read) {
			if (read != 0) {
				this.lastProgress = System.nanoTime();
				this.awaitedNanos = 0;
			}
			if (read == -1) {
				stopWaiting();
			}
		}

		@Override
		public void resumeReads() {
			startWaiting();
			this.next.resumeReads();
		}

		/** Resumes reads too: undertow wakes rather than resumes reads resumed during a handler's call. */
		@Override
		public void wakeupReads() {
			startWaiting();
			this.next.wakeupReads();
		}

		private synchronized void startWaiting() {
			if (!this.waiting) {
				this.waiting = true;
				this.lastProgress = System.nanoTime();
				schedule(this.timeoutNanos);
			}
		}

		@Override
		public void suspendReads() {
			stopWaiting();
			this.next.suspendReads();
		}

		@Override
		public void terminateReads() throws IOException {
			stopWaiting();
			this.next.terminateReads();
		}

		private synchronized void stopWaiting() {
			this.waiting = false;
			if (this.timer != null) {
				this.timer.remove();
				this.timer = null;
			}
		}

		/** Called with the lock held. */
		private void schedule(long delayNanos) {
			this.timer = this.next.getReadThread().executeAfter(this::check, delayNanos, TimeUnit.NANOSECONDS);
		}

		private void check() {
			synchronized (this) {
				this.timer = null;
				if (!this.waiting) {
					return;
				}
				long idle = System.nanoTime() - this.lastProgress;
				if (idle < this.timeoutNanos) {
					schedule(this.timeoutNanos - idle);
					return;
				}
				this.waiting = false;
			}
			giveUp();
		}

		private void giveUp() {
			if (this.connection.isOpen()) {
				RequestBodyReadTimeoutHandler.this.timedOut.increment();
				IoUtils.safeClose(this.connection);
			}
		}

		@Override
		public void awaitReadable() throws IOException {
			awaitReadable(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}

		/** A blocking wait: the time waited counts toward the timeout until a read makes progress. */
		@Override
		public void awaitReadable(long time, TimeUnit unit) throws IOException {
			long start = System.nanoTime();
			try {
				this.next.awaitReadable(Math.min(unit.toNanos(time), this.timeoutNanos - this.awaitedNanos),
						TimeUnit.NANOSECONDS);
			}
			finally {
				this.awaitedNanos += System.nanoTime() - start;
			}
			if (this.awaitedNanos >= this.timeoutNanos) {
				giveUp();
				throw new ReadTimeoutException("No request body bytes arrived for "
						+ TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms; the connection was closed");
			}
		}

	}

}
