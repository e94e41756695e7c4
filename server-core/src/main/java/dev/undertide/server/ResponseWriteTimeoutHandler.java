package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.ConduitFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
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

		private final NoProgressClock clock;

		private final long timeoutNanos;

		TimedConduit(StreamSinkConduit next, StreamConnection connection, long timeoutNanos) {
			super(next);
			this.timeoutNanos = timeoutNanos;
			Runnable giveUp = () -> {
				if (connection.isOpen()) {
					ResponseWriteTimeoutHandler.this.timedOut.increment();
					IoUtils.safeClose(connection);
				}
			};
			this.clock = new NoProgressClock(next.getWriteThread(), timeoutNanos, giveUp, () -> {
				// The writer waits to be called back: it is, and its next write finds the connection closed.
				// Its listener is taken first, as closing the connection detaches it from the response channel.
				ConduitStreamSinkChannel channel = connection.getSinkChannel();
				ChannelListener<? super ConduitStreamSinkChannel> writer = channel.getWriteListener();
				giveUp.run();
				ChannelListeners.invokeChannelListener(channel, writer);
			});
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
				this.clock.progress();
			}
			return written;
		}

		@Override
		public void resumeWrites() {
			this.clock.startWaiting();
			this.next.resumeWrites();
		}

		@Override
		public void wakeupWrites() {
			this.clock.startWaiting();
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

		void stopWaiting() {
			this.clock.stopWaiting();
		}

		@Override
		public void awaitWritable() throws IOException {
			awaitWritable(this.timeoutNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public void awaitWritable(long time, TimeUnit unit) throws IOException {
			this.clock.awaitBlocking((nanos) -> this.next.awaitWritable(nanos, TimeUnit.NANOSECONDS), time, unit,
					() -> new WriteTimeoutException("The client read nothing for "
							+ TimeUnit.NANOSECONDS.toMillis(this.timeoutNanos) + " ms; the response is abandoned"));
		}

	}

}
