package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.ConduitFactory;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.channels.WriteTimeoutException;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Gives up a connection whose client stops reading the response: when a write waits for room in the
 * socket (a blocking write, or writes resumed by a non-blocking writer) and none comes for the timeout,
 * the connection is closed and the waiting writer fails. A slow client that keeps reading is never cut off.
 * It takes the place of XNIO's {@code Options.WRITE_TIMEOUT}, which closes the connection without telling
 * anyone, so that each timeout is counted and both stacks share one rule.
 */
final class ResponseWriteTimeoutHandler implements HttpHandler {

	private final HttpHandler next;

	private final ConduitWrapper<StreamSinkConduit> wrapper;

	private final LongAdder timedOut = new LongAdder();

	ResponseWriteTimeoutHandler(HttpHandler next, Duration timeout) {
		this.next = next;
		long timeoutNanos = timeout.toNanos();
		this.wrapper = (ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) -> {
			if (exchange.isComplete()) {
				// Ended with its connection before the application wrote: no write will wait.
				return factory.create();
			}
			StreamConnection connection = ((HttpServerConnection) exchange.getConnection()).getChannel();
			TimedConduit conduit = new TimedConduit(factory.create(), connection, timeoutNanos);
			// The clock must never outlive its response and close the connection under the next one.
			exchange.addExchangeCompleteListener((completed, nextListener) -> {
				conduit.stopWaiting();
				nextListener.proceed();
			});
			return conduit;
		};
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (exchange.getConnection() instanceof HttpServerConnection) {
			exchange.addResponseWrapper(this.wrapper);
		}
		this.next.handleRequest(exchange);
	}

	/** Connections given up because their client read nothing for the timeout. */
	long getTimedOut() {
		return this.timedOut.sum();
	}

	private final class TimedConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {

		private final StreamConnection connection;

		private final long timeoutNanos;

		/** When the socket last took bytes, or when the current non-blocking wait began. */
		private volatile long lastProgress = System.nanoTime();

		/** Time spent in blocking waits since a write last made progress; only the writing thread uses it. */
		private long awaitedNanos;

		/** Guarded by this. */
		private XnioExecutor.@Nullable Key timer;

		/** Guarded by this: whether a non-blocking writer waits for room. */
		private boolean waiting;

		TimedConduit(StreamSinkConduit next, StreamConnection connection, long timeoutNanos) {
			super(next);
			this.connection = connection;
			this.timeoutNanos = timeoutNanos;
		}

		@Override
		public int write(ByteBuffer source) throws IOException {
			return progress(this.next.write(source));
		}

		@Override
		public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
			return progress(this.next.write(sources, offset, length));
		}

		@Override
		public int writeFinal(ByteBuffer source) throws IOException {
			return progress(this.next.writeFinal(source));
		}

		@Override
		public long writeFinal(ByteBuffer[] sources, int offset, int length) throws IOException {
			return progress(this.next.writeFinal(sources, offset, length));
		}

		@Override
		public long transferFrom(FileChannel source, long position, long count) throws IOException {
			return progress(this.next.transferFrom(source, position, count));
		}

		@Override
		public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
				throws IOException {
			return progress(this.next.transferFrom(source, count, throughBuffer));
		}

		@Override
		public boolean flush() throws IOException {
			boolean flushed = this.next.flush();
			if (flushed) {
				progress(1);
			}
			return flushed;
		}

		private <T extends Number> T progress(T written) {
			if (written.longValue() > 0) {
				this.lastProgress = System.nanoTime();
				this.awaitedNanos = 0;
			}
			return written;
		}

		@Override
		public void resumeWrites() {
			startWaiting();
			this.next.resumeWrites();
		}

		@Override
		public void wakeupWrites() {
			startWaiting();
			this.next.wakeupWrites();
		}

		@Override
		public void suspendWrites() {
			stopWaiting();
			this.next.suspendWrites();
		}

		@Override
		public void truncateWrites() throws IOException {
			stopWaiting();
			this.next.truncateWrites();
		}

		private synchronized void startWaiting() {
			if (!this.waiting) {
				this.waiting = true;
				this.lastProgress = System.nanoTime();
				schedule(this.timeoutNanos);
			}
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
			try {
				this.timer = this.next.getWriteThread().executeAfter(this::check, delayNanos, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// The worker is shutting down, and the connection with it.
			}
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
			// The writer waits to be called back: it is, and its next write finds the connection closed. Its
			// listener is taken first, as closing the connection detaches it from the response channel.
			ConduitStreamSinkChannel channel = this.connection.getSinkChannel();
			ChannelListener<? super ConduitStreamSinkChannel> writer = channel.getWriteListener();
			giveUp();
			ChannelListeners.invokeChannelListener(channel, writer);
		}

		private void giveUp() {
			if (this.connection.isOpen()) {
				ResponseWriteTimeoutHandler.this.timedOut.increment();
				IoUtils.safeClose(this.connection);
			}
		}

		@Override
		public void awaitWritable() throws IOException {
			awaitWritable(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}

		/** A blocking wait: the time waited counts toward the timeout until a write makes progress. */
		@Override
		public void awaitWritable(long time, TimeUnit unit) throws IOException {
			long start = System.nanoTime();
			try {
				this.next.awaitWritable(Math.min(unit.toNanos(time), this.timeoutNanos - this.awaitedNanos),
						TimeUnit.NANOSECONDS);
			}
			finally {
				this.awaitedNanos += System.nanoTime() - start;
			}
			if (this.awaitedNanos >= this.timeoutNanos) {
				giveUp();
				throw new WriteTimeoutException("The client read nothing for "
						+ TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms; the response is abandoned");
			}
		}

	}

}
