package dev.undertide.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.server.protocol.http.PipeliningBufferingStreamSinkConduit;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * Closes a connection that will not be kept alive without losing response bytes. Closing a socket with
 * unread input makes the kernel send a reset, and a reset can destroy response bytes the client has
 * received but not yet read: the client sees a truncated body. So after the last response byte is
 * flushed, output is shut down and input is read and discarded until the client closes too, for at most
 * the linger time and linger bytes; only then is the socket closed, or aborted when the limits run out.
 * <p>
 * It takes over this close from undertow's own, which closes at once when input is waiting.
 */
public final class LingeringCloseHandler implements HttpHandler {

	/** Beyond this many discarded bytes the client is not closing; abort rather than read on. */
	static final long MAX_LINGER_BYTES = 4 * 1024 * 1024;

	private final HttpHandler next;

	private final long lingerMillis;

	private final ExchangeCompletionListener closer = this::exchangeComplete;

	public LingeringCloseHandler(HttpHandler next, Duration linger) {
		this.next = next;
		this.lingerMillis = linger.toMillis();
	}

	@Override
	public void handleRequest(HttpServerExchange exchange) throws Exception {
		if (exchange.getConnection() instanceof HttpServerConnection) {
			exchange.addExchangeCompleteListener(this.closer);
		}
		this.next.handleRequest(exchange);
	}

	private void exchangeComplete(HttpServerExchange exchange, ExchangeCompletionListener.NextListener next) {
		HttpServerConnection connection = (HttpServerConnection) exchange.getConnection();
		if (exchange.isPersistent() || exchange.isUpgrade() || !connection.getChannel().isOpen()) {
			next.proceed();
			return;
		}
		// The connection ends with this exchange: close it here instead of handing it back.
		if (connection.getExtraBytes() != null) {
			connection.getExtraBytes().close();
			connection.setExtraBytes(null);
		}
		connection.clearChannel();
		StreamConnection channel = connection.getChannel();
		if (exchange.isInIoThread()) {
			close(connection, channel);
		}
		else {
			channel.getIoThread().execute(() -> close(connection, channel));
		}
	}

	private void close(HttpServerConnection connection, StreamConnection channel) {
		ConduitStreamSinkChannel sink = channel.getSinkChannel();
		try {
			if (!flushPipelinedResponses(connection)) {
				sink.setWriteListener((writable) -> {
					writable.suspendWrites();
					close(connection, channel);
				});
				sink.resumeWrites();
				return;
			}
			sink.shutdownWrites();
			if (sink.flush()) {
				linger(channel);
				return;
			}
			sink.setWriteListener(ChannelListeners.flushingChannelListener((flushed) -> {
				flushed.suspendWrites();
				linger(channel);
			}, (failed, ex) -> IoUtils.safeClose(channel)));
			sink.resumeWrites();
		}
		catch (IOException ex) {
			IoUtils.safeClose(channel);
		}
	}

	/**
	 * Writes out the responses undertow holds back while more pipelined requests wait
	 * ({@code UndertowOptions.BUFFER_PIPELINED_DATA}): the channel's conduit no longer passes through that
	 * buffer, and undertow's own listener that would flush it does not run for a connection closed here.
	 * @return whether all of them are written
	 */
	private static boolean flushPipelinedResponses(HttpServerConnection connection) throws IOException {
		PipeliningBufferingStreamSinkConduit pipelined = connection.getPipelineBuffer();
		return pipelined == null || pipelined.flushPipelinedData();
	}

	private void linger(StreamConnection channel) {
		ConduitStreamSourceChannel source = channel.getSourceChannel();
		if (!source.isOpen()) {
			IoUtils.safeClose(channel);
			return;
		}
		Drain drain = new Drain(channel);
		try {
			drain.deadline = channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), this.lingerMillis,
					TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// The server is stopping: no time is left to linger.
			IoUtils.safeClose(channel);
			return;
		}
		source.setReadListener((readable) -> drain.read());
		source.resumeReads();
		drain.read();
	}

	/** Reads and discards input until the client's end of stream, then closes. I/O thread only. */
	private static final class Drain {

		private final StreamConnection channel;

		private final ByteBuffer discard = ByteBuffer.allocate(8192);

		private long discarded;

		private XnioExecutor.Key deadline;

		Drain(StreamConnection channel) {
			this.channel = channel;
		}

		void read() {
			try {
				while (true) {
					this.discard.clear();
					int read = this.channel.getSourceChannel().read(this.discard);
					if (read == 0) {
						return;
					}
					if (read < 0 || (this.discarded += read) > MAX_LINGER_BYTES) {
						finish();
						return;
					}
				}
			}
			catch (IOException ex) {
				finish();
			}
		}

		private void finish() {
			this.deadline.remove();
			IoUtils.safeClose(this.channel);
		}

	}

}
