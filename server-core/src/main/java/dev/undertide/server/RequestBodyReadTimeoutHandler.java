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
import org.xnio.IoUtils;
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

		private final NoProgressClock clock;

		private final long timeoutNanos;

		TimedConduit(StreamSourceConduit next, ServerConnection connection, long timeoutNanos) {
			super(next);
			this.timeoutNanos = timeoutNanos;
			Runnable giveUp = () -> {
				if (connection.isOpen()) {
					RequestBodyReadTimeoutHandler.this.timedOut.increment();
					IoUtils.safeClose(connection);
				}
			};
			this.clock = new NoProgressClock(next.getReadThread(), timeoutNanos, giveUp, giveUp);
		}

		@Override
		void observe(long read) {
			if (read != 0) {
				this.clock.progress();
			}
			if (read == -1) {
				stopWaiting();
			}
		}

		@Override
		public void resumeReads() {
			this.clock.startWaiting();
			this.next.resumeReads();
		}

		/** Resumes reads too: undertow wakes rather than resumes reads resumed during a handler's call. */
		@Override
		public void wakeupReads() {
			this.clock.startWaiting();
			this.next.wakeupReads();
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

		void stopWaiting() {
			this.clock.stopWaiting();
		}

		@Override
		public void awaitReadable() throws IOException {
			awaitReadable(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public void awaitReadable(long time, TimeUnit unit) throws IOException {
			this.clock.awaitBlocking((nanos) -> this.next.awaitReadable(nanos, TimeUnit.NANOSECONDS), time, unit,
					() -> new ReadTimeoutException("No request body bytes arrived for "
							+ TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms; the connection was closed"));
		}

	}

}
